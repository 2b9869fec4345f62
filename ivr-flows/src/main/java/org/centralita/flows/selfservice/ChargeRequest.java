package org.centralita.flows.selfservice;

import java.math.BigDecimal;
import java.util.Objects;
import org.centralita.flows.SensitiveValue;

/**
 * One card charge. The card data are {@link SensitiveValue}s, so {@code toString} never shows them.
 *
 * @param idempotencyKey the same key always gives the same result and at most one charge
 * @param accountId the account paid
 * @param amount the amount, 2 decimals
 * @param currency ISO code
 * @param cardNumber PAN
 * @param expiry MMYY
 * @param cvv card verification value
 */
public record ChargeRequest(
        String idempotencyKey,
        String accountId,
        BigDecimal amount,
        String currency,
        SensitiveValue cardNumber,
        SensitiveValue expiry,
        SensitiveValue cvv) {
    public ChargeRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(cardNumber, "cardNumber");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(cvv, "cvv");
    }
}
