package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.util.Optional;
import org.centralita.flows.SensitiveValue;

/** Customer accounts for identification and balance. */
public interface Accounts {

    /** Finds the account whose phone on file is {@code callerId}. */
    Future<Optional<Account>> findByPhone(String callerId);

    /** Finds an account by number. */
    Future<Optional<Account>> findById(String accountId);

    /** Returns whether {@code pin} matches the account's stored hash (false for unknown accounts). */
    Future<Boolean> verifyPin(String accountId, SensitiveValue pin);
}
