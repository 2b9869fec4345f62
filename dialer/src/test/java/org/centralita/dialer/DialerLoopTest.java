package org.centralita.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.gateway.call.SimulatedCallControl;
import org.centralita.gateway.call.VirtualScheduler;
import org.junit.jupiter.api.Test;

/** The shell driving the core over the simulated call control, in virtual time. */
class DialerLoopTest {

    @Test
    void answeredPersonIsBridgedToTheNailedUpAgentAndTheAgentWrapsUpAfterTheTalk() {
        VirtualScheduler scheduler = new VirtualScheduler(0);
        SimulatedCallControl control = new SimulatedCallControl(
                scheduler, r -> new SimCallPlan(SimAnswer.HUMAN, 4_000, 30_000, SimAmdVerdict.HUMAN, 3_000));
        AtomicInteger n = new AtomicInteger();
        LeadSource leads = now -> n.get() < 1
                ? Optional.of(new Contact("k" + n.incrementAndGet(), "+34600000001", null))
                : Optional.empty();
        CampaignDialer dialer = new CampaignDialer(
                CampaignSettings.defaults("camp", new DialMode.Progressive()),
                leads,
                CampaignStatistics.Priors.defaults());
        List<DialerAction> seen = new ArrayList<>();
        DialerLoop loop = new DialerLoop(dialer, control, scheduler, seen::add, "abandon");
        control.addAgentChannel("PJSIP/ana");
        loop.start();
        loop.agentLogin("ana", "PJSIP/ana");
        scheduler.runUntil(8_000); // paced within 500 ms of the login, then 4 s ring + 3 s AMD
        assertThat(seen).filteredOn(a -> a instanceof DialerAction.Bridge).hasSize(1);
        assertThat(dialer.agents().get(0).state()).isEqualTo(AgentState.ON_CALL);
        scheduler.runUntil(38_000);
        assertThat(dialer.agents().get(0).state()).isEqualTo(AgentState.WRAP_UP);
        scheduler.runUntil(38_000 + Duration.ofSeconds(120).toMillis());
        assertThat(dialer.agents().get(0).state())
                .as("wrap-up ends at the limit")
                .isEqualTo(AgentState.READY);
    }
}
