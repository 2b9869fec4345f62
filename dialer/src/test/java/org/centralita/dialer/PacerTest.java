package org.centralita.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pacers as pure functions of hand-built views; time comes from the view. */
class PacerTest {

    private static final long T0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();

    private final CampaignStatistics stats =
            new CampaignStatistics(CampaignStatistics.Priors.defaults(), ZoneOffset.UTC);
    private final AbandonLedger ledger = new AbandonLedger(0.03);
    private final DialLog log = new DialLog(ZoneOffset.UTC);

    private PacingView view(long now, DialMode mode, List<AgentView> agents, List<CallView> calls) {
        return new PacingView(now, agents, calls, 0, stats, ledger, log, CampaignSettings.defaults("c", mode));
    }

    private static List<AgentView> agents(int ready, int onCallSince, long onCallStart, long now) {
        List<AgentView> a = new ArrayList<>();
        for (int i = 0; i < ready; i++) {
            a.add(new AgentView("r" + i, "PJSIP/r" + i, AgentState.READY, now - 10_000, "", ""));
        }
        for (int i = 0; i < onCallSince; i++) {
            a.add(new AgentView("t" + i, "PJSIP/t" + i, AgentState.ON_CALL, onCallStart, "x" + i, ""));
        }
        return a;
    }

