package org.centralita.dialer;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A faithful re-implementation of VICIdial's adaptive dial level ({@code AST_VDadapt.pl} adjusting the level,
 * {@code AST_VDauto_dial.pl} placing calls). See docs/pacing.md for the rule and the mapping of VICIdial's
 * statuses to ours.
 *
 * <ul>
 *   <li>Every 2.5 s: place {@code round(level × agents) − calls in progress}, where agents are the working ones
 *       (VICIdial's READY, QUEUE, INCALL: our READY, RESERVED, ON_CALL; wrap-up is PAUSED there) and calls in
 *       progress are all live outbound lines (ringing, awaiting AMD, waiting, talking).
 *   <li>Every second: sample ready agents, waiting calls and agents.
 *   <li>Every 15 samples: {@code pct = (avgReady − avgWaiting + diffTarget) / avgAgents}, scaled by the
 *       intensity, {@code level ×= 1 + pct}, clamped to [1.0, maxLevel]; halved when more than 50% of the last
 *       minute's calls dropped (with more than 20 calls); once today's drops over answers exceed the target (after
 *       50 calls): HARD_LIMIT sets the level to 1.0, TAPERED multiplies it by {@code (latestHHMM − nowHHMM) / 1000}
 *       (capped at 1; 1.0 once past the latest time).
 * </ul>
 */
final class AdaptivePacer implements Pacer {

    static final long DIAL_INTERVAL = 2_500;
    static final long SAMPLE_INTERVAL = 1_000;
    static final int SAMPLES_PER_ADJUST = 15;
    static final double MIN_LEVEL = 1.0;

    private final DialMode.Adaptive cfg;
    private double level = MIN_LEVEL;
    private long nextDial = Long.MIN_VALUE;
    private long nextSample = Long.MIN_VALUE;
    private int samples;
    private double sumReady;
    private double sumWaiting;
    private double sumAgents;

    AdaptivePacer(DialMode.Adaptive cfg) {
        this.cfg = cfg;
    }

    /** Returns the current dial level. */
    double level() {
        return level;
    }

    @Override
    public int callsToPlace(PacingView v) {
        long now = v.now();
        if (nextSample == Long.MIN_VALUE || now - nextSample > 5 * SAMPLE_INTERVAL) {
            nextSample = now;
        }
        while (now >= nextSample) {
            sample(v);
            nextSample += SAMPLE_INTERVAL;
        }
        if (now < nextDial) {
            return 0;
        }
        nextDial = now + DIAL_INTERVAL;
        int agents = working(v);
        int inProgress = v.pendingCalls() + v.count(CallPhase.CONNECTED);
        return Math.max(0, (int) Math.round(level * agents) - inProgress);
    }

    @Override
    public long nextDecisionMillis(long now) {
        long a = nextDial == Long.MIN_VALUE ? now : nextDial;
        long b = nextSample == Long.MIN_VALUE ? now : nextSample;
        return Math.max(now, Math.min(a, b));
    }

    private static int working(PacingView v) {
        return v.count(AgentState.READY) + v.count(AgentState.RESERVED) + v.count(AgentState.ON_CALL);
    }

    private void sample(PacingView v) {
        sumReady += v.count(AgentState.READY);
        sumWaiting += v.count(CallPhase.WAITING_AGENT);
        sumAgents += working(v);
        samples++;
        if (samples >= SAMPLES_PER_ADJUST) {
            adjust(v, sumReady / samples, sumWaiting / samples, sumAgents / samples);
            samples = 0;
            sumReady = 0;
            sumWaiting = 0;
            sumAgents = 0;
        }
    }

    /** One 15-second adjustment, as AST_VDadapt.pl does it. */
    void adjust(PacingView v, double avgReady, double avgWaiting, double avgAgents) {
        if (avgAgents <= 0) {
            return;
        }
        long now = v.now();
        double differential = avgReady - avgWaiting + cfg.diffTarget();
        double mul = differential / avgAgents;
        double intensityMul = cfg.intensity() / 100;
        double intensityDiff = mul < 0 ? mul * Math.abs(intensityMul - 1) : mul * (intensityMul + 1);
        double next = level * (1 + intensityDiff);
        next = clamp(next);
        DialLog log = v.log();
        long callsOne = log.callsLastMinute(now);
        long dropsOne = log.dropsLastMinute(now);
        long callsToday = log.callsToday(now);
        long answersToday = log.answersToday(now);
        double dropPctToday = answersToday == 0 ? 0 : 100.0 * log.dropsToday(now) / answersToday;
        if (callsOne > 20 && 100.0 * dropsOne / callsOne > 50) {
            next = level / 2;
        } else if (callsToday > 50 && dropPctToday > cfg.droppedPercentage()) {
            switch (cfg.variant()) {
                case HARD_LIMIT -> next = MIN_LEVEL;
                case TAPERED -> {
                    OffsetDateTime t =
                            Instant.ofEpochMilli(now).atOffset(v.settings().zone());
                    int hoursLeft = cfg.latestHhmm() - (t.getHour() * 100 + t.getMinute());
                    if (hoursLeft < 0) {
                        next = MIN_LEVEL;
                    } else {
                        next = next * (hoursLeft > 1000 ? 1 : hoursLeft / 1000.0);
                    }
                }
                case AVERAGE -> {
                    // ADAPT_AVERAGE: hold the level while the last minute is within target, else ease it down.
                    double dropPctOne = callsOne == 0 ? 0 : 100.0 * dropsOne / callsOne;
                    next = dropPctOne <= cfg.droppedPercentage() ? level : level * 0.999;
                }
            }
        }
        level = clamp(next);
    }

    private double clamp(double l) {
        return Math.max(MIN_LEVEL, Math.min(cfg.maxLevel(), l));
    }
}
