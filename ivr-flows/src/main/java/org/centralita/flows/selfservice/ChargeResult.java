package org.centralita.flows.selfservice;

import java.util.Objects;

/**
 * The gateway's answer to a charge.
 *
 * @param approved whether the charge was approved
 * @param token the gateway's card token (stored instead of the card), empty if declined
 * @param confirmationCode the code spoken to the caller, empty if declined
 * @param declineReason why it was declined, empty if approved
 */
public record ChargeResult(boolean approved, String token, String confirmationCode, String declineReason) {
    public ChargeResult {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(confirmationCode, "confirmationCode");
        Objects.requireNonNull(declineReason, "declineReason");
    }

    /** An approval. */
    public static ChargeResult approved(String token, String confirmationCode) {
        return new ChargeResult(true, token, confirmationCode, "");
    }

    /** A decline. */
    public static ChargeResult declined(String reason) {
        return new ChargeResult(false, "", "", reason);
    }
}
