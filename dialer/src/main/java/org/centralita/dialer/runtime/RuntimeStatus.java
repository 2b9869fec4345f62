package org.centralita.dialer.runtime;

import java.util.List;
import org.centralita.dialer.AbandonLedger;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.CallView;

/**
 * A snapshot of a running campaign, for supervisors and health checks.
 *
 * @param campaignId the campaign
 * @param connected whether call control (AMI) is up; pacing is paused while it is down
 * @param pacing whether the runtime is started and placing calls
 * @param agents every agent known to the campaign's pool
 * @param calls live outbound calls
 * @param inboundWaiting inbound calls from the IVR waiting for an agent or talking
 * @param bufferedLeads claimed contacts waiting in memory
 * @param abandonment the abandonment ledger's rates (24 h, 30 days, to date; raw and AMD-adjusted); null before start
 */
public record RuntimeStatus(
        long campaignId,
        boolean connected,
        boolean pacing,
        List<AgentView> agents,
        List<CallView> calls,
        int inboundWaiting,
        int bufferedLeads,
        AbandonLedger.Rates abandonment) {
    public RuntimeStatus {
        agents = List.copyOf(agents);
        calls = List.copyOf(calls);
    }
}
