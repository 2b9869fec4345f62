package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.MutableClock;
import org.centralita.campaigns.Outcome;
import org.centralita.dialer.AgentState;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo wiring: the same runtime over the simulated call control in real time. */
@ExtendWith(VertxExtension.class)
class DemoDialerTest {

    @Test
    void demoAgentTakesASimulatedSurveyCallWithScreenPopAndDisposition(Vertx vertx) {
        Database db = Database.open(DatabaseConfig.h2Memory("demo" + System.nanoTime()), vertx);
        try {
            Campaigns campaigns = new Campaigns(db, new MutableClock(RuntimeHarness.MONDAY_10Z));
            Campaign c = campaigns.createBlocking(
                    CampaignSpec.of("Demo", RuntimeHarness.SURVEY, "ES", java.time.ZoneId.of("Europe/Madrid")));
            byte[] csv = "phone;name;product\n+34612345678;Ana López;router\n".getBytes(StandardCharsets.UTF_8);
            campaigns.importContactsBlocking(
                    c.id(), "demo.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
            campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);
            DemoDialer demo = DemoDialer.create(
                    vertx,
                    campaigns,
                    c.id(),
                    request -> new SimCallPlan(SimAnswer.HUMAN, 50, 300, SimAmdVerdict.HUMAN, 20),
                    CallPathSettings.defaults("+34910000000").withClaiming(5, Duration.ofMillis(200)));
            List<JsonObject> desk = new CopyOnWriteArrayList<>();
            vertx.eventBus()
                    .<JsonObject>consumer(DialerRuntime.AGENT_ADDRESS_PREFIX + "demo-ana", m -> desk.add(m.body()));
            DialerRuntime rt = demo.runtime();
            rt.start().await();
            demo.login("demo-ana").await();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> desk.stream().anyMatch(e -> "screen-pop".equals(e.getString("type"))));
            JsonObject pop = desk.stream()
                    .filter(e -> "screen-pop".equals(e.getString("type")))
                    .findFirst()
                    .orElseThrow();
            assertThat(pop.getJsonObject("contact").getString("name")).isEqualTo("Ana López");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rt.agent("demo-ana").await().state() == AgentState.WRAP_UP);
            rt.disposition("demo-ana", new Disposition("completed", Map.of("csat", "4"), true, true))
                    .await();
            long contactId = pop.getJsonObject("contact").getLong("id");
            Attempt attempt = campaigns.attempts(contactId).await().get(0);
            assertThat(attempt.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(attempt.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            rt.close().await();
        } finally {
            db.close();
        }
    }
}
