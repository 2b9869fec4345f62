package org.centralita.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateResult;
import org.junit.jupiter.api.Test;

/** The campaign state machine driven by hand, with explicit times. */
class CampaignDialerTest {

    private final AtomicInteger next = new AtomicInteger();
    private final LeadSource leads =
            now -> Optional.of(new Contact("k" + next.incrementAndGet(), "+3460000" + next.get(), null));

    private CampaignDialer dialer(DialMode mode, Duration deadline) {
        CampaignSettings s =
                CampaignSettings.defaults("camp", mode).withCalling(Duration.ofSeconds(25), deadline, 0.03, true, 0.03);
        return new CampaignDialer(s, leads, CampaignStatistics.Priors.defaults());
    }

    private static <T extends DialerAction> List<T> of(List<DialerAction> actions, Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void progressiveOriginatesForTheReadyAgentWithContactAndCampaignVariables() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.start(0);
        List<DialerAction> out = d.agentLogin("ana", "PJSIP/ana", 1_000);
        DialerAction.Originate o = of(out, DialerAction.Originate.class).get(0);
        assertThat(of(out, DialerAction.Originate.class)).hasSize(1);
        assertThat(o.request().variables())
                .containsEntry("CENTRALITA_CONTACT_ID", o.contact().id())
                .containsEntry("CENTRALITA_CAMPAIGN_ID", "camp");
        assertThat(o.request().ringTimeout()).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
        assertThat(o.request().destination()).isEqualTo("PJSIP/" + o.contact().phone() + "@trunk");
    }

