package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

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
    private final Jdbc ledger;
    private final Clock clock;
    private final AtomicInteger charges = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /** A sandbox whose idempotency keys live in memory (tests; they do not survive a restart). */
    public SandboxPaymentGateway() {
        this.ledger = null;
        this.clock = Clock.systemUTC();
    }

    /**
     * A sandbox whose idempotency keys are kept in the {@code ivr_sandbox_charge} table, so a restarted server gets
     * the first result for a key instead of a second charge, as from a real gateway. Stores no card data.
     */
    public SandboxPaymentGateway(Vertx vertx, DataSource dataSource, Clock clock) {
        this.ledger = new Jdbc(vertx, dataSource);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<ChargeResult> charge(ChargeRequest request) {
        if (ledger == null) {
            return Future.succeededFuture(byKey.computeIfAbsent(request.idempotencyKey(), k -> decide(request)));
        }
        return ledger.run("charging in the sandbox", c -> {
            Optional<ChargeResult> first = find(c, request.idempotencyKey());
            if (first.isPresent()) {
                return first.get();
            }
            ChargeResult r = decide(request);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ivr_sandbox_charge (idempotency_key, approved, "
                    + "token, confirmation_code, decline_reason, amount, currency, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, request.idempotencyKey());
                ps.setBoolean(2, r.approved());
                ps.setString(3, r.token());
                ps.setString(4, r.confirmationCode());
                ps.setString(5, r.declineReason());
                ps.setBigDecimal(6, request.amount());
                ps.setString(7, request.currency());
                ps.setTimestamp(8, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) { // a concurrent charge of the same key won: its result stands
                    if (r.approved()) {
                        charges.decrementAndGet();
                    }
                    return find(c, request.idempotencyKey()).orElseThrow(() -> e);
                }
                throw e;
            }
            return r;
        });
    }

    @Override
    public Future<Optional<ChargeResult>> lookup(String idempotencyKey) {
        if (ledger == null) {
            return Future.succeededFuture(Optional.ofNullable(byKey.get(idempotencyKey)));
        }
        return ledger.run("looking up a sandbox charge", c -> find(c, idempotencyKey));
    }

    private static Optional<ChargeResult> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT approved, token, confirmation_code, decline_reason "
                + "FROM ivr_sandbox_charge WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new ChargeResult(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
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

    /** Returns how many charges this instance approved (each idempotency key counts once). */
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
