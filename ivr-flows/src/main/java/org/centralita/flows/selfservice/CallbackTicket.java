package org.centralita.flows.selfservice;

import java.time.Instant;
import java.util.Objects;

/**
 * A callback request as people work on it: waiting, taken by someone, or closed with an outcome.
 *
 * @param id the ticket number (for claim, release, close)
 * @param request what the caller asked for (number, account, language, reason, when)
 * @param status where it stands
 * @param claimedBy who took it (agent or user id), empty unless {@link Status#CLAIMED} or closed
 * @param claimedAt when it was taken, null if never
 * @param attempts how many times it was released unreached (e.g. no answer)
 * @param outcome how it was closed (e.g. {@code called-back}, {@code no-answer}, {@code not-needed}), empty if open
 * @param note the last note (release or close), may be empty
 * @param closedBy who closed it, empty if open
 * @param closedAt when it was closed, null if open
 */
public record CallbackTicket(
        long id,
        CallbackRequest request,
        Status status,
        String claimedBy,
        Instant claimedAt,
        int attempts,
        String outcome,
        String note,
        String closedBy,
        Instant closedAt) {

    /** Where a callback request stands. */
    public enum Status {
        /** Waiting for someone to call the customer back. */
        PENDING,
        /** Someone is on it ({@code claimedBy}); a claim older than the claim timeout can be taken over. */
        CLAIMED,
        /** Done, with an outcome. */
        CLOSED
    }

    public CallbackTicket {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        claimedBy = Objects.requireNonNullElse(claimedBy, "");
        outcome = Objects.requireNonNullElse(outcome, "");
        note = Objects.requireNonNullElse(note, "");
        closedBy = Objects.requireNonNullElse(closedBy, "");
    }
}
