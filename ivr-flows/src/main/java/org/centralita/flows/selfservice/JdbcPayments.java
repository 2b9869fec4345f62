package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link Payments} over the {@code ivr_payment} table (unique idempotency key). */
public final class JdbcPayments implements Payments {

    private static final String COLUMNS = "idempotency_key, call_id, account_id, amount, currency, card_last4, "
            + "card_token, status, confirmation_code, decline_reason, created_at";

    private final Jdbc jdbc;

    /** Creates the repository over the server's shared DataSource. */
    public JdbcPayments(Vertx vertx, DataSource dataSource) {
        this.jdbc = new Jdbc(vertx, dataSource);
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
    public Future<Void> record(PaymentRecord p) {
        return jdbc.run("recording a payment", c -> {
            try (PreparedStatement check =
                    c.prepareStatement("SELECT COUNT(*) FROM ivr_payment WHERE idempotency_key = ?")) {
                check.setString(1, p.idempotencyKey());
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return null;
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
                ps.setString(7, p.token());
                ps.setString(8, p.approved() ? "APPROVED" : "DECLINED");
                ps.setString(9, p.confirmationCode());
                ps.setString(10, p.declineReason());
                ps.setTimestamp(11, Timestamp.from(p.createdAt()));
                ps.executeUpdate();
            } catch (SQLException e) {
                // A concurrent insert of the same key lost the race: the first record stands.
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
            return null;
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
                        nz(rs.getString(7)),
                        "APPROVED".equals(rs.getString(8)),
                        nz(rs.getString(9)),
                        nz(rs.getString(10)),
                        rs.getTimestamp(11).toInstant()));
            }
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
