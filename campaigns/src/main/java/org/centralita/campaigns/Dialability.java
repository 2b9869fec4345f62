package org.centralita.campaigns;

import java.time.Instant;
import java.util.List;

/**
 * The answer to "why is this contact (not) dialable now?".
 *
 * @param dialable true if the next claim could return it now
 * @param reasons every reason it is not dialable (empty when dialable), most important first
 * @param nextEligibleAt the earliest time it could become dialable, if known
 * @param localTime the contact's local time now, for display ("it is 22:14 in Europe/Madrid")
 */
public record Dialability(
        long contactId, boolean dialable, List<Reason> reasons, Instant nextEligibleAt, String localTime) {
    public Dialability {
        reasons = List.copyOf(reasons);
    }

    /** One reason a contact is not dialable, with a sentence a manager can read. */
    public record Reason(Code code, String message) {}

    public enum Code {
        CAMPAIGN_NOT_RUNNING,
        LIST_PAUSED,
        DO_NOT_CALL,
        IN_PROGRESS,
        COMPLETED,
        ATTEMPT_LIMIT,
        CALLBACK_PENDING,
        RETRY_DELAY,
        HOLIDAY,
        OUTSIDE_WINDOW
    }
}
