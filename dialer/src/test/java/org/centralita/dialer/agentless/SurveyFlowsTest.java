package org.centralita.dialer.agentless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.centralita.campaigns.Fixtures;
import org.centralita.campaigns.Question;
import org.centralita.campaigns.QuestionType;
import org.centralita.campaigns.Survey;
import org.centralita.dialer.DialerException;
import org.centralita.flows.Flow;
import org.centralita.flows.FlowValidationException;
import org.centralita.flows.IvrFlows;
import org.centralita.flows.Node;
import org.centralita.flows.PromptCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurveyFlowsTest {

    final Survey survey = Fixtures.visitSurvey();
    final SurveyFlows flows = new SurveyFlows(SurveyBed.prompts(), Clock.systemUTC(), Duration.ofSeconds(60), 3);

    @Test
    void generatedFlowValidatesAgainstTheShippedCatalogInSpanishAndEnglish() {
        for (String lang : List.of("es", "en")) {
            Flow f = flows.flow(7, survey, lang);
            assertThat(f.name()).isEqualTo("survey-7-" + lang);
            assertThat(f.languages()).containsExactly(lang);
            assertThat(f.start().target()).isEqualTo("greeting");
            assertThat(f.nodes()).containsKeys("q-csat", "q-nps", "q-fcr", "q-punctual", "thanks", "opt-out");
            assertThat(f.nodes()).doesNotContainKey("q-comments"); // free text is agent only
        }
    }

    @Test
    void mapsEachQuestionTypeToItsKeypadNode() {
        Flow f = flows.flow(7, survey, "es");
        Node.Menu csat = (Node.Menu) f.node("q-csat");
        assertThat(csat.choices().keySet()).containsExactlyInAnyOrder('1', '2', '3', '4', '5');
        assertThat(csat.retries()).isEqualTo(3);
        assertThat(csat.exhausted().target())
                .as("retries exhausted: the next question")
                .isEqualTo("q-nps");
        Node.Collect nps = (Node.Collect) f.node("q-nps");
        assertThat(nps.min()).isEqualTo(1);
        assertThat(nps.max()).isEqualTo(2);
        assertThat(nps.failure().target()).isEqualTo("q-fcr");
        Node.Menu fcr = (Node.Menu) f.node("q-fcr");
        assertThat(fcr.choices().keySet()).containsExactlyInAnyOrder('1', '2');
        Node.Menu punctual = (Node.Menu) f.node("q-punctual");
        assertThat(punctual.choices().keySet()).containsExactlyInAnyOrder('1', '2', '3');
        assertThat(punctual.prompts()).endsWith("survey-help-choice", "digits/3");
        Node.Menu greeting = (Node.Menu) f.node("greeting");
        assertThat(greeting.choices().get('9').target()).isEqualTo("opt-out");
        assertThat(greeting.prompts())
                .containsExactly("survey-greeting", "company-name", "survey-intro", "survey-optout-offer");
    }

    @Test
    void usesTheCampaignsRecordingsWhenTheyExistAndSaysTheQuestionNumberWhenNot(@TempDir Path dir) throws IOException {
        copyCatalog(SurveyBed.prompts(), dir);
        Files.writeString(dir.resolve("es").resolve("survey-7-q1.wav"), "RIFF");
        Files.writeString(dir.resolve("es").resolve("survey-7-greeting.wav"), "RIFF");
        SurveyFlows withRecordings = new SurveyFlows(dir, Clock.systemUTC(), Duration.ofSeconds(60), 3);

        Flow f = withRecordings.flow(7, survey, "es");

        assertThat(((Node.Menu) f.node("q-csat")).prompts()).containsExactly("survey-7-q1", "survey-help-csat");
        assertThat(((Node.Collect) f.node("q-nps")).prompts())
                .containsExactly("survey-question", "digits/2", "survey-help-nps");
        assertThat(((Node.Menu) f.node("greeting")).prompts())
                .containsExactly("survey-7-greeting", "survey-optout-offer");
        assertThat(withRecordings.missingRecordings(7, survey, "es"))
                .containsExactly("es/survey-7-q2", "es/survey-7-q3", "es/survey-7-q4");
    }

    @Test
    void aMissingCatalogPhraseFailsValidationLikeAFlowFile() {
        PromptCatalog noThanks = (lang, prompt) -> !prompt.equals("survey-thanks");
        String yaml = flows.yaml(7, survey, "en", noThanks);

        assertThatThrownBy(() -> IvrFlows.define(
                        "survey-7-en",
                        yaml,
                        noThanks,
                        java.util.Set.of(SurveyFlows.ANSWER_ACTION, SurveyFlows.OPT_OUT_ACTION)))
                .isInstanceOf(FlowValidationException.class)
                .hasMessageContaining("survey-7-en.yaml:")
                .hasMessageContaining("prompt 'survey-thanks' of node 'thanks' is missing in language 'en'");
    }

    @Test
    void refusesASurveyWithoutKeypadQuestions() {
        Survey onlyText = new Survey(
                "t", "", List.of(new Question("c", QuestionType.FREE_TEXT, "¿Algo más?", List.of(), true)), null);
        assertThatThrownBy(() -> flows.flow(8, onlyText, "es"))
                .isInstanceOf(DialerException.class)
                .hasMessageContaining("no keypad question");
    }

    @Test
    void picksTheContactsPromptLanguage() {
        assertThat(SurveyFlows.language(null)).isEqualTo("es");
        assertThat(SurveyFlows.language("es-ES")).isEqualTo("es");
        assertThat(SurveyFlows.language("en")).isEqualTo("en");
        assertThat(SurveyFlows.language("fr")).isEqualTo("en");
    }

    private static void copyCatalog(Path from, Path to) throws IOException {
        for (String lang : List.of("es", "en")) {
            Files.createDirectories(to.resolve(lang));
            try (var files = Files.list(from.resolve(lang))) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(lang).resolve(f.getFileName()));
                }
            }
        }
    }
}
