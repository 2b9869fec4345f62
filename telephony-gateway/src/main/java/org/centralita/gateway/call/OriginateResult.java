package org.centralita.gateway.call;

import java.util.Objects;

/**
 * The result of an originate once Asterisk has answered or given up.
 *
 * @param callId the {@link OriginateRequest#callId()} this result belongs to
 * @param outcome answered, busy, no answer, congestion or failed
 * @param channel the Asterisk channel name of the answered call; empty if it failed
 * @param uniqueId Asterisk's uniqueid of the answered channel; empty if it failed ({@code <unknown>} on the wire)
 * @param reason the raw AMI OriginateResponse Reason code (4 = answered), or -1 when not from AMI
 */
public record OriginateResult(String callId, CallOutcome outcome, String channel, String uniqueId, int reason) {
    public OriginateResult {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(outcome, "outcome");
        channel = channel == null ? "" : channel;
        uniqueId = uniqueId == null || uniqueId.equals("<unknown>") ? "" : uniqueId;
    }

    /** Returns whether the far end answered. */
    public boolean answered() {
        return outcome == CallOutcome.ANSWERED;
    }
}
