package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultsTest {
    private Database db;
    private Campaigns campaigns;
    private Campaign campaign;
    private List<Contact> contacts;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        campaigns = new Campaigns(db, new MutableClock(Instant.parse("2026-11-23T10:00:00Z")));
        campaign = campaigns.createBlocking(Fixtures.spanishSpec());
        byte[] csv = ("telefono;nombre;Técnico;Fecha visita\n"
                        + "612000001;\"=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\";Íñigo;12/11\n"
                        + "612000002;@SUM(A1);Begoña;12/11\n"
                        + "612000003;-2+3;Iñaki;12/11\n"
                        + "612000004;Ana;Iñaki;12/11\n"
                        + "612000005;Luis;Iñaki;12/11\n")
                .getBytes(StandardCharsets.UTF_8);
        campaigns.importContactsBlocking(
                campaign.id(), "r.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        contacts = db.executeBlocking(c -> CampaignRepository.contacts(c, campaign.id(), 0, 100));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void answer(int i, String csat, String nps, String fcr, String punctual, String comments) {
        Map<String, String> a = new java.util.LinkedHashMap<>();
        a.put("csat", csat);
        a.put("nps", nps);
        a.put("fcr", fcr);
        a.put("punctual", punctual);
        if (comments != null) {
            a.put("comments", comments);
        }
        campaigns.saveAnswersBlocking(new AnswerSet(contacts.get(i).id(), 0, "ana", a, "completed"));
    }

    @Test
    void aggregatesGiveCompletionCsatNpsAndFirstContactResolution() {
        answer(0, "5", "10", "sí", "sí", "todo bien");
        answer(1, "4", "9", "yes", "Tarde", null);
        answer(2, "2", "3", "no", "no vino", "=1+1");
        answer(3, "5", "7", "Yes", "Sí", null);
        // contact 4 answered only two questions: not complete
        campaigns.saveAnswersBlocking(
                new AnswerSet(contacts.get(4).id(), 0, "ana", Map.of("csat", "3", "nps", "6"), "hung-up"));

        CampaignResults r = campaigns.resultsBlocking(campaign.id());

        assertThat(r.contacts()).isEqualTo(5);
        assertThat(r.completed()).isEqualTo(4);
        assertThat(r.completionRate()).isEqualTo(0.8);
        assertThat(r.csatAverage()).isCloseTo((5 + 4 + 2 + 5 + 3) / 5.0, within(1e-9));
        assertThat(r.csatDistribution()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 0L, 2, 1L, 3, 1L, 4, 1L, 5, 2L));
        // promoters 10, 9 (2); detractors 3, 6 (2); passive 7 -> 0
        assertThat(r.npsScore()).isEqualTo(0.0);
        assertThat(r.fcrRate()).isEqualTo(0.75);
        assertThat(r.questions())
                .filteredOn(q -> q.questionId().equals("punctual"))
                .singleElement()
                .satisfies(q -> assertThat(q.distribution())
                        .containsExactlyInAnyOrderEntriesOf(Map.of("Sí", 2L, "Tarde", 1L, "No vino", 1L)));
    }

    @Test
    void answersAreValidatedAgainstTheSurvey() {
        long id = contacts.get(0).id();
        assertThatThrownBy(() -> campaigns.saveAnswersBlocking(new AnswerSet(id, 0, "ana", Map.of("csat", "6"), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("question csat (CSAT) takes a whole number from 1 to 5, got '6'");
        assertThatThrownBy(() -> campaigns.saveAnswersBlocking(new AnswerSet(id, 0, "ana", Map.of("nps", "11"), null)))
                .hasMessageContaining("from 0 to 10");
        assertThatThrownBy(
                        () -> campaigns.saveAnswersBlocking(new AnswerSet(id, 0, "ana", Map.of("fcr", "maybe"), null)))
                .hasMessageContaining("yes or no");
        assertThatThrownBy(
                        () -> campaigns.saveAnswersBlocking(new AnswerSet(id, 0, "ana", Map.of("punctual", "X"), null)))
                .hasMessageContaining("one of [Sí, Tarde, No vino]");
        assertThatThrownBy(() -> campaigns.saveAnswersBlocking(new AnswerSet(id, 0, "ana", Map.of("nope", "1"), null)))
                .hasMessageContaining("no question 'nope'");
    }

    @Test
    void exportEscapesFormulaInjection() throws Exception {
        answer(0, "5", "10", "yes", "Sí", "=1+1");
        answer(1, "4", "9", "yes", "Tarde", "@cmd");
        answer(2, "3", "8", "no", "Tarde", "+ llamadme");
        StringWriter out = new StringWriter();

        long rows = campaigns.exportResultsBlocking(campaign.id(), true, out);

        assertThat(rows).isEqualTo(3);
        List<CSVRecord> records = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(out.toString()))
                .getRecords();
        assertThat(records).hasSize(3);
        assertThat(records.get(0).get("name")).isEqualTo("'=HYPERLINK(\"http://evil\";\"x\")");
        assertThat(records.get(1).get("name")).isEqualTo("'@SUM(A1)");
        assertThat(records.get(2).get("name")).isEqualTo("'-2+3");
        assertThat(records.get(0).get("phone")).isEqualTo("'+34612000001");
        assertThat(records.get(0).get("comments")).isEqualTo("'=1+1");
        assertThat(records.get(1).get("comments")).isEqualTo("'@cmd");
        assertThat(records.get(2).get("comments")).isEqualTo("'+ llamadme");
        assertThat(records.get(0).get("csat")).isEqualTo("5");
        assertThat(records.get(0).get("fcr")).isEqualTo("yes");
        assertThat(records.get(0).get("disposition")).isEqualTo("completed");
    }

    @Test
    void csvEscapingCoversEveryDangerousLeadingCharacter() {
        assertThat(CsvEscaping.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvEscaping.cell("+1")).isEqualTo("'+1");
        assertThat(CsvEscaping.cell("-1")).isEqualTo("'-1");
        assertThat(CsvEscaping.cell("@x")).isEqualTo("'@x");
        assertThat(CsvEscaping.cell("\tx")).isEqualTo("'\tx");
        assertThat(CsvEscaping.cell("\rx")).isEqualTo("'\rx");
        assertThat(CsvEscaping.cell("José")).isEqualTo("José");
        assertThat(CsvEscaping.cell("a=b")).isEqualTo("a=b");
        assertThat(CsvEscaping.cell(null)).isEmpty();
    }

    @Test
    void outcomesAreCountedInResults() {
        campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
        Attempt a = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(contacts.get(0).id(), "d").id(), "c", null);
        campaigns.closeAttemptBlocking(a.id(), Outcome.BUSY, null, Duration.ofSeconds(5));

        assertThat(campaigns.resultsBlocking(campaign.id()).outcomes())
                .containsExactlyEntriesOf(Map.of(Outcome.BUSY, 1L));
    }
}
