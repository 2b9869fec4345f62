package org.centralita.dialer;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What the dialer has learned from a campaign's own recent calls, seeded with priors: outcome mix (answered,
 * busy or failed quickly, no answer), the share of answered calls that need an agent (AMD human verdicts, or
 * every answer when AMD is off), answer rate by hour of day, ring times, talk, wrap-up and AMD detection times,
 * and the inbound arrival rate for blended agents. All updates take {@code now}; nothing reads a clock.
 */
public final class CampaignStatistics {

    /** Prior values used before the campaign has its own calls. */
    public record Priors(
            double answeredRate,
            double quickFailRate,
            double needAgentShare,
            double ringSeconds,
            double talkSeconds,
            double wrapSeconds,
            double amdSeconds,
            double weight) {

        /** Generic priors for an outbound survey list (deliberately not tuned to any scenario). */
        public static Priors defaults() {
            return new Priors(0.40, 0.08, 0.60, 10, 120, 15, 3, 30);
        }
    }

    private static final int MEMORY_CALLS = 300;
    private static final int MEMORY_DURATIONS = 400;

    private final ZoneOffset zone;
    private final double priorWeight;
    private double wAnswered;
    private double wQuickFail;
    private double wTotal;
    private double wNeed;
    private double wVerdicts;
    private final double[] hourNeed = new double[24];
    private final double[] hourDials = new double[24];
    private final double priorNeedPerDial;
    private double inboundRatePerSecond;
    private long lastInboundMillis = -1;

    /** Ring time of answered calls, seconds. */
    public final LogNormalEstimator ring;
    /** Time to a busy or failed result, seconds. */
    public final LogNormalEstimator quickFail;
    /** Talk time, seconds. */
    public final LogNormalEstimator talk;
    /** Wrap-up time, seconds. */
    public final LogNormalEstimator wrap;
    /** AMD detection time after answer, seconds. */
    public final LogNormalEstimator amd;

    /** How long an agent takes to recognise and hang up a screened answering machine, seconds. */
    public final LogNormalEstimator screen;

    /** Creates statistics from priors; hours of day are taken in {@code zone}. */
    public CampaignStatistics(Priors p, ZoneOffset zone) {
        this.zone = zone;
        this.priorWeight = p.weight();
        this.wTotal = p.weight();
        this.wAnswered = p.answeredRate() * p.weight();
        this.wQuickFail = p.quickFailRate() * p.weight();
        this.wVerdicts = p.weight();
        this.wNeed = p.needAgentShare() * p.weight();
        this.priorNeedPerDial = p.answeredRate() * p.needAgentShare();
        this.ring = new LogNormalEstimator(p.ringSeconds(), 0.5, p.weight(), MEMORY_DURATIONS);
        this.quickFail = new LogNormalEstimator(Math.max(1, p.ringSeconds() / 3), 0.5, p.weight(), MEMORY_DURATIONS);
        this.talk = new LogNormalEstimator(p.talkSeconds(), 0.7, p.weight(), MEMORY_DURATIONS);
        this.wrap = new LogNormalEstimator(p.wrapSeconds(), 0.5, p.weight(), MEMORY_DURATIONS);
        this.amd = new LogNormalEstimator(p.amdSeconds(), 0.3, p.weight(), MEMORY_DURATIONS);
        this.screen = new LogNormalEstimator(4, 0.5, p.weight(), MEMORY_DURATIONS);
    }

    /** How a dialled call ended before any agent or flow. */
    public enum DialResult {
        ANSWERED,
        QUICK_FAIL,
        NO_ANSWER
    }

    /** Records the result of a dial that took {@code elapsedMillis} from originate. */
    public void recordDial(DialResult result, long elapsedMillis, long now) {
        decayCalls();
        wTotal += 1;
        switch (result) {
            case ANSWERED -> {
                wAnswered += 1;
                ring.observe(elapsedMillis / 1000.0);
            }
            case QUICK_FAIL -> {
                wQuickFail += 1;
                quickFail.observe(elapsedMillis / 1000.0);
            }
            case NO_ANSWER -> {}
        }
        hourDials[hour(now)] += 1;
    }

    /** Records whether an answered call needed an agent (AMD human, or any answer without AMD). */
    public void recordVerdict(boolean needsAgent, long detectMillis, boolean amdUsed, long now) {
        if (wVerdicts + 1 > MEMORY_CALLS) {
            double f = (MEMORY_CALLS - 1) / wVerdicts;
            wVerdicts *= f;
            wNeed *= f;
        }
        wVerdicts += 1;
        if (needsAgent) {
            wNeed += 1;
            hourNeed[hour(now)] += 1;
        }
        if (amdUsed) {
            amd.observe(detectMillis / 1000.0);
        }
    }

    /** Records an inbound call arriving for the blended agents. */
    public void recordInbound(long now) {
        if (lastInboundMillis >= 0) {
            double gap = Math.max(0.001, (now - lastInboundMillis) / 1000.0);
            double inst = 1 / gap;
            inboundRatePerSecond = 0.9 * inboundRatePerSecond + 0.1 * inst;
        }
        lastInboundMillis = now;
    }

    private void decayCalls() {
        if (wTotal + 1 > MEMORY_CALLS) {
            double f = (MEMORY_CALLS - 1) / wTotal;
            wTotal *= f;
            wAnswered *= f;
            wQuickFail *= f;
        }
    }

    /** Returns P(a dial is answered within the ring timeout). */
    public double answeredRate() {
        return wAnswered / wTotal;
    }

    /** Returns P(a dial ends busy or failed quickly). */
    public double quickFailRate() {
        return wQuickFail / wTotal;
    }

    /** Returns P(a dial rings out). */
    public double noAnswerRate() {
        return Math.max(0, 1 - answeredRate() - quickFailRate());
    }

    /** Returns P(an answered call needs an agent), i.e. the AMD human share. */
    public double needAgentShare() {
        return wNeed / wVerdicts;
    }

    /**
     * Returns P(a dial placed at {@code now} needs an agent), from recent calls blended with what this hour of
     * day gave before (answer rate by hour).
     */
    public double needPerDial(long now) {
        double recent = answeredRate() * needAgentShare();
        int h = hour(now);
        double hourRate = (hourNeed[h] + priorNeedPerDial * priorWeight) / (hourDials[h] + priorWeight);
        double k = 20;
        return (recent * wTotal + hourRate * k) / (wTotal + k);
    }

    /** Returns the answer-and-need rate observed in hour {@code h} of the day (prior if none). */
    public double needRateByHour(int h) {
        return (hourNeed[h] + priorNeedPerDial * priorWeight) / (hourDials[h] + priorWeight);
    }

    /** Returns the learned inbound arrival rate per second. */
    public double inboundRatePerSecond() {
        return inboundRatePerSecond;
    }

    private int hour(long now) {
        return Instant.ofEpochMilli(now).atOffset(zone).getHour();
    }
}
