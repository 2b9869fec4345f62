package org.centralita.flows.selfservice;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the IVR learned about a caller, handed to the agent so nobody asks again.
 *
 * @param callId the channel's uniqueid
 * @param linkedId the call's linkedid (shared by every channel of the call), may be empty
 * @param accountId the account, empty if unidentified
 * @param verified whether the caller proved who they are (PIN, or confirmed caller ID)
 * @param intent what the caller wanted (balance, payment, agent, callback...)
 * @param lastMenu the last menu heard
 * @param failedAttempts failed inputs and PIN attempts during the call
 * @param language the caller's language
 * @param agentGroup the agent group the call goes to
 * @param callerId the caller ID number
 * @param createdAt when the hand-off happened
 */
public record CallContext(
        String callId,
        String linkedId,
        String accountId,
        boolean verified,
        String intent,
        String lastMenu,
        int failedAttempts,
        String language,
        String agentGroup,
        String callerId,
        Instant createdAt) {
    public CallContext {
        Objects.requireNonNull(callId, "callId");
        linkedId = Objects.requireNonNullElse(linkedId, "");
        accountId = Objects.requireNonNullElse(accountId, "");
        intent = Objects.requireNonNullElse(intent, "");
        lastMenu = Objects.requireNonNullElse(lastMenu, "");
        Objects.requireNonNull(language, "language");
        agentGroup = Objects.requireNonNullElse(agentGroup, "");
        callerId = Objects.requireNonNullElse(callerId, "");
        Objects.requireNonNull(createdAt, "createdAt");
        if (failedAttempts < 0) {
            throw new IllegalArgumentException("failedAttempts must be >= 0");
        }
    }

    /** Returns the channel variables that carry the context with the call ({@code CENTRALITA_*}). */
    public Map<String, String> channelVariables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("CENTRALITA_ACCOUNT", accountId);
        v.put("CENTRALITA_VERIFIED", verified ? "1" : "0");
        v.put("CENTRALITA_INTENT", intent);
        v.put("CENTRALITA_LAST_MENU", lastMenu);
        v.put("CENTRALITA_FAILED_ATTEMPTS", String.valueOf(failedAttempts));
        v.put("CENTRALITA_LANGUAGE", language);
        v.put("CENTRALITA_AGENT_GROUP", agentGroup);
        return v;
    }
}
