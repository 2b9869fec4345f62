package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Charges cards. Implementations must be idempotent by {@link ChargeRequest#idempotencyKey()}, across restarts: a
 * repeated request returns the first result and never charges again. A failed future means the outcome is unknown
 * (network); {@link #lookup} tells it later.
 */
public interface PaymentGateway {

    /** Charges the card. */
    Future<ChargeResult> charge(ChargeRequest request);

    /**
     * Returns the result of the charge made under {@code idempotencyKey}, or empty if the gateway never charged under
     * that key (so the payment can be marked not charged). Fails if the gateway cannot tell now.
     */
    Future<Optional<ChargeResult>> lookup(String idempotencyKey);
}
