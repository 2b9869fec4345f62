package org.centralita.campaigns;

import java.time.Duration;
import java.time.Instant;

/**
 * One dial attempt. Open (not ended) attempts have a null {@code endedAt}; their {@code outcome} is null, or what the
 * call achieved so far ({@code ANSWERED_HUMAN} once bridged to an agent, {@code COMPLETED} once the survey was saved
 * complete), recorded so that a restart knows the conversation happened.
 *
 * @param callId the dialer's call/channel id, for reconciliation with Asterisk (may be null)
 * @param reconciled true if the outcome was set by reconciliation after a restart
 * @param facts what the dialer recorded about the call while it ran (ring, AMD, abandonment, talk and wrap times)
 */
public record Attempt(
        long id,
        long contactId,
        long campaignId,
        Instant startedAt,
        Instant endedAt,
        Outcome outcome,
        String agent,
        Duration duration,
        String callId,
        boolean reconciled,
        AttemptFacts facts) {

    public Attempt {
        facts = facts == null ? AttemptFacts.none() : facts;
    }

    /** Returns true while the attempt is not closed. */
    public boolean open() {
        return endedAt == null;
    }
}
