package org.centralita.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedCallControlTest {

    private final VirtualScheduler scheduler = new VirtualScheduler(0);
    private final List<CallEvent> events = new ArrayList<>();

    private SimulatedCallControl control(SimCallPlan plan) {
        SimulatedCallControl c = new SimulatedCallControl(scheduler, r -> plan);
        c.onEvent(events::add);
        return c;
    }

    private static OriginateRequest request(String id) {
        return new OriginateRequest(
                id, "Local/600@customers", "dialer", "s", 1, "", Duration.ofSeconds(20), Map.of("CONTACT_ID", "7"));
    }

    @Test
    void humanAnswersAfterRingTimeThenAmdReportsAndTalkEndsTheCallOnceBridged() {
        SimulatedCallControl c = control(new SimCallPlan(SimAnswer.HUMAN, 5_000, 60_000, SimAmdVerdict.HUMAN, 3_000));
        c.addAgentChannel("PJSIP/agent1");
        Future<OriginateResult> f = c.originate(request("call-1"));
        scheduler.runUntil(4_999);
        assertThat(f.isComplete()).isFalse();
        scheduler.runUntil(5_000);
        assertThat(f.result().outcome()).isEqualTo(CallOutcome.ANSWERED);
        String customer = f.result().channel();
        scheduler.runUntil(8_000);
        assertThat(events).anySatisfy(e -> assertThat(e)
                .isEqualTo(new CallEvent.AmdDetected(8_000, f.result().uniqueId(), customer, true, "HUMAN")));
        assertThat(c.bridge(customer, "PJSIP/agent1").succeeded()).isTrue();
        scheduler.runUntil(67_999);
        assertThat(events).noneMatch(e -> e instanceof CallEvent.ChannelHangup);
        scheduler.runUntil(68_000);
        assertThat(events)
                .filteredOn(e -> e instanceof CallEvent.ChannelHangup)
                .singleElement()
                .satisfies(
                        e -> assertThat(((CallEvent.ChannelHangup) e).channel()).isEqualTo(customer));
        assertThat(c.liveChannels()).as("the agent's nailed-up channel stays").isEqualTo(1);
    }

    @Test
    void busyCompletesWithBusyAndCause17() {
        SimulatedCallControl c = control(SimCallPlan.unanswered(SimAnswer.BUSY, 2_000));
        Future<OriginateResult> f = c.originate(request("call-2"));
        scheduler.runUntil(2_000);
        assertThat(f.result().outcome()).isEqualTo(CallOutcome.BUSY);
        assertThat(events).singleElement().satisfies(e -> assertThat(((CallEvent.ChannelHangup) e).cause())
                .isEqualTo(17));
    }

    @Test
    void noAnswerRingsUntilTheRequestTimeout() {
        SimulatedCallControl c = control(SimCallPlan.unanswered(SimAnswer.NO_ANSWER, 0));
        Future<OriginateResult> f = c.originate(request("call-3"));
        scheduler.runUntil(19_999);
        assertThat(f.isComplete()).isFalse();
        scheduler.runUntil(20_000);
        assertThat(f.result().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    }

    @Test
    void answerLaterThanTheTimeoutBecomesNoAnswer() {
        SimulatedCallControl c = control(SimCallPlan.human(25_000, 1_000));
        Future<OriginateResult> f = c.originate(request("call-4"));
        scheduler.runUntil(30_000);
        assertThat(f.result().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    }

    @Test
    void bridgeToADroppedAgentChannelFailsAndTheCustomerStaysUp() {
        SimulatedCallControl c = control(SimCallPlan.human(1_000, 1_000));
        c.addAgentChannel("PJSIP/agent1");
        c.dropChannel("PJSIP/agent1");
        Future<OriginateResult> f = c.originate(request("call-5"));
        scheduler.runUntil(1_000);
        assertThat(c.bridge(f.result().channel(), "PJSIP/agent1").failed()).isTrue();
        assertThat(c.liveChannels()).isEqualTo(1);
    }

    @Test
    void originateFailsWhileDisconnected() {
        SimulatedCallControl c = control(SimCallPlan.human(1_000, 1_000));
        c.setConnected(false);
        assertThat(c.originate(request("call-6")).failed()).isTrue();
        assertThat(events).containsExactly(new CallEvent.ConnectionChanged(0, false));
    }

    @Test
    void machineLeftAloneHangsUpAfterItsGreeting() {
        SimulatedCallControl c =
                control(new SimCallPlan(SimAnswer.MACHINE, 1_000, 10_000, SimAmdVerdict.MACHINE, 3_000));
        c.originate(request("call-7"));
        scheduler.runUntil(13_999);
        assertThat(events).noneMatch(e -> e instanceof CallEvent.ChannelHangup);
        scheduler.runUntil(14_000);
        assertThat(events).anyMatch(e -> e instanceof CallEvent.ChannelHangup);
    }

    @Test
    void randomOutcomesAreReproducibleForASeedAndFollowTheMix() {
        SimRandomOutcomes.Params p = new SimRandomOutcomes.Params(
                0.3,
                0.15,
                0.05,
                0.03,
                new SimDistribution(8, 0.5),
                new SimDistribution(150, 0.6),
                new SimDistribution(12, 0.3),
                true,
                3,
                0.03,
                0.0);
        SimRandomOutcomes a = new SimRandomOutcomes(p, new SplittableRandom(42));
        SimRandomOutcomes b = new SimRandomOutcomes(p, new SplittableRandom(42));
        int humans = 0;
        int machineVerdicts = 0;
        int falseMachines = 0;
        for (int i = 0; i < 100_000; i++) {
            SimCallPlan x = a.next();
            assertThat(b.next()).isEqualTo(x);
            if (x.answer() == SimAnswer.HUMAN) {
                humans++;
            }
            if (x.amdVerdict() == SimAmdVerdict.MACHINE) {
                machineVerdicts++;
                if (x.answer() == SimAnswer.HUMAN) {
                    falseMachines++;
                }
            }
        }
        assertThat(humans / 100_000.0).isBetween(0.29, 0.31);
        assertThat(falseMachines / (double) machineVerdicts).isBetween(0.025, 0.035);
    }
}
