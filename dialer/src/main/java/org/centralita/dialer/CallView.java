package org.centralita.dialer;

/**
 * A snapshot of one live outbound call, as pacers see it.
 *
 * @param callId our call id
 * @param contactId the contact called
 * @param phase where the call is
 * @param placedAtMillis when it was originated
 * @param answeredAtMillis when it was answered, or -1
 * @param humanAtMillis when a person was detected, or -1
 * @param agentId the agent it is connected or pinned to, or empty
 */
public record CallView(
        String callId,
        String contactId,
        CallPhase phase,
        long placedAtMillis,
        long answeredAtMillis,
        long humanAtMillis,
        String agentId) {}
