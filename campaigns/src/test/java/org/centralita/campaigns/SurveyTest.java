package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurveyTest {
    private static final Map<String, String> VALUES =
            Map.of("name", "José", "Técnico", "Íñigo", "fechavisita", "12/11/2026");

    @Test
    void placeholdersAreFilledFromContactFieldsAndMissingOnesStayVisible() {
        assertThat(Survey.render("¿Quedó satisfecho con {Técnico} el {Fecha visita}?", VALUES))
                .isEqualTo("¿Quedó satisfecho con Íñigo el 12/11/2026?");
        assertThat(Survey.render("Hola {name}, {unknown}", VALUES)).isEqualTo("Hola José, {unknown}");
        assertThat(Fixtures.visitSurvey().placeholders()).containsExactly("name", "Fecha visita", "Técnico");
    }

    @Test
    void keypadSurveyGivesPromptsAndAllowedKeysAndSkipsFreeText() {
        KeypadSurvey k = KeypadSurvey.of(Fixtures.visitSurvey(), VALUES, true);

        assertThat(k.intro()).isEqualTo("Buenos días José, le llamamos de Centralita por la visita del 12/11/2026.");
        assertThat(k.skipped()).containsExactly("comments");
        assertThat(k.questions())
                .extracting(KeypadSurvey.KeypadQuestion::questionId)
                .containsExactly("csat", "nps", "fcr", "punctual");
        KeypadSurvey.KeypadQuestion csat = k.questions().get(0);
        assertThat(csat.prompt()).startsWith("¿Quedó satisfecho con la visita de Íñigo?");
        assertThat(csat.keys()).containsOnlyKeys("1", "2", "3", "4", "5");
        KeypadSurvey.KeypadQuestion nps = k.questions().get(1);
        assertThat(nps.maxDigits()).isEqualTo(2);
        assertThat(nps.terminator()).isEqualTo('#');
        assertThat(nps.keys()).hasSize(11).containsEntry("10", "10");
        assertThat(k.questions().get(2).keys())
                .hasSize(2)
                .containsEntry("1", "yes")
                .containsEntry("2", "no");
        assertThat(k.questions().get(3).keys()).containsEntry("3", "No vino");
        assertThat(KeypadSurvey.of(Fixtures.visitSurvey(), VALUES, false)
                        .questions()
                        .get(2)
                        .prompt())
                .endsWith("Press 1 for yes, 2 for no.");
    }

    @Test
    void surveysRejectBadDefinitions() {
        assertThatThrownBy(() -> new Survey(
                        "x",
                        "",
                        List.of(Question.of("a", QuestionType.CSAT, "q"), Question.of("a", QuestionType.NPS, "q")),
                        null))
                .hasMessageContaining("duplicate question id 'a'");
        assertThatThrownBy(() -> new Survey("x", "", List.of(Question.of("a", QuestionType.CSAT, "q")), "a"))
                .hasMessageContaining("must be a yes/no question");
        assertThatThrownBy(() -> Question.choice("c", "q", List.of("solo")))
                .hasMessageContaining("needs 2 to 9 choices");
    }

    @Test
    void campaignSpecRoundTripsThroughStorage() {
        Database db = TestDatabases.h2();
        try {
            Campaigns campaigns = new Campaigns(db, java.time.Clock.systemUTC());
            CampaignSpec spec = Fixtures.spanishSpec()
                    .withCallerId("+34910000000")
                    .withDialMode("predictive", "{\"connectDeadlineSeconds\":2}")
                    .withRetryRules(RetryRules.defaults().with(Outcome.BUSY, null));
            Campaign c = campaigns.createBlocking(spec);

            Campaign loaded = campaigns.getBlocking(c.id());
            assertThat(loaded.spec()).isEqualTo(spec);
            assertThat(loaded.status()).isEqualTo(CampaignStatus.DRAFT);
            assertThat(loaded.spec().abandonTarget()).isEqualTo(0.03);
            assertThat(loaded.spec().retryRules().forOutcome(Outcome.BUSY)).isEmpty();
            campaigns.setStatusBlocking(c.id(), CampaignStatus.FINISHED);
            assertThatThrownBy(() -> campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING))
                    .isInstanceOf(CampaignsException.InvalidState.class);
        } finally {
            db.close();
        }
    }
}
