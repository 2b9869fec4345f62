package org.centralita.server.telephony;

import io.vertx.core.json.JsonObject;
import org.centralita.dialer.AbandonLedger;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.CallPhase;
import org.centralita.dialer.CallView;
import org.centralita.dialer.CampaignDialer;

/**
 * One campaign's live pacing figures, published every second on {@code /api/events} as {@code pacing.live}.
 *
 * @param campaignId the campaign
 * @param campaignName its name (the id when unknown)
 * @param mode its dial mode now
 * @param dialLevel lines per working agent now: calls ringing, answered or waiting, plus calls with an agent,
 *     over agents ready, reserved or on a call (0 with no working agent)
 * @param workingAgents agents ready, reserved or on a call
 * @param callsInProgress outbound calls not yet ended
 * @param abandonRate24h AMD-adjusted abandonment over the last 24 h (Ofcom)
 * @param abandonRate30d AMD-adjusted abandonment over 30 days (FTC)
 * @param occupancy talk time over logged-in time since the campaign started
 */
public record PacingFigures(
        String campaignId,
        String campaignName,
        String mode,
        double dialLevel,
        int workingAgents,
        int callsInProgress,
        double abandonRate24h,
        double abandonRate30d,
        double occupancy) {

    /** Reads the figures of a running dialer (call on the dialer's own context). */
    public static PacingFigures of(CampaignDialer dialer, long nowMillis) {
        int working = 0;
        for (AgentView a : dialer.agents()) {
            if (a.state() == AgentState.READY || a.state() == AgentState.RESERVED || a.state() == AgentState.ON_CALL) {
                working++;
            }
        }
        int calls = 0;
        for (CallView c : dialer.liveCalls()) {
            if (c.phase() != CallPhase.ABANDONING && c.phase() != CallPhase.MACHINE) {
                calls++;
            }
        }
        AbandonLedger.Rates rates = dialer.ledger().rates(nowMillis);
        return new PacingFigures(
                dialer.settings().campaignId(),
                dialer.settings().campaignId(),
                dialer.settings().mode().name(),
                working == 0 ? 0 : (double) calls / working,
                working,
                calls,
                rates.last24h().adjustedRate(),
                rates.last30d().adjustedRate(),
                dialer.agentTimes(nowMillis).occupancy());
    }

    /** Returns these figures under the campaign's name. */
    public PacingFigures named(String name) {
        return new PacingFigures(
                campaignId,
                name,
                mode,
                dialLevel,
                workingAgents,
                callsInProgress,
                abandonRate24h,
                abandonRate30d,
                occupancy);
    }

    /** Returns the JSON form sent to browsers. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("campaignId", campaignId)
                .put("campaignName", campaignName)
                .put("mode", mode)
                .put("dialLevel", dialLevel)
                .put("workingAgents", workingAgents)
                .put("callsInProgress", callsInProgress)
                .put("abandonRate24h", abandonRate24h)
                .put("abandonRate30d", abandonRate30d)
                .put("occupancy", occupancy);
    }
}
