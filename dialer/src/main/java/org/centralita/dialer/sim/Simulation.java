package org.centralita.dialer.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.centralita.dialer.AbandonLedger;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentTimes;
import org.centralita.dialer.CampaignDialer;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.CampaignStatistics;
import org.centralita.dialer.DialMode;
import org.centralita.dialer.DialerAction;
import org.centralita.dialer.DialerException;
import org.centralita.dialer.DialerLoop;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimulatedCallControl;
import org.centralita.gateway.call.VirtualScheduler;

/**
 * One simulated campaign day: the real {@link CampaignDialer} (same pacers, router and ledger as production) in
 * a {@link DialerLoop} over a {@link SimulatedCallControl} on a {@link VirtualScheduler}. Agents log in at the
 * start, take every call routed to them, and end each wrap-up after its drawn time.
 */
public final class Simulation {

    /** The simulated day starts at this instant (a Monday, 09:00 UTC). */
    public static final long START = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();

    /** How long a simulated agent takes to recognise an answering machine and hang it up. */
    static final long SCREEN_MILLIS = 3_000;

    /** What an analysis run {@code predictive+…} may be told: agents' free times, placed calls' outcomes. */
    private static final List<String> INSIGHTS = List.of("agents", "outcomes");

    private Simulation() {}

    /**
     * Runs one day.
     *
     * @param algorithm progressive, ratio, ratio:X, adaptive, adaptive-hard (VICIdial's ADAPT_HARD_LIMIT),
     *     predictive or oracle; or, as analysis bounds, predictive told every agent's free time
     *     ({@code predictive+agents}), which placed calls will reach a person ({@code predictive+outcomes}), or both
     */
    public static RunResult run(Scenario scenario, String algorithm, long seed) {
        long wallStart = System.nanoTime();
        VirtualScheduler scheduler = new VirtualScheduler(START);
        SimLeadSource leads = new SimLeadSource(scenario, seed, START);
        SimulatedCallControl control = new SimulatedCallControl(scheduler, leads);
        DialMode mode = mode(algorithm, leads);
        CampaignSettings settings = CampaignSettings.defaults("sim", mode)
                .withCalling(
                        Duration.ofMillis(Math.round(scenario.noAnswerTimeoutSeconds() * 1000)),
                        Duration.ofMillis(Math.round(scenario.connectDeadlineSeconds() * 1000)),
                        scenario.abandonTarget(),
                        scenario.amd().enabled(),
                        scenario.amd().falseMachineRate())
                .withLimits(Duration.ZERO, Math.max(500, scenario.agents() * 20));
        CampaignDialer dialer = new CampaignDialer(settings, leads, CampaignStatistics.Priors.defaults());
        // The clairvoyant bound plans every agent's free time; screening would take agents it did not plan for.
        dialer.setMachineScreening(!(mode instanceof DialMode.Oracle));
        Collector collector = new Collector(scheduler, control, leads);
        DialerLoop loop = new DialerLoop(dialer, control, scheduler, collector, "centralita-abandon");
        collector.loop = loop;
        for (int i = 1; i <= scenario.agents(); i++) {
            control.addAgentChannel("PJSIP/agent-" + i);
        }
        loop.start();
        for (int i = 1; i <= scenario.agents(); i++) {
            loop.agentLogin("agent-" + i, "PJSIP/agent-" + i);
        }
        long end = START + Math.round(scenario.hours() * 3_600_000);
        for (long t = START + 60_000; t <= end; t += 60_000) {
            scheduler.runUntil(t);
            collector.sampleMinute();
        }
        scheduler.runUntil(end);
        loop.stopPacing();
        AgentTimes times = dialer.agentTimes(end);
        AbandonLedger.Counts day = collector.truth.rates(end).toDate();
        double loggedInHours = times.loggedIn() / 3_600_000.0;
        // Seconds agents spent on answering machines (screened machine verdicts) are not talk with a person.
        long talk = times.talk() - collector.machineMillis;
        long loggedIn = times.loggedIn();
        long wall = (System.nanoTime() - wallStart) / 1_000_000;
        return new RunResult(
                loggedIn == 0 ? 0 : (double) talk / loggedIn,
                loggedIn == 0 ? 0 : (double) (talk + times.wrapUp()) / loggedIn,
                day.adjustedRate(),
                collector.maxRate24h,
                loggedInHours == 0 ? 0 : talk / 60_000.0 / loggedInHours,
                collector.callsPlaced,
                collector.humanConnects,
                collector.p95Delay(),
                day.abandoned(),
                day.falseMachines(),
                wall);
    }

    /** Watches the dialer's actions: plays the agents' wrap-ups and measures against the simulated truth. */
    private static final class Collector implements Consumer<DialerAction> {
        final VirtualScheduler scheduler;
        final SimulatedCallControl control;
        final SimLeadSource leads;
        final AbandonLedger truth = new AbandonLedger(0);
        DialerLoop loop;
        long callsPlaced;
        long humanConnects;
        double maxRate24h;
        long machineMillis;
        long[] delays = new long[4096];
        int nDelays;

