package org.centralita.dialer.sim;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One algorithm's figures on one scenario, averaged over seeds, with standard deviations across seeds.
 *
 * @param scenario scenario name
 * @param algorithm algorithm name
 * @param seeds how many seeds were averaged
 * @param rawAbandonRate abandons by the dialer over people answered, without AMD false machines (what pacing
 *     controls)
 */
@JsonPropertyOrder({
    "scenario",
    "algorithm",
    "seeds",
    "occupancy",
    "occupancyStdDev",
    "utilization",
    "utilizationStdDev",
    "abandonRate",
    "abandonRateStdDev",
    "maxAbandonRate24h",
    "maxAbandonRate24hStdDev",
    "talkMinutesPerAgentHour",
    "talkMinutesPerAgentHourStdDev",
    "callsPlaced",
    "humanConnects",
    "p95ConnectDelayMs",
    "wallMillisPerRun"
})
public record AlgorithmSummary(
        String scenario,
        String algorithm,
        int seeds,
        double occupancy,
        double occupancyStdDev,
        double utilization,
        double utilizationStdDev,
        double abandonRate,
        double abandonRateStdDev,
        double rawAbandonRate,
        double maxAbandonRate24h,
        double maxAbandonRate24hStdDev,
        double talkMinutesPerAgentHour,
        double talkMinutesPerAgentHourStdDev,
        double callsPlaced,
        double humanConnects,
        double p95ConnectDelayMs,
        double wallMillisPerRun) {}
