package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.centralita.flows.FlowsException;

/** {@link Payments} over the {@code ivr_payment} table (unique idempotency key; PENDING before the charge). */
public final class JdbcPayments implements Payments {

    private static final String COLUMNS = "idempotency_key, call_id, account_id, amount, currency, card_last4, "
            + "card_token, status, confirmation_code, decline_reason, created_at";

    private final Jdbc jdbc;
    private final Clock clock;

    /** Creates the repository over the server's shared DataSource. */
    public JdbcPayments(Vertx vertx, DataSource dataSource) {
        this(vertx, dataSource, Clock.systemUTC());
    }

    /** Creates the repository; {@code clock} stamps settlements. */
    public JdbcPayments(Vertx vertx, DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(vertx, dataSource);
        this.clock = clock;
    }

    @Override
    public Future<Optional<PaymentRecord>> find(String idempotencyKey) {
        return jdbc.run("finding a payment", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM ivr_payment WHERE idempotency_key = ?")) {
                ps.setString(1, idempotencyKey);
                List<PaymentRecord> all = read(ps);
                return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
            }
        });
    }

    @Override
    public Future<Boolean> begin(PaymentRecord p) {
        return jdbc.run("recording a pending payment", c -> {
            try (PreparedStatement check =
                    c.prepareStatement("SELECT COUNT(*) FROM ivr_payment WHERE idempotency_key = ?")) {
                check.setString(1, p.idempotencyKey());
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ivr_payment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, p.idempotencyKey());
                ps.setString(2, p.callId());
                ps.setString(3, p.accountId());
                ps.setBigDecimal(4, p.amount());
                ps.setString(5, p.currency());
                ps.setString(6, p.last4());
                ps.setString(7, "");
                ps.setString(8, PaymentRecord.Status.PENDING.name());
                ps.setString(9, "");
                ps.setString(10, "");
                ps.setTimestamp(11, Timestamp.from(p.createdAt()));
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                // A concurrent insert of the same key won the race: its row stands.
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                return false;
            }
        });
    }

    @Override
    public Future<Void> settle(String key, ChargeResult r) {
        return jdbc.run("settling a payment", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ivr_payment SET status = ?, card_token = ?, "
                    + "confirmation_code = ?, decline_reason = ?, settled_at = ? "
                    + "WHERE idempotency_key = ? AND status IN ('PENDING', 'NOT_CHARGED')")) {
                ps.setString(1, (r.approved() ? PaymentRecord.Status.APPROVED : PaymentRecord.Status.DECLINED).name());
                ps.setString(2, r.token());
                ps.setString(3, r.confirmationCode());
                ps.setString(4, r.declineReason());
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.setString(6, key);
                if (ps.executeUpdate() == 0) {
                    check(c, key);
                }
            }
            return null;
        });
    }

    /** An update matched nothing: fine if the row is settled already, an error if there is no row. */
    private static void check(java.sql.Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ivr_payment WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    throw new FlowsException("no payment row for key " + key);
                }
            }
        }
    }

    @Override
    public Future<Void> notCharged(String key) {
        return jdbc.run("marking a payment not charged", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ivr_payment SET status = 'NOT_CHARGED', "
                    + "settled_at = ? WHERE idempotency_key = ? AND status = 'PENDING'")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setString(2, key);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<List<PaymentRecord>> pending() {
        return jdbc.run("listing pending payments", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM ivr_payment WHERE status = 'PENDING' ORDER BY payment_id")) {
                return read(ps);
            }
        });
    }

    @Override
    public Future<List<PaymentRecord>> forAccount(String accountId) {
        return jdbc.run("listing payments", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM ivr_payment WHERE account_id = ? ORDER BY payment_id DESC")) {
                ps.setString(1, accountId);
                return read(ps);
            }
        });
    }

    private static List<PaymentRecord> read(PreparedStatement ps) throws SQLException {
        List<PaymentRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PaymentRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBigDecimal(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        PaymentRecord.Status.valueOf(rs.getString(8)),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getTimestamp(11).toInstant()));
            }
        }
        return out;
    }
}