    @Test
    void humanDetectedByAmdIsBridgedAtOnceToTheLongestIdleAgent() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        d.agentLogin("bob", "PJSIP/bob", 500);
        List<DialerAction> started = d.start(1_000);
        String callId = of(started, DialerAction.Originate.class).get(0).callId();
        d.originated(callId, new OriginateResult(callId, CallOutcome.ANSWERED, "SIP/c-1", "u1", 4), 9_000);
        List<DialerAction> out = d.amdDetected("SIP/c-1", true, 12_000);
        DialerAction.Bridge b = of(out, DialerAction.Bridge.class).get(0);
        assertThat(b.agentId()).isEqualTo("ana");
        assertThat(b.agentChannel()).isEqualTo("PJSIP/ana");
        assertThat(b.connectDelayMillis()).isZero();
        assertThat(of(out, DialerAction.AgentReserved.class)).singleElement().satisfies(r -> assertThat(r.callId())
                .isEqualTo(callId));
        assertThat(d.ledger().last24h(12_000).connected()).isEqualTo(1);
    }

    @Test
    void personWithNoAgentWithinTheDeadlineIsAbandonedAndNotRecalledFor72Hours() {
        CampaignDialer d = dialer(new DialMode.Ratio(3.0), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        List<DialerAction> started = d.start(0);
        List<DialerAction.Originate> calls = of(started, DialerAction.Originate.class);
        assertThat(calls).hasSize(3);
        for (int i = 0; i < 2; i++) {
            String id = calls.get(i).callId();
            d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-" + i, "u" + i, 4), 5_000);
            d.amdDetected("SIP/c-" + i, true, 8_000);
        }
        assertThat(d.nextWakeupMillis()).isLessThanOrEqualTo(10_000);
        assertThat(d.tick(9_999)).noneMatch(a -> a instanceof DialerAction.Abandon);
        List<DialerAction> out = d.tick(10_000);
        DialerAction.Abandon ab = of(out, DialerAction.Abandon.class).get(0);
        assertThat(ab.channel()).isEqualTo("SIP/c-1");
        assertThat(of(out, DialerAction.Retry.class)).anySatisfy(r -> assertThat(r)
                .isEqualTo(new DialerAction.Retry(
                        ab.contactId(), 10_000 + Duration.ofHours(72).toMillis(), RetryReason.ABANDONED)));
        assertThat(d.ledger().last24h(10_000).abandoned()).isEqualTo(1);
    }

    @Test
    void zeroDeadlineAbandonsAtOnceWhenNobodyIsFree() {
        CampaignDialer d = dialer(new DialMode.Ratio(2.0), Duration.ZERO);
        d.agentLogin("ana", "PJSIP/ana", 0);
        List<DialerAction.Originate> calls = of(d.start(0), DialerAction.Originate.class);
        for (int i = 0; i < 2; i++) {
            String id = calls.get(i).callId();
            d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-" + i, "u" + i, 4), 5_000);
        }
        d.amdDetected("SIP/c-0", true, 8_000);
        assertThat(of(d.amdDetected("SIP/c-1", true, 8_000), DialerAction.Abandon.class))
                .hasSize(1);
    }

    @Test
    void machineIsHungUpAndRetriedLaterWithoutScreening() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.setMachineScreening(false);
        d.agentLogin("ana", "PJSIP/ana", 0);
        String id = of(d.start(0), DialerAction.Originate.class).get(0).callId();
        d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-0", "u0", 4), 5_000);
        List<DialerAction> out = d.amdDetected("SIP/c-0", false, 8_000);
        assertThat(of(out, DialerAction.Hangup.class)).singleElement().satisfies(h -> assertThat(h.reason())
                .isEqualTo("MACHINE"));
        assertThat(of(out, DialerAction.Retry.class))
                .anySatisfy(r -> assertThat(r.reason()).isEqualTo(RetryReason.MACHINE));
        assertThat(d.agents().get(0).state()).isEqualTo(AgentState.READY);
    }

    @Test
    void machineVerdictGoesToAFreeAgentWhoHangsUpTheMachineAndIsReadyAtOnce() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        String id = of(d.start(0), DialerAction.Originate.class).get(0).callId();
        d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-0", "u0", 4), 5_000);
        List<DialerAction> out = d.amdDetected("SIP/c-0", false, 8_000);
        assertThat(of(out, DialerAction.Bridge.class)).singleElement().satisfies(b -> assertThat(b.agentId())
                .isEqualTo("ana"));
        assertThat(of(out, DialerAction.Hangup.class)).isEmpty();

        List<DialerAction> heard = d.agentHeardMachine(id, 11_000);
        assertThat(of(heard, DialerAction.Hangup.class)).singleElement().satisfies(h -> assertThat(h.channel())
                .isEqualTo("SIP/c-0"));
        assertThat(of(heard, DialerAction.Retry.class))
                .anySatisfy(r -> assertThat(r.reason()).isEqualTo(RetryReason.MACHINE));
        assertThat(of(heard, DialerAction.AgentChanged.class))
                .noneSatisfy(c -> assertThat(c.agent().state()).isEqualTo(AgentState.WRAP_UP));
        assertThat(d.agents().get(0).state()).isEqualTo(AgentState.READY);
        AbandonLedger.Counts day = d.ledger().last24h(11_000);
        assertThat(day.humans()).isZero();
        assertThat(day.amdMachines())
                .as("a machine heard by an agent is no possible person")
                .isZero();
    }

    @Test
    void screenedPersonThatAmdTookForAMachineCountsAsConnectedNotAbandoned() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        String id = of(d.start(0), DialerAction.Originate.class).get(0).callId();
        d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-0", "u0", 4), 5_000);
        d.amdDetected("SIP/c-0", false, 8_000);
        d.channelHungUp("SIP/c-0", 16, 100_000);
        AbandonLedger.Counts day = d.ledger().last24h(100_000);
        assertThat(day.connected()).isEqualTo(1);
        assertThat(day.adjustedRate()).isZero();
        assertThat(d.agents().get(0).state()).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void failedBridgeOfAScreenedMachineVerdictHangsItUpInsteadOfAbandoningIt() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        String id = of(d.start(0), DialerAction.Originate.class).get(0).callId();
        d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-0", "u0", 4), 5_000);
        d.amdDetected("SIP/c-0", false, 8_000);
        List<DialerAction> out = d.bridgeFailed(id, 8_100);
        assertThat(of(out, DialerAction.Abandon.class)).isEmpty();
        assertThat(of(out, DialerAction.Hangup.class)).singleElement().satisfies(h -> assertThat(h.reason())
                .isEqualTo("MACHINE"));
        assertThat(d.ledger().last24h(8_100).abandoned()).isZero();
    }

    @Test
    void machineVerdictWaitsForAnAgentUpToTheDeadlineThenIsHungUp() {
        CampaignDialer d = dialer(new DialMode.Ratio(2.0), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        List<DialerAction.Originate> calls = of(d.start(0), DialerAction.Originate.class);
        for (int i = 0; i < 2; i++) {
            String id = calls.get(i).callId();
            d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-" + i, "u" + i, 4), 5_000);
        }
        d.amdDetected("SIP/c-0", true, 8_000);
        assertThat(of(d.amdDetected("SIP/c-1", false, 8_000), DialerAction.Hangup.class))
                .as("the only agent is talking: the machine verdict waits")
                .isEmpty();
        assertThat(d.nextWakeupMillis()).isLessThanOrEqualTo(10_000);
        List<DialerAction> out = d.tick(10_000);
        assertThat(of(out, DialerAction.Hangup.class)).singleElement().satisfies(h -> assertThat(h.reason())
                .isEqualTo("MACHINE"));
        assertThat(d.ledger().last24h(10_000).amdMachines()).isEqualTo(1);
    }

    @Test
    void machineVerdictLeavesTheLastReadyAgentToAnAnsweredCallAwaitingAmd() {
        CampaignDialer d = dialer(new DialMode.Ratio(2.0), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        List<DialerAction.Originate> calls = of(d.start(0), DialerAction.Originate.class);
        for (int i = 0; i < 2; i++) {
            String id = calls.get(i).callId();
            d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-" + i, "u" + i, 4), 5_000);
        }
        assertThat(of(d.amdDetected("SIP/c-0", false, 8_000), DialerAction.Bridge.class))
                .as("the other answered call may be a person in a moment")
                .isEmpty();
        assertThat(of(d.amdDetected("SIP/c-1", true, 8_500), DialerAction.Bridge.class))
                .singleElement()
                .satisfies(b -> assertThat(b.customerChannel()).isEqualTo("SIP/c-1"));
    }

    @Test
    void customerHangupSendsTheAgentToWrapUpAndWrapUpDoneMakesThemReady() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        String id = of(d.start(0), DialerAction.Originate.class).get(0).callId();
        d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-0", "u0", 4), 5_000);
        d.amdDetected("SIP/c-0", true, 8_000);
        List<DialerAction> out = d.channelHungUp("SIP/c-0", 16, 68_000);
        assertThat(of(out, DialerAction.CallEnded.class)).singleElement().satisfies(e -> assertThat(e.talkMillis())
                .isEqualTo(60_000));
        assertThat(d.agents().get(0).state()).isEqualTo(AgentState.WRAP_UP);
        d.agentWrapUpDone("ana", 80_000);
        assertThat(d.agents().get(0).state()).isIn(AgentState.READY, AgentState.RESERVED);
    }

    @Test
    void inboundCallsTakeTheNextFreeAgentBeforeWaitingOutboundPeople() {
        CampaignDialer d = dialer(new DialMode.Ratio(2.0), Duration.ofSeconds(5));
        d.agentLogin("ana", "PJSIP/ana", 0);
        List<DialerAction.Originate> calls = of(d.start(0), DialerAction.Originate.class);
        String a = calls.get(0).callId();
        String b = calls.get(1).callId();
        d.originated(a, new OriginateResult(a, CallOutcome.ANSWERED, "SIP/a", "ua", 4), 5_000);
        d.amdDetected("SIP/a", true, 8_000); // ana takes it
        d.originated(b, new OriginateResult(b, CallOutcome.ANSWERED, "SIP/b", "ub", 4), 5_000);
        d.amdDetected("SIP/b", true, 8_500); // waits
        d.inboundWaiting("in-1", "SIP/ivr-1", 8_600);
        d.channelHungUp("SIP/a", 16, 9_000);
        List<DialerAction> out = d.agentWrapUpDone("ana", 9_100);
        assertThat(of(out, DialerAction.Bridge.class)).singleElement().satisfies(br -> assertThat(br.callId())
                .isEqualTo("in-1"));
    }

    @Test
    void deadAgentChannelPausesTheAgentAndNoCustomerIsBridgedToIt() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        String id = of(d.start(0), DialerAction.Originate.class).get(0).callId();
        d.channelHungUp("PJSIP/ana", 16, 1_000);
        assertThat(d.agents().get(0).pauseReason()).isEqualTo(AgentPool.CHANNEL_DOWN);
        d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-0", "u0", 4), 5_000);
        assertThat(d.amdDetected("SIP/c-0", true, 8_000)).noneMatch(a -> a instanceof DialerAction.Bridge);
    }

    @Test
    void noNewCallsWhileCallControlIsDisconnected() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        d.start(0);
        d.connectionChanged(false, 10);
        assertThat(d.agentLogin("ana", "PJSIP/ana", 1_000)).noneMatch(a -> a instanceof DialerAction.Originate);
        assertThat(d.connectionChanged(true, 2_000)).anyMatch(a -> a instanceof DialerAction.Originate);
    }

    @Test
    void retunedConnectDeadlineAndRingTimeoutApplyToTheNextCallsWithoutARestart() {
        CampaignDialer d = dialer(new DialMode.Ratio(2.0), Duration.ofSeconds(2));
        d.agentLogin("ana", "PJSIP/ana", 0);
        List<DialerAction.Originate> calls = of(d.start(0), DialerAction.Originate.class);
        assertThat(calls.get(0).request().ringTimeout()).isEqualTo(Duration.ofSeconds(25));
        CampaignSettings now = d.settings();
        d.retune(now.withCalling(Duration.ofSeconds(40), Duration.ZERO, 0.02, true, 0.03), 1_000);
        assertThat(d.settings().connectDeadline()).isZero();
        assertThat(d.settings().abandonTarget()).isEqualTo(0.02);
        for (int i = 0; i < 2; i++) {
            String id = calls.get(i).callId();
            d.originated(id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-" + i, "u" + i, 4), 5_000);
        }
        d.amdDetected("SIP/c-0", true, 8_000);
        // the second person finds nobody free: with the new zero deadline the abandon is at once, not 2 s later
        assertThat(of(d.amdDetected("SIP/c-1", true, 8_000), DialerAction.Abandon.class))
                .hasSize(1);
        d.channelHungUp("SIP/c-0", 16, 9_000);
        List<DialerAction.Originate> later = of(d.agentWrapUpDone("ana", 10_000), DialerAction.Originate.class);
        assertThat(later).isNotEmpty().allSatisfy(o -> assertThat(o.request().ringTimeout())
                .isEqualTo(Duration.ofSeconds(40)));
    }

    @Test
    void retuneRefusesWhatOnlyANewStartCanChange() {
        CampaignDialer d = dialer(new DialMode.Progressive(), Duration.ofSeconds(2));
        CampaignSettings now = d.settings();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> d.retune(now.withCalling(now.ringTimeout(), now.connectDeadline(), 0.03, false, 0.03), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AMD");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> d.retune(CampaignSettings.defaults("other", new DialMode.Progressive()), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("campaign other");
        assertThat(d.settings()).isEqualTo(now);
    }
}