        Collector(VirtualScheduler scheduler, SimulatedCallControl control, SimLeadSource leads) {
            this.scheduler = scheduler;
            this.control = control;
            this.leads = leads;
        }

        @Override
        public void accept(DialerAction action) {
            long now = scheduler.nowMillis();
            if (action instanceof DialerAction.Originate o) {
                callsPlaced++;
                leads.callPlaced(o.callId(), o.contact().id());
            } else if (action instanceof DialerAction.Bridge b) {
                if (!isHuman(b.callId())) {
                    // The agent hears a machine (a screened machine verdict, or one AMD took for a person).
                    String callId = b.callId();
                    scheduler.schedule(SCREEN_MILLIS, () -> loop.agentHeardMachine(callId));
                } else {
                    humanConnects++;
                    truth.record(AbandonLedger.Entry.HUMAN_CONNECTED, now);
                    if (nDelays == delays.length) {
                        delays = Arrays.copyOf(delays, delays.length * 2);
                    }
                    delays[nDelays++] = b.connectDelayMillis();
                }
            } else if (action instanceof DialerAction.CallEnded e) {
                if (e.talkMillis() > 0 && !isHuman(e.callId())) {
                    machineMillis += e.talkMillis();
                }
            } else if (action instanceof DialerAction.Abandon a) {
                if (isHuman(a.callId())) {
                    truth.record(AbandonLedger.Entry.ABANDONED, now);
                }
            } else if (action instanceof DialerAction.Hangup h && h.reason().equals("MACHINE")) {
                if (isHuman(h.callId())) {
                    truth.record(AbandonLedger.Entry.AMD_MACHINE, now);
                    truth.record(AbandonLedger.Entry.FALSE_MACHINE, now);
                }
            } else if (action instanceof DialerAction.AgentChanged ch
                    && ch.agent().state() == AgentState.WRAP_UP) {
                SimLeadSource.Fate f = leads.fateOfCall(ch.agent().callId());
                long wrap = f == null ? 15_000 : f.wrapMillis();
                String id = ch.agent().id();
                scheduler.schedule(wrap, () -> loop.agentWrapUpDone(id));
            }
        }

        private boolean isHuman(String callId) {
            return control.planOf(callId)
                    .map(p -> p.answer() == SimAnswer.HUMAN)
                    .orElse(false);
        }

        void sampleMinute() {
            AbandonLedger.Counts c = truth.last24h(scheduler.nowMillis());
            if (c.humans() + c.estimatedFalseMachines() >= 100) {
                maxRate24h = Math.max(maxRate24h, c.adjustedRate());
            }
        }

        double p95Delay() {
            if (nDelays == 0) {
                return 0;
            }
            long[] d = Arrays.copyOf(delays, nDelays);
            Arrays.sort(d);
            return d[(int) Math.min(d.length - 1, Math.ceil(0.95 * d.length) - 1)];
        }
    }

    static DialMode mode(String algorithm, SimLeadSource leads) {
        String a = algorithm.trim().toLowerCase(java.util.Locale.ROOT);
        if (a.equals("progressive")) {
            return new DialMode.Progressive();
        } else if (a.equals("ratio")) {
            return new DialMode.Ratio(1.5);
        } else if (a.startsWith("ratio:")) {
            try {
                return new DialMode.Ratio(Double.parseDouble(a.substring(6)));
            } catch (NumberFormatException e) {
                throw new DialerException("bad ratio in '" + algorithm + "': use ratio:1.5", e);
            }
        } else if (a.equals("adaptive")) {
            return DialMode.Adaptive.vicidialDefaults();
        } else if (a.equals("adaptive-hard")) {
            DialMode.Adaptive d = DialMode.Adaptive.vicidialDefaults();
            return new DialMode.Adaptive(
                    DialMode.AdaptiveVariant.HARD_LIMIT,
                    d.droppedPercentage(),
                    d.maxLevel(),
                    d.latestHhmm(),
                    d.intensity(),
                    d.diffTarget());
        } else if (a.equals("predictive")) {
            return DialMode.Predictive.defaults();
        } else if (a.equals("oracle")) {
            return new DialMode.Oracle(leads);
        } else if (a.startsWith("predictive+")) {
            List<String> told = List.of(a.substring("predictive+".length()).split("\\+"));
            if (!INSIGHTS.containsAll(told)) {
                throw new DialerException("unknown insight in '" + algorithm + "': use predictive+agents, "
                        + "predictive+outcomes or predictive+agents+outcomes");
            }
            return new DialMode.PredictiveInformed(leads, told.contains("agents"), told.contains("outcomes"));
        }
        throw new DialerException("unknown algorithm '" + algorithm
                + "': use progressive, ratio[:X], adaptive, adaptive-hard, predictive, oracle, or the analysis "
                + "bounds predictive+agents, predictive+outcomes");
    }
}
