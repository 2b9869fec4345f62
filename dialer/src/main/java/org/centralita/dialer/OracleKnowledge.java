package org.centralita.dialer;

import java.util.Optional;

/**
 * Clairvoyance for the {@link DialMode.Oracle} bound: the fate of every contact before it is dialled. Only the
 * simulator can provide it.
 */
public interface OracleKnowledge {

    /**
     * The future of one contact's call.
     *
     * @param needsAgent whether the answered call will be sent to an agent (AMD says human, or AMD off and a
     *     person or machine answers)
     * @param agentNeededAfterMillis time from originate to the moment it needs an agent (ring plus AMD)
     * @param talkMillis talk time once bridged
     * @param wrapMillis the agent's wrap-up time after it
     */
    record Foresight(boolean needsAgent, long agentNeededAfterMillis, long talkMillis, long wrapMillis) {}

    /** Returns the fate of the contact {@code offset} places ahead in the lead source (0 = next). */
    Foresight upcoming(int offset, long nowMillis);

    /** Returns the fate of a call already placed, by its call id. */
    Optional<Foresight> ofCall(String callId);
}
