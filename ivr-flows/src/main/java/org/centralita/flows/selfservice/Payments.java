package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The record of card payments taken by the IVR. */
public interface Payments {

    /** Returns the payment recorded under {@code idempotencyKey}, if any. */
    Future<Optional<PaymentRecord>> find(String idempotencyKey);

    /** Records a payment; a second record with the same key is ignored (the first one stays). */
    Future<Void> record(PaymentRecord payment);

    /** Returns the payments of an account, newest first. */
    Future<List<PaymentRecord>> forAccount(String accountId);
}
