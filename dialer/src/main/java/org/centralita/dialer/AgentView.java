package org.centralita.dialer;

import java.util.Objects;

/**
 * A snapshot of one agent.
 *
 * @param id agent id
 * @param channel the agent's nailed-up channel (empty when logged out)
 * @param state current state
 * @param sinceMillis when the agent entered this state (for READY: when it became idle, the routing key)
 * @param callId the call the agent is reserved for, talking on or wrapping up; empty otherwise
 * @param pauseReason the reason when PAUSED; empty otherwise
 */
public record AgentView(
        String id, String channel, AgentState state, long sinceMillis, String callId, String pauseReason) {
    public AgentView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        channel = channel == null ? "" : channel;
        callId = callId == null ? "" : callId;
        pauseReason = pauseReason == null ? "" : pauseReason;
    }
}
