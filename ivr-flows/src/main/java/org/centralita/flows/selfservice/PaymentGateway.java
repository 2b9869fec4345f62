package org.centralita.flows.selfservice;

import io.vertx.core.Future;

/**
 * Charges cards. Implementations must be idempotent by {@link ChargeRequest#idempotencyKey()}: a repeated request
 * returns the first result and never charges again. A failed future means the outcome is unknown (network).
 */
public interface PaymentGateway {

    /** Charges the card. */
    Future<ChargeResult> charge(ChargeRequest request);
}
