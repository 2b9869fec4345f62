package org.centralita.flows.selfservice;

import java.time.Instant;
import java.util.Objects;

/**
 * A caller's request to be called back (after hours), waiting for the campaigns module.
 *
 * @param callId the call's uniqueid (one request per call)
 * @param callerId the number to call back
 * @param accountId the account, empty if unidentified
 * @param language the caller's language
 * @param reason why (e.g. after-hours)
 * @param requestedAt when
 */
public record CallbackRequest(
        String callId, String callerId, String accountId, String language, String reason, Instant requestedAt) {
    public CallbackRequest {
        Objects.requireNonNull(callId, "callId");
        if (callerId == null || callerId.isBlank()) {
            throw new IllegalArgumentException("a callback needs a caller ID");
        }
        accountId = Objects.requireNonNullElse(accountId, "");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
