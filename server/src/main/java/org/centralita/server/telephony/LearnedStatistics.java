package org.centralita.server.telephony;

import org.centralita.dialer.CampaignStatistics;
import org.centralita.dialer.LogNormalEstimator;
import org.centralita.gateway.call.SimDistribution;

/**
 * A copy of what a running campaign's dialer has learned from its own calls (taken on the dialer's context, so the
 * what-if simulator reads a consistent snapshot), with how much it is based on.
 *
 * @param answeredCalls answered calls observed (ring, AMD and talk times learned from them)
 * @param dialsToday calls placed today
 * @param priorWeight how many calls the generic priors the statistics start from are worth
 * @param answeredRate P(a dial is answered)
 * @param quickFailRate P(a dial ends busy or failed quickly)
 * @param needAgentShare P(an answered call is a person), the AMD human share
 * @param ring time to answer
 * @param talk talk time
 * @param wrap wrap-up time
 * @param amdSeconds mean AMD detection time
 */
public record LearnedStatistics(
        long answeredCalls,
        long dialsToday,
        double priorWeight,
        double answeredRate,
        double quickFailRate,
        double needAgentShare,
        SimDistribution ring,
        SimDistribution talk,
        SimDistribution wrap,
        double amdSeconds) {

    /** Copies {@code s} (call on the dialer's context). */
    public static LearnedStatistics of(CampaignStatistics s, long dialsToday) {
        return new LearnedStatistics(
                s.ring.observations(),
                dialsToday,
                CampaignStatistics.Priors.defaults().weight(),
                s.answeredRate(),
                s.quickFailRate(),
                s.needAgentShare(),
                distribution(s.ring),
                distribution(s.talk),
                distribution(s.wrap),
                s.amd.mean());
    }

    /** Returns whether the campaign has placed or finished any call (else these are the priors alone). */
    public boolean hasCalls() {
        return answeredCalls > 0 || dialsToday > 0;
    }

    private static SimDistribution distribution(LogNormalEstimator e) {
        double sigma = e.sigma();
        return new SimDistribution(e.mean(), Math.sqrt(Math.expm1(sigma * sigma)));
    }
}