    private static List<CallView> dialing(int n, long placedAt) {
        List<CallView> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(new CallView("d" + i, "k" + i, CallPhase.DIALING, placedAt, -1, -1, ""));
        }
        return c;
    }

    @Test
    void progressiveDialsOneCallPerReadyAgentNotAlreadyCovered() {
        Pacer p = Pacer.of(new DialMode.Progressive());
        assertThat(p.callsToPlace(view(T0, new DialMode.Progressive(), agents(3, 2, T0, T0), dialing(1, T0))))
                .isEqualTo(2);
        assertThat(p.callsToPlace(view(T0, new DialMode.Progressive(), agents(1, 2, T0, T0), dialing(3, T0))))
                .isZero();
    }

    @Test
    void ratioKeepsLinesPerWorkingAgent() {
        DialMode.Ratio mode = new DialMode.Ratio(2.0);
        Pacer p = Pacer.of(mode);
        // 4 working agents × 2 = 8 lines; 2 talking + 1 dialling in use.
        List<CallView> calls = new ArrayList<>(dialing(1, T0));
        calls.add(new CallView("c1", "k", CallPhase.CONNECTED, T0, T0, T0, "t0"));
        calls.add(new CallView("c2", "k", CallPhase.CONNECTED, T0, T0, T0, "t1"));
        assertThat(p.callsToPlace(view(T0, mode, agents(2, 2, T0, T0), calls))).isEqualTo(5);
    }

    @Test
    void adaptiveRaisesTheLevelWhileAgentsIdleAndNeverPassesTheMaximum() {
        DialMode.Adaptive mode = DialMode.Adaptive.vicidialDefaults();
        AdaptivePacer p = (AdaptivePacer) Pacer.of(mode);
        long now = T0;
        for (int s = 0; s < 15 * 40; s++, now += 1_000) {
            p.callsToPlace(view(now, mode, agents(5, 5, T0, now), List.of()));
        }
        assertThat(p.level()).isEqualTo(3.0);
    }

    @Test
    void adaptiveLowersTheLevelWhenCallsWaitAndDialsRoundedLevelTimesAgentsMinusLines() {
        DialMode.Adaptive mode = DialMode.Adaptive.vicidialDefaults();
        AdaptivePacer p = (AdaptivePacer) Pacer.of(mode);
        // 1 s samples; 10 agents all busy, 10 calls waiting: pct = (0 - 10) / 10 = -100% -> level floors at 1.0.
        List<CallView> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(new CallView("w" + i, "k", CallPhase.WAITING_AGENT, T0, T0, T0, ""));
        }
        long now = T0;
        for (int s = 0; s < 15; s++, now += 1_000) {
            p.callsToPlace(view(now, mode, agents(0, 10, T0, now), waiting));
        }
        assertThat(p.level()).isEqualTo(1.0);
        // Dial step: round(1.0 × 10 agents) − 10 waiting calls = 0.
        assertThat(p.callsToPlace(view(now + 3_000, mode, agents(0, 10, T0, now), waiting)))
                .isZero();
    }

    @Test
    void adaptiveHalvesTheLevelWhenHalfTheLastMinuteDropped() {
        DialMode.Adaptive mode = DialMode.Adaptive.vicidialDefaults();
        AdaptivePacer p = (AdaptivePacer) Pacer.of(mode);
        long now = T0;
        for (int s = 0; s < 15 * 20; s++, now += 1_000) {
            p.callsToPlace(view(now, mode, agents(5, 5, T0, now), List.of()));
        }
        double before = p.level();
        for (int i = 0; i < 30; i++) {
            log.dialled(now);
            log.answered(now);
            if (i < 20) {
                log.dropped(now);
            }
        }
        p.adjust(view(now, mode, agents(5, 5, T0, now), List.of()), 5, 0, 10);
        assertThat(p.level()).isEqualTo(Math.max(1.0, before / 2));
    }

    @Test
    void adaptiveTaperedCutsTheLevelByTheHoursLeftOnceTodayIsOverTarget() {
        DialMode.Adaptive mode = DialMode.Adaptive.vicidialDefaults();
        AdaptivePacer p = (AdaptivePacer) Pacer.of(mode);
        long at1600 = T0 + 7 * 3_600_000L; // 16:00, latest 21:00: (2100 - 1600) / 1000 = 0.5
        p.adjust(view(at1600, mode, agents(10, 0, T0, at1600), List.of()), 10, 0, 10); // level 1 -> 2
        assertThat(p.level()).isEqualTo(2.0);
        for (int i = 0; i < 100; i++) {
            log.dialled(at1600 - 120_000);
            log.answered(at1600 - 120_000);
            if (i < 10) {
                log.dropped(at1600 - 120_000);
            }
        }
        // pct = 0 (no idle, none waiting): suggestion stays 2.0, then tapered × 0.5.
        p.adjust(view(at1600, mode, agents(0, 10, T0, at1600), List.of()), 0, 0, 10);
        assertThat(p.level()).isEqualTo(1.0);
    }

    @Test
    void predictiveDialsForIdleAgentsAndHoldsOffWhenEveryoneIsBusyForMinutes() {
        DialMode.Predictive mode = DialMode.Predictive.defaults();
        long now = T0 + 60_000;
        int idle = Pacer.of(mode).callsToPlace(view(now, mode, agents(10, 0, T0, now), List.of()));
        assertThat(idle)
                .as("ten idle agents need several calls each at a 24%% connect rate")
                .isGreaterThan(10);
        int busy = Pacer.of(mode).callsToPlace(view(now, mode, agents(0, 10, now - 1_000, now), List.of()));
        assertThat(busy)
                .as("agents one second into 120 s calls will not be free for a while")
                .isZero();
    }

    @Test
    void predictiveCountsCallsAlreadyRinging() {
        DialMode.Predictive mode = DialMode.Predictive.defaults();
        long now = T0 + 60_000;
        int none = Pacer.of(mode).callsToPlace(view(now, mode, agents(5, 0, T0, now), List.of()));
        int some = Pacer.of(mode).callsToPlace(view(now, mode, agents(5, 0, T0, now), dialing(10, now - 2_000)));
        assertThat(some).isLessThan(none);
    }

    @Test
    void predictiveToldWhichRingingCallsReachAPersonDialsAccordingly() {
        long now = T0 + 60_000;
        List<AgentView> a = agents(5, 0, T0, now);
        List<CallView> ringing = dialing(6, now - 2_000);
        DialMode.Predictive plain = DialMode.Predictive.defaults();
        int unknown = Pacer.of(plain).callsToPlace(view(now, plain, a, ringing));
        DialMode.PredictiveInformed noneReach = new DialMode.PredictiveInformed(fates(false), false, true);
        DialMode.PredictiveInformed allReach = new DialMode.PredictiveInformed(fates(true), false, true);
        assertThat(Pacer.of(noneReach).callsToPlace(view(now, noneReach, a, ringing)))
                .as("six ringing calls known to reach nobody leave all five agents to cover")
                .isGreaterThanOrEqualTo(5)
                .isGreaterThan(unknown);
        assertThat(Pacer.of(allReach).callsToPlace(view(now, allReach, a, ringing)))
                .as("six ringing calls known to reach a person each already overfill five agents")
                .isZero();
    }

    @Test
    void predictiveToldAgentsFreeTimesDialsForAnAgentKnownToBeFreeInFourSeconds() {
        long now = T0 + 60_000;
        // One agent 10 s into a call known to last 1 s more with a 3 s wrap-up; the prior talk mean is 120 s. A
        // person needs at least the 3 s of AMD after answer, so one arriving before the agent is free waits < 2 s.
        List<AgentView> a = List.of(new AgentView("t0", "PJSIP/t0", AgentState.ON_CALL, now - 10_000, "x", ""));
        OracleKnowledge k = new OracleKnowledge() {
            @Override
            public Foresight upcoming(int offset, long nowMillis) {
                throw new AssertionError("the informed pacer must not look at calls not yet placed");
            }

            @Override
            public Optional<Foresight> ofCall(String callId) {
                return Optional.of(new Foresight(true, 10_000, 11_000, 3_000));
            }
        };
        // A day of 3,000 people without an abandon leaves budget for a call with a small risk.
        for (int i = 0; i < 3_000; i++) {
            ledger.record(AbandonLedger.Entry.HUMAN_CONNECTED, now - 60_000);
        }
        DialMode.Predictive plain = DialMode.Predictive.defaults();
        DialMode.PredictiveInformed told = new DialMode.PredictiveInformed(k, true, false);
        assertThat(Pacer.of(plain).callsToPlace(view(now, plain, a, List.of())))
                .as("10 s into a 120 s call on average: not worth a call yet")
                .isZero();
        assertThat(Pacer.of(told).callsToPlace(view(now, told, a, List.of())))
                .as("known to be free in 4 s: a call placed now cannot reach a person too early")
                .isPositive();
    }

    private static OracleKnowledge fates(boolean needsAgent) {
        return new OracleKnowledge() {
            @Override
            public Foresight upcoming(int offset, long nowMillis) {
                throw new AssertionError("the informed pacer must not look at calls not yet placed");
            }

            @Override
            public Optional<Foresight> ofCall(String callId) {
                return Optional.of(new Foresight(needsAgent, 9_000, 60_000, 5_000));
            }
        };
    }

    @Test
    void predictiveStopsOverdiallingOnceTheBudgetIsSpent() {
        DialMode.Predictive mode = DialMode.Predictive.defaults();
        long now = T0 + 3_600_000;
        List<AgentView> a = agents(3, 10, now - 100_000, now);
        for (int i = 0; i < 300; i++) {
            ledger.record(AbandonLedger.Entry.HUMAN_CONNECTED, now - 60_000);
        }
        int fresh = Pacer.of(mode).callsToPlace(view(now, mode, a, List.of()));
        for (int i = 0; i < 60; i++) {
            ledger.record(AbandonLedger.Entry.ABANDONED, now - 60_000);
        }
        int spent = Pacer.of(mode).callsToPlace(view(now, mode, a, List.of()));
        assertThat(spent).isLessThan(fresh);
    }

    @Test
    void tailOfASkewedCountFollowsThePoissonNotTheNormal() {
        // A ~ Poisson(1) people against 5 free agents: P(A - 5 >= 1) = P(A >= 6) = 5.94e-4 exactly.
        double tail = PredictivePacer.upperTail(0.5, -4, 1, 1);
        assertThat(tail).isBetween(5.94e-4 / 3, 5.94e-4 * 3);
        double normal = 1 - Normal.cdf(4.5);
        assertThat(normal).as("the normal is off by two orders of magnitude").isLessThan(1e-5);
        assertThat(PredictivePacer.upperTail(0.5, 2, 1, 0)).isGreaterThan(0.9);
        assertThat(PredictivePacer.upperTail(0.5, -4, 1, -1))
                .as("a left-skewed difference has a thinner right tail")
                .isLessThan(tail);
    }

    @Test
    void calibrationStartsCautiousAndConvergesToTheObservedRatio() {
        assertThat(PredictivePacer.calibration(0, 0))
                .as("no evidence: above the prior mean 1")
                .isGreaterThan(1.5);
        assertThat(PredictivePacer.calibration(3, 1))
                .as("three abandons where one was predicted, early")
                .isGreaterThan(2);
        assertThat(PredictivePacer.calibration(300, 100)).isBetween(3.0, 3.4);
        assertThat(PredictivePacer.calibration(100, 100)).isBetween(1.0, 1.2);
    }

    @Test
    void predictiveHoldsBackAtTheStartOfTheDayUntilTheAmdShareIsKnown() {
        DialMode.Predictive mode = DialMode.Predictive.defaults();
        long now = T0 + 60_000;
        List<AgentView> a = agents(2, 10, now - 100_000, now);
        int cold = Pacer.of(mode).callsToPlace(view(now, mode, a, List.of()));
        for (int i = 0; i < 400; i++) {
            ledger.record(AbandonLedger.Entry.HUMAN_CONNECTED, now - 30_000);
        }
        int warm = Pacer.of(mode).callsToPlace(view(now, mode, a, List.of()));
        assertThat(cold)
                .as("the prior false-machine share nearly fills the cap")
                .isLessThan(warm);
    }

    @Test
    void predictiveExpectsAnAgentScreeningAMachineToBeFreeSoon() {
        DialMode.Predictive mode = DialMode.Predictive.defaults();
        long now = T0 + 3_600_000;
        for (int i = 0; i < 400; i++) {
            ledger.record(AbandonLedger.Entry.HUMAN_CONNECTED, now - 60_000);
        }
        List<AgentView> a = agents(0, 6, now - 1_000, now);
        List<CallView> talking = new ArrayList<>();
        List<CallView> screening = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            talking.add(new CallView(
                    "x" + i, "k" + i, CallPhase.CONNECTED, now - 20_000, now - 9_000, now - 6_000, "t" + i));
            screening.add(new CallView("x" + i, "k" + i, CallPhase.CONNECTED, now - 20_000, now - 9_000, -1, "t" + i));
        }
        int forTalk = Pacer.of(mode).callsToPlace(view(now, mode, a, talking));
        int forScreen = Pacer.of(mode).callsToPlace(view(now, mode, a, screening));
        assertThat(forTalk).as("agents one second into a conversation").isZero();
        assertThat(forScreen).as("agents one second into hearing a machine").isGreaterThan(3);
    }

    @Test
    void oracleTimesEachPersonToArriveAsAnAgentFrees() {
        // Contacts: every one answers as a person 10 s after dialling; the agent is free 30 s from now.
        OracleKnowledge k = new OracleKnowledge() {
            @Override
            public Foresight upcoming(int offset, long nowMillis) {
                return new Foresight(true, 10_000, 60_000, 5_000);
            }

            @Override
            public Optional<Foresight> ofCall(String callId) {
                return Optional.of(new Foresight(true, 10_000, 25_000, 5_000));
            }
        };
        DialMode.Oracle mode = new DialMode.Oracle(k);
        long now = T0;
        List<AgentView> a = List.of(new AgentView("t0", "PJSIP/t0", AgentState.ON_CALL, now, "x", ""));
        Pacer p = Pacer.of(mode);
        assertThat(p.callsToPlace(view(now, mode, a, List.of()))).isZero();
        assertThat(p.nextDecisionMillis(now)).isEqualTo(now + 1_000);
        assertThat(Pacer.of(mode).callsToPlace(view(now + 19_500, mode, a, List.of())))
                .isEqualTo(1);
    }
}
