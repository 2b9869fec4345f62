package org.centralita.dialer;

import java.util.Optional;

/**
 * Where the dialer takes the next contact to call. The real runtime serves it from the campaigns module's
 * hopper (prefetched on a worker: this method must not block); the simulator generates contacts.
 */
@FunctionalInterface
public interface LeadSource {

    /** Returns the next contact that may be called at {@code nowMillis}, or empty if none is due. */
    Optional<Contact> next(long nowMillis);
}
