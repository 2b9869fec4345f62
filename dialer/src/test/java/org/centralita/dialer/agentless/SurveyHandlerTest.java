package org.centralita.dialer.agentless;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.ContactState;
import org.centralita.campaigns.Outcome;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The survey script on a scripted AGI session, over a real H2 campaign. */
class SurveyHandlerTest {

    final SurveyBed bed = new SurveyBed();

    @AfterEach
    void close() {
        bed.close();
    }

    private record Run(ScriptedAgiSession session, Contact contact, Attempt attempt, KeypadCaller caller) {
        String commands() {
            return String.join("\n", session.commands());
        }
    }

    private Run call(String language, String... keys) {
        Contact contact = bed.contact(language);
        Attempt attempt = bed.dial(contact, "call-" + language);
        KeypadCaller caller = new KeypadCaller(
                Map.of(
                        "CENTRALITA_CONTACT_ID", Long.toString(contact.id()),
                        "CENTRALITA_CAMPAIGN_ID", Long.toString(bed.campaign.id()),
                        "CENTRALITA_ATTEMPT_ID", Long.toString(attempt.id())),
                List.of(keys));
        ScriptedAgiSession session = caller.session();
        bed.vertx.runOnContext(v -> {}); // the engine runs fine off a context; the handler composes futures
        try {
            bed.handler
                    .handle(session)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .handle((v, e) -> v)
                    .join();
        } catch (RuntimeException e) {
            throw e;
        }
        return new Run(session, contact, attempt, caller);
    }

    @Test
    void keypadAnswersAreSavedAndTheAttemptClosesCompleted() {
        // greeting: no key; CSAT 4; NPS 9; first visit solved: yes (1); punctual: "Tarde" (2)
        Run r = call("es", "", "4", "9", "1", "2");

        assertThat(bed.campaigns.answers(r.contact().id()).await())
                .containsExactlyInAnyOrderEntriesOf(Map.of("csat", "4", "nps", "9", "fcr", "yes", "punctual", "Tarde"));
        assertThat(bed.attempt(r.contact().id(), r.attempt().id()).outcome()).isEqualTo(Outcome.COMPLETED);
        Contact after = bed.campaigns.contactBlocking(r.contact().id());
        assertThat(after.disposition()).isEqualTo("completed");
        assertThat(after.state()).isEqualTo(ContactState.DONE);
        assertThat(r.commands())
                .contains("centralita/es/survey-greeting")
                .contains("centralita/es/company-name")
                .contains("centralita/es/survey-thanks")
                .endsWith("HANGUP");
    }

    @Test
    void speaksEnglishToAnEnglishContact() {
        Run r = call("en", "", "5", "10", "2", "1");

        assertThat(r.commands()).contains("centralita/en/survey-help-csat").doesNotContain("centralita/es/");
        assertThat(bed.campaigns.answers(r.contact().id()).await())
                .containsExactlyInAnyOrderEntriesOf(Map.of("csat", "5", "nps", "10", "fcr", "no", "punctual", "Sí"));
    }

    @Test
    void invalidKeysRepromptUntilTheRetryLimitThenTheQuestionIsSkipped() {
        // CSAT: 7 (wrong), silence, 8 (wrong) -> 3 failures, skipped; NPS 10; FCR no; punctual Sí
        Run r = call("es", "", "7", "", "8", "10", "2", "1");

        String all = r.commands();
        assertThat(count(all, "centralita/es/no-match-1")).isEqualTo(1);
        assertThat(count(all, "centralita/es/no-input-1")).isEqualTo(1);
        assertThat(count(all, "centralita/es/survey-help-csat"))
                .as("asked, re-asked twice")
                .isEqualTo(3);
        assertThat(bed.campaigns.answers(r.contact().id()).await())
                .containsExactlyInAnyOrderEntriesOf(Map.of("nps", "10", "fcr", "no", "punctual", "Sí"));
        assertThat(bed.campaigns.contactBlocking(r.contact().id()).disposition())
                .isEqualTo("partial");
        assertThat(bed.attempt(r.contact().id(), r.attempt().id()).outcome()).isEqualTo(Outcome.ANSWERED_HUMAN);
    }

    @Test
    void starRepeatsTheQuestionWithoutCountingAFailure() {
        Run r = call("es", "", "*", "3", "0", "1", "3");

        String all = r.commands();
        assertThat(count(all, "centralita/es/survey-help-csat")).isEqualTo(2);
        assertThat(all).doesNotContain("centralita/es/no-match-1").doesNotContain("centralita/es/no-input-1");
        assertThat(bed.campaigns.answers(r.contact().id()).await())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("csat", "3", "nps", "0", "fcr", "yes", "punctual", "No vino"))
                .as("NPS 0 is an answer, not a request for a person");
    }

    @Test
    void aHangUpAfterTheSecondQuestionKeepsTheFirstTwoAnswersAsPartial() {
        Run r = call("es", "", "2", "6", "H");

        assertThat(r.session().isHungUp()).isTrue();
        assertThat(bed.campaigns.answers(r.contact().id()).await())
                .containsExactlyInAnyOrderEntriesOf(Map.of("csat", "2", "nps", "6"));
        assertThat(bed.campaigns.contactBlocking(r.contact().id()).disposition())
                .isEqualTo("partial");
        assertThat(bed.attempt(r.contact().id(), r.attempt().id()).outcome()).isEqualTo(Outcome.ANSWERED_HUMAN);
    }

    @Test
    void theOptOutKeyAtTheGreetingPutsTheNumberOnDoNotCall() {
        Run r = call("es", "9");

        assertThat(bed.campaigns.doNotCallEntry(r.contact().phone(), "ES").await())
                .isPresent();
        assertThat(r.commands()).contains("centralita/es/survey-optout-done").doesNotContain("survey-help-csat");
        Contact after = bed.campaigns.contactBlocking(r.contact().id());
        assertThat(after.state()).isEqualTo(ContactState.DNC);
        assertThat(after.disposition()).isEqualTo("do-not-call");
        assertThat(bed.attempt(r.contact().id(), r.attempt().id()).outcome()).isEqualTo(Outcome.ANSWERED_HUMAN);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
