package org.centralita.dialer;

import java.util.Objects;
import org.centralita.gateway.call.OriginateRequest;

/**
 * A decision of the {@link CampaignDialer}, for the shell (real-time adapters or the simulator) to carry out.
 * The dialer never performs I/O itself.
 */
public sealed interface DialerAction {

    /** Record the attempt, then originate {@code request} for {@code contact}. */
    record Originate(String callId, Contact contact, OriginateRequest request) implements DialerAction {
        public Originate {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(contact, "contact");
            Objects.requireNonNull(request, "request");
        }
    }

    /** An agent was reserved for a call: push the screen pop now so it is there at bridge time. */
    record AgentReserved(String agentId, String agentChannel, String callId, Contact contact) implements DialerAction {}

    /** Bridge the customer to the agent's nailed-up channel (AMI Bridge). */
    record Bridge(String callId, String customerChannel, String agentId, String agentChannel, long connectDelayMillis)
            implements DialerAction {}

    /** Abandon: play the abandon message (company, call-back number, opt-out key) and hang up. */
    record Abandon(String callId, String channel, String contactId) implements DialerAction {}

    /** Hang up a channel (a machine, or leave it to the machine message context when the campaign says so). */
    record Hangup(String callId, String channel, String reason) implements DialerAction {}

    /** Agentless: send the answered person to the campaign's IVR survey flow. */
    record RunFlow(String callId, String channel, String contactId) implements DialerAction {}

    /**
     * Schedule the contact again, not before {@code notBeforeMillis}. For {@link RetryReason#ABANDONED} a callback
     * with an agent reserved for it may come earlier.
     */
    record Retry(String contactId, long notBeforeMillis, RetryReason reason) implements DialerAction {}

    /** An agent changed state (for the agent desktop and supervisors). */
    record AgentChanged(AgentView agent) implements DialerAction {}

    /** A call attempt is over: save its result with the attempt. */
    record CallEnded(String callId, String contactId, String result, long talkMillis) implements DialerAction {}

    /**
     * The core used {@code observation} of call {@code callId} for its abandonment ledger or learned statistics: store
     * it with the attempt, so a restart can {@link CampaignDialer#restore replay} it. Reported only when the shell
     * asked for it ({@link CampaignDialer#reportObservations(boolean)}).
     */
    record Observed(String callId, Observation observation) implements DialerAction {
        public Observed {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(observation, "observation");
        }
    }
}
