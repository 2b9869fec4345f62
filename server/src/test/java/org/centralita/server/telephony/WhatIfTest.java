package org.centralita.server.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.centralita.dialer.CampaignStatistics;
import org.centralita.dialer.sim.Scenario;
import org.centralita.server.http.ApiException;
import org.junit.jupiter.api.Test;

class WhatIfTest {

    @Test
    void aSecondRequestWhileOneRunsIsRefusedWith429() {
        Vertx vertx = Vertx.vertx();
        try {
            WhatIf whatIf = new WhatIf(vertx, new SimpleMeterRegistry(), Duration.ofSeconds(30));
            PacingSettings s = PacingSettings.defaults("busy");
            WhatIf.Request req = new WhatIf.Request("busy", List.of(s), 20, 1, 1);
            Future<JsonObject> first = whatIf.run(req, Optional.empty());
            Future<JsonObject> second = whatIf.run(req, Optional.empty());
            assertThat(second.failed()).isTrue();
            assertThat(second.cause()).isInstanceOf(ApiException.class);
            assertThat(((ApiException) second.cause()).status()).isEqualTo(429);
            assertThat(first.await().getJsonArray("results")).hasSize(1);
            // free again once the first is done
            assertThat(whatIf.run(new WhatIf.Request("busy", List.of(s), 2, 0.25, 1), Optional.empty())
                            .await()
                            .getString("basis"))
                    .isEqualTo("defaults");
            whatIf.close().await();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void learnedStatisticsBecomeTheSimulatedCampaign() {
        CampaignStatistics stats = new CampaignStatistics(CampaignStatistics.Priors.defaults(), ZoneOffset.UTC);
        long now = 1_767_600_000_000L;
        for (int i = 0; i < 2000; i++) {
            CampaignStatistics.DialResult r = i % 10 < 2
                    ? CampaignStatistics.DialResult.ANSWERED
                    : i % 10 == 2 ? CampaignStatistics.DialResult.QUICK_FAIL : CampaignStatistics.DialResult.NO_ANSWER;
            stats.recordDial(r, r == CampaignStatistics.DialResult.ANSWERED ? 6000 : 2000, now + i);
            if (r == CampaignStatistics.DialResult.ANSWERED) {
                stats.recordVerdict(i % 20 < 10, 2500, true, now + i);
                stats.talk.observe(200);
                stats.wrap.observe(10);
            }
        }
        Scenario defaults = Scenario.parse("d", """
                agents: 20
                hours: 8
                humanAnswerRate: 0.3
                machineRate: 0.15
                busyRate: 0.05
                failedRate: 0.03
                ringSeconds: {mean: 8, cv: 0.5}
                noAnswerTimeoutSeconds: 25
                talkSeconds: {mean: 150, cv: 0.6}
                wrapUpSeconds: {mean: 15, cv: 0.3}
                amd: {enabled: true, detectSeconds: 3, falseMachineRate: 0.03, falseHumanRate: 0.0}
                """);

        Scenario s = WhatIf.scenarioFrom(stats, defaults, 7, 2);

        assertThat(s.agents()).isEqualTo(7);
        assertThat(s.hours()).isEqualTo(2);
        assertThat(s.humanAnswerRate() + s.machineRate()).isCloseTo(stats.answeredRate(), within(1e-9));
        assertThat(s.humanAnswerRate()).isCloseTo(stats.answeredRate() * stats.needAgentShare(), within(1e-9));
        assertThat(stats.answeredRate()).isCloseTo(0.2, within(0.03));
        assertThat(s.busyRate()).isCloseTo(0.1, within(0.03));
        assertThat(s.ringSeconds().mean()).isCloseTo(6, within(0.5));
        assertThat(s.talkSeconds().mean()).isCloseTo(200, within(15.0));
        assertThat(s.amd().detectSeconds()).isCloseTo(2.5, within(0.3));
        assertThat(s.amd().falseMachineRate()).isEqualTo(0.03);
    }
}
