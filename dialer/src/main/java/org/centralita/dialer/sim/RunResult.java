package org.centralita.dialer.sim;

/**
 * The figures of one simulated day.
 *
 * @param occupancy talk time over logged-in time
 * @param utilization talk plus wrap-up over logged-in time
 * @param abandonRate abandoned over people answered, AMD false-machine counted as abandoned (Ofcom)
 * @param maxAbandonRate24h highest rolling-24 h adjusted rate seen at any minute once 100 people had answered
 * @param talkMinutesPerAgentHour talk minutes per logged-in agent hour
 * @param callsPlaced calls originated
 * @param humanConnects people connected to an agent
 * @param p95ConnectDelayMs 95th percentile of the delay from person detected to bridge
 * @param abandoned people abandoned by the dialer (no agent within the deadline)
 * @param falseMachines people that AMD took for machines
 * @param wallMillis real time the simulation took
 */
public record RunResult(
        double occupancy,
        double utilization,
        double abandonRate,
        double maxAbandonRate24h,
        double talkMinutesPerAgentHour,
        long callsPlaced,
        long humanConnects,
        double p95ConnectDelayMs,
        long abandoned,
        long falseMachines,
        long wallMillis) {}
