package org.centralita.flows.selfservice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A payment as stored: the last four digits and the gateway token, never the card number, expiry or CVV.
 *
 * @param idempotencyKey call id and attempt, unique
 * @param callId the call's uniqueid
 * @param accountId the account paid
 * @param amount the amount
 * @param currency ISO code
 * @param last4 the card's last four digits
 * @param token the gateway token, empty if declined
 * @param approved whether it was approved
 * @param confirmationCode the code spoken, empty if declined
 * @param declineReason the reason, empty if approved
 * @param createdAt when it was recorded
 */
public record PaymentRecord(
        String idempotencyKey,
        String callId,
        String accountId,
        BigDecimal amount,
        String currency,
        String last4,
        String token,
        boolean approved,
        String confirmationCode,
        String declineReason,
        Instant createdAt) {
    public PaymentRecord {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (last4 == null || !last4.matches("\\d{4}")) {
            throw new IllegalArgumentException("last4 must be four digits");
        }
    }
}
