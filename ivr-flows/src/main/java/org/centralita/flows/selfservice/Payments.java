package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The record of card payments taken by the IVR. A payment is written {@code PENDING} before the gateway is asked and
 * settled after, so a charge never exists without a row.
 */
public interface Payments {

    /** Returns the payment recorded under {@code idempotencyKey}, if any. */
    Future<Optional<PaymentRecord>> find(String idempotencyKey);

    /**
     * Writes {@code pending} (status {@code PENDING}) before the gateway is asked; returns false, writing nothing, if
     * a row with the same key exists already.
     */
    Future<Boolean> begin(PaymentRecord pending);

    /** Records the gateway's answer for {@code idempotencyKey} (a PENDING or NOT_CHARGED row becomes final). */
    Future<Void> settle(String idempotencyKey, ChargeResult result);

    /** Marks a PENDING payment the gateway never charged as {@code NOT_CHARGED}. */
    Future<Void> notCharged(String idempotencyKey);

    /** Returns the PENDING payments, oldest first (for reconciliation with the gateway). */
    Future<List<PaymentRecord>> pending();

    /** Returns the payments of an account, newest first. */
    Future<List<PaymentRecord>> forAccount(String accountId);
}
