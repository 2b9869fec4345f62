package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import org.centralita.flows.SensitiveValue;

/** Customer accounts for identification and balance. */
public interface Accounts {

    /** Finds the account whose phone on file is {@code callerId}. */
    Future<Optional<Account>> findByPhone(String callerId);

    /** Finds an account by number. */
    Future<Optional<Account>> findById(String accountId);

    /**
     * Checks {@code pin} against the account's stored hash, counting wrong PINs per account across calls: an account
     * locked by {@code policy} answers {@link PinCheck#LOCKED} without checking the PIN; a wrong PIN that reaches
     * {@code policy.maxFailures()} within {@code policy.window()} locks it for {@code policy.lockFor()} (and answers
     * LOCKED); a right one clears the count. Unknown accounts answer {@link PinCheck#INVALID}.
     */
    Future<PinCheck> verifyPin(String accountId, SensitiveValue pin, PinPolicy policy, Instant now);
}
