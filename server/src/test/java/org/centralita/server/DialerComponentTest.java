package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Fixtures;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.gateway.call.SimulatedCallControl;
import org.centralita.gateway.call.VertxScheduler;
import org.centralita.server.agent.DialerComponent;
import org.centralita.server.campaigns.CampaignsStorage;
import org.junit.jupiter.api.Test;

class DialerComponentTest {

    @Test
    void aCampaignAManagerStartsAfterTheServerIsPickedUpByTheLiveDialerWithoutARestart() {
        AtomicReference<DialerComponent> dialer = new AtomicReference<>();
        AtomicReference<Platform> platform = new AtomicReference<>();
        try (TestServer server = TestServer.start(Map.of(), p -> {
            platform.set(p);
            DialerComponent d = new DialerComponent(
                    p,
                    () -> new SimulatedCallControl(
                            new VertxScheduler(p.vertx()), request -> SimCallPlan.human(50, 60_000)));
            dialer.set(d);
            return Components.builder().dialer(d).build();
        })) {
            assertThat(dialer.get().desk()).as("no campaign is running yet").isNull();

            Campaigns campaigns =
                    new Campaigns(CampaignsStorage.of(platform.get().dataSource()), Clock.systemUTC());
            CampaignSpec base = Fixtures.spanishSpec();
            Campaign c = campaigns.createBlocking(new CampaignSpec(
                    "Started later",
                    base.survey(),
                    "progressive",
                    null,
                    "ES",
                    ZoneId.of("Europe/Madrid"),
                    null,
                    null,
                    "+34910000000",
                    0.03));
            campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);

            await().atMost(Duration.ofSeconds(15)).until(() -> dialer.get().desk() != null);
        }
    }
}
