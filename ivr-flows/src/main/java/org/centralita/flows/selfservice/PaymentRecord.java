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
 * @param token the gateway token, empty unless approved
 * @param status where the payment stands
 * @param confirmationCode the code spoken, empty unless approved
 * @param declineReason the reason, empty unless declined
 * @param createdAt when the row was written (before the gateway was asked)
 */
public record PaymentRecord(
        String idempotencyKey,
        String callId,
        String accountId,
        BigDecimal amount,
        String currency,
        String last4,
        String token,
        Status status,
        String confirmationCode,
        String declineReason,
        Instant createdAt) {

    /** Where a payment stands. */
    public enum Status {
        /** Written before the gateway was asked; the outcome is not known yet (reconciliation settles it). */
        PENDING,
        /** The gateway approved the charge. */
        APPROVED,
        /** The gateway declined the charge. */
        DECLINED,
        /** Reconciliation found that the gateway never charged it (the call ended before the charge). */
        NOT_CHARGED;

        /** Returns whether the gateway's answer is known and final. */
        public boolean settled() {
            return this == APPROVED || this == DECLINED;
        }
    }

    public PaymentRecord {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (last4 == null || !last4.matches("\\d{4}")) {
            throw new IllegalArgumentException("last4 must be four digits");
        }
        token = Objects.requireNonNullElse(token, "");
        Objects.requireNonNull(status, "status");
        confirmationCode = Objects.requireNonNullElse(confirmationCode, "");
        declineReason = Objects.requireNonNullElse(declineReason, "");
    }

    /** Returns whether the charge was approved. */
    public boolean approved() {
        return status == Status.APPROVED;
    }

    /** Returns the gateway's answer, for a settled payment. */
    public ChargeResult result() {
        if (!status.settled()) {
            throw new IllegalStateException("payment " + idempotencyKey + " is " + status);
        }
        return new ChargeResult(approved(), token, confirmationCode, declineReason);
    }
}
