package org.centralita.dialer.agentless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.Outcome;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code survey} script end to end over real FastAGI TCP, Asterisk played by the fixture, H2 behind. */
class SurveyOverTcpTest {

    final SurveyBed bed = new SurveyBed();
    AgiServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(1)).await();
        }
        bed.close();
    }

    @Test
    void aHumanAnsweredAgentlessCallTakesTheSurveyAndItsAnswersAreStored() {
        server = AgiServer.builder()
                .host("127.0.0.1")
                .port(0)
                .handler(SurveyHandler.SCRIPT, bed.handler)
                .build()
                .start(bed.vertx)
                .await();
        Contact contact = bed.contact("es");
        Attempt attempt = bed.dial(contact, "call-tcp");

        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("survey")
                .callerId("+34612345678", "")
                .on("GET VARIABLE \"CENTRALITA_CONTACT_ID\"")
                .reply("200 result=1 (" + contact.id() + ")")
                .on("GET VARIABLE \"CENTRALITA_CAMPAIGN_ID\"")
                .reply("200 result=1 (" + bed.campaign.id() + ")")
                .on("GET VARIABLE \"CENTRALITA_ATTEMPT_ID\"")
                .reply("200 result=1 (" + attempt.id() + ")")
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=0") // greeting: no key
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=53") // CSAT 5
                .onPrefix("GET DATA")
                .reply("200 result=10") // NPS 10
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=49") // solved: yes
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=49") // punctual: Sí
                .on("HANGUP")
                .reply("200 result=1")
                .otherwise("200 result=0")
                .build()
                .connect(bed.vertx, server.actualPort());

        FakeAsteriskAgi.Outcome outcome = call.outcome().await();

        String all = String.join("\n", outcome.commands());
        assertThat(outcome.unusedSteps()).as(all).isEmpty();
        assertThat(outcome.commands()).contains("ANSWER");
        assertThat(all).contains("STREAM FILE \"centralita/es/survey-thanks\"");
        Map<String, String> answers = bed.campaigns.answers(contact.id()).await();
        assertThat(answers)
                .containsExactlyInAnyOrderEntriesOf(Map.of("csat", "5", "nps", "10", "fcr", "yes", "punctual", "Sí"));
        assertThat(bed.attempt(contact.id(), attempt.id()).outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(bed.campaigns.resultsBlocking(bed.campaign.id()).completed()).isEqualTo(1);
    }
}
