package org.centralita.dialer;

import java.util.List;

/**
 * Everything a {@link Pacer} may look at when deciding, as of {@code now}. Pacers are pure functions of this view
 * (plus their own small state, such as a dial level), so they are tested by building views by hand.
 *
 * @param now the decision time
 * @param agents the campaign's agents
 * @param calls live outbound calls
 * @param inboundWaiting blended inbound calls waiting for an agent (they take priority)
 * @param stats what the campaign has learned
 * @param ledger abandonment so far
 * @param log dials, answers and drops over the last minute and today
 * @param settings campaign settings
 */
public record PacingView(
        long now,
        List<AgentView> agents,
        List<CallView> calls,
        int inboundWaiting,
        CampaignStatistics stats,
        AbandonLedger ledger,
        DialLog log,
        CampaignSettings settings) {

    /** Returns how many agents are in {@code state}. */
    public int count(AgentState state) {
        int n = 0;
        for (AgentView a : agents) {
            if (a.state() == state) {
                n++;
            }
        }
        return n;
    }

    /** Returns how many calls are in {@code phase}. */
    public int count(CallPhase phase) {
        int n = 0;
        for (CallView c : calls) {
            if (c.phase() == phase) {
                n++;
            }
        }
        return n;
    }

    /** Returns calls not yet with an agent or flow: dialling, awaiting AMD or waiting for an agent. */
    public int pendingCalls() {
        return count(CallPhase.DIALING) + count(CallPhase.ANSWERED) + count(CallPhase.WAITING_AGENT);
    }
}
