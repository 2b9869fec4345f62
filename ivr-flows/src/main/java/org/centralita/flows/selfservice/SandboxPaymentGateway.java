package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded sandbox gateway: approves Luhn-valid test cards and declines the documented ones, idempotently.
 *
 * <p>Declined test cards (any expiry not past, any CVV): {@code 4000000000000002} card declined,
 * {@code 4000000000009995} insufficient funds, {@code 4000000000000069} expired card, {@code 4000000000000127}
 * incorrect CVV. Any other Luhn-valid number of 13-19 digits is approved, e.g. {@code 4111111111111111} or
 * {@code 5555555555554444}.
 */
public final class SandboxPaymentGateway implements PaymentGateway {

    /** The documented declining test cards and their reasons. */
    public static final Map<String, String> DECLINES = Map.of(
            "4000000000000002", "card_declined",
            "4000000000009995", "insufficient_funds",
            "4000000000000069", "expired_card",
            "4000000000000127", "incorrect_cvv");

    private final Map<String, ChargeResult> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger charges = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    @Override
    public Future<ChargeResult> charge(ChargeRequest request) {
        return Future.succeededFuture(byKey.computeIfAbsent(request.idempotencyKey(), k -> decide(request)));
    }

    private ChargeResult decide(ChargeRequest r) {
        String pan = r.cardNumber().reveal();
        String decline = DECLINES.get(pan);
        if (decline != null) {
            return ChargeResult.declined(decline);
        }
        if (pan.length() < 13 || pan.length() > 19 || !luhn(pan)) {
            return ChargeResult.declined("invalid_number");
        }
        charges.incrementAndGet();
        byte[] t = new byte[8];
        random.nextBytes(t);
        String code = String.format("%06d", random.nextInt(1_000_000));
        return ChargeResult.approved("tok_sbx_" + HexFormat.of().formatHex(t), code);
    }

    /** Returns how many charges were approved (each idempotency key counts once). */
    public int approvedCharges() {
        return charges.get();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
