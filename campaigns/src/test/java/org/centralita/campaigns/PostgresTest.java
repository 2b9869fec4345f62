package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The same migrations and the key repository paths on a real PostgreSQL server ({@code .ci/postgres.sh}); skipped
 * unless {@code CENTRALITA_TEST_PG_URL} is set.
 */
@EnabledIfEnvironmentVariable(named = "CENTRALITA_TEST_PG_URL", matches = ".+")
class PostgresTest {
    private static Database db;
    private MutableClock clock;
    private Campaigns campaigns;
    private Campaign campaign;

    @BeforeAll
    static void open() {
        db = TestDatabases.freshPostgres(TestDatabases.postgresConfig().orElseThrow());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        assertThat(db.isPostgres()).isTrue();
        clock = new MutableClock(Instant.parse("2026-11-23T06:00:00Z"));
        campaigns = new Campaigns(db, clock);
        campaign = campaigns.createBlocking(Fixtures.spanishSpec());
        campaigns.addDoNotCallBlocking("600 000 001", "ES", "upload", null);
    }

    private long count(String sql) {
        return db.executeBlocking(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private ImportReport importSpanish() {
        byte[] csv = Fixtures.spanishWindows1252();
        return campaigns.importContactsBlocking(
                campaign.id(), "visits.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
    }

    @Test
    void migrationsRunOnPostgres() {
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '100'"))
                .isEqualTo(1);
    }

    @Test
    void spanishImportGivesTheSameReportOnPostgres() {
        ImportReport r = importSpanish();
        assertThat(r.rowsRead()).isEqualTo(16);
        assertThat(r.accepted()).isEqualTo(9);
        assertThat(r.rejected())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        RejectReason.MISSING_PHONE, 1L,
                        RejectReason.INVALID_PHONE, 3L,
                        RejectReason.DUPLICATE_IN_FILE, 1L,
                        RejectReason.UNBALANCED_QUOTES, 1L,
                        RejectReason.DO_NOT_CALL, 1L));
        StringWriter rejects = new StringWriter();
        assertThat(campaigns.exportRejectsBlocking(r.importId(), rejects)).isEqualTo(7);
        Contact jose =
                campaigns.contactBlocking(db.executeBlocking(c -> CampaignRepository.contacts(c, campaign.id(), 0, 1))
                        .get(0)
                        .id());
        assertThat(jose.fields()).containsEntry("Dirección", "Calle Mayor 1\n2º B");
    }

    @Test
    void attemptFactsAndTheDialerHistoryWorkOnPostgres() {
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '120'"))
                .isEqualTo(1);
        AttemptFactsTest.factsAndHistory(db);
    }

    @Test
    void crashedImportLeavesNoRowsOnPostgres() {
        long before = count("SELECT COUNT(*) FROM contacts");
        byte[] csv = Fixtures.generated(3000);
        assertThatThrownBy(() -> campaigns.importContactsBlocking(
                        campaign.id(),
                        "big.csv",
                        new ByteArrayInputStream(csv),
                        csv.length,
                        ImportOptions.detect(),
                        p -> {
                            throw new IllegalStateException("crash");
                        }))
                .hasMessage("crash");
        assertThat(count("SELECT COUNT(*) FROM contacts")).isEqualTo(before);
    }

    @Test
    void claimAttemptRetryCallbackAndResultsWorkOnPostgres() {
        importSpanish();
        campaign = campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
        clock.set(Instant.parse("2026-11-23T10:00:00Z"));

        List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaign.id(), 100, "dialer");
        assertThat(claimed).hasSize(8).noneMatch(c -> c.contact().phone().equals("+12125550123"));
        assertThat(campaigns.claimNextBlocking(campaign.id(), 100, "other")).isEmpty();

        Contact first = claimed.get(0).contact();
        Attempt a = campaigns.openAttemptBlocking(first.id(), "call-1", "ana");
        campaigns.closeAttemptBlocking(a.id(), Outcome.BUSY, "ana", Duration.ofSeconds(10));
        assertThat(campaigns.contactBlocking(first.id()).nextDueAt()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));

        Contact second = claimed.get(1).contact();
        Attempt b = campaigns.openAttemptBlocking(second.id(), "call-2", "ana");
        campaigns.scheduleCallbackBlocking(second.id(), Instant.parse("2026-11-23T11:00:00Z"), "ana", "tarde", "ana");
        campaigns.closeAttemptBlocking(b.id(), Outcome.ANSWERED_HUMAN, "ana", Duration.ofSeconds(40));
        claimed.stream()
                .skip(2)
                .forEach(c -> campaigns.releaseBlocking(c.contact().id()));

        clock.set(Instant.parse("2026-11-23T11:00:00Z"));
        List<ClaimedContact> next = campaigns.claimNextBlocking(campaign.id(), 100, "dialer");
        assertThat(next.get(0).contact().id()).isEqualTo(second.id());
        assertThat(next.get(0).reason()).isEqualTo(ClaimedContact.Kind.CALLBACK);
        assertThat(next.get(next.size() - 1).contact().id()).isEqualTo(first.id());

        campaigns.saveAnswersBlocking(new AnswerSet(
                second.id(),
                b.id(),
                "ana",
                Map.of("csat", "5", "nps", "9", "fcr", "sí", "punctual", "Sí"),
                "completed"));
        CampaignResults r = campaigns.resultsBlocking(campaign.id());
        assertThat(r.completed()).isEqualTo(1);
        assertThat(r.csatAverage()).isEqualTo(5.0);
        assertThat(r.npsScore()).isEqualTo(100.0);
        assertThat(r.fcrRate()).isEqualTo(1.0);
        StringWriter out = new StringWriter();
        assertThat(campaigns.exportResultsBlocking(campaign.id(), true, out)).isEqualTo(1);
        assertThat(out.toString()).contains("'+34").contains(",5,9,yes,Sí,");

        Dialability d = campaigns.explainBlocking(second.id());
        assertThat(d.reasons()).extracting(Dialability.Reason::code).containsExactly(Dialability.Code.IN_PROGRESS);
        assertThat(campaigns.openAttemptsBlocking(campaign.id())).isEmpty();

        // do-not-call reaches the READY contact through (campaign_id, phone), and is undone the same way
        Contact ready = next.get(next.size() - 1).contact();
        campaigns.releaseBlocking(ready.id());
        campaigns.addDoNotCallBlocking(ready.phone(), null, "agent", null);
        assertThat(campaigns.contactBlocking(ready.id()).state()).isEqualTo(ContactState.DNC);
        campaigns.removeDoNotCallBlocking(ready.phone(), null);
        assertThat(campaigns.contactBlocking(ready.id()).state()).isEqualTo(ContactState.READY);
    }
}
