package org.centralita.campaigns;

/**
 * A contact handed to the dialer by {@code claimNext}: it is CLAIMED, so no other claim returns it until the dialer
 * opens an attempt and closes it, or releases it.
 *
 * @param reason why it came out: CALLBACK (with {@code contact.callbackAgent()} when reserved), FRESH or RETRY
 */
public record ClaimedContact(Contact contact, Kind reason) {
    public enum Kind {
        CALLBACK,
        FRESH,
        RETRY
    }
}
