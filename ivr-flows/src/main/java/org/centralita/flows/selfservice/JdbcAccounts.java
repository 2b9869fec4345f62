package org.centralita.flows.selfservice;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.centralita.flows.SensitiveValue;

/** {@link Accounts} over the {@code ivr_account} table; PINs are bcrypt hashes, verified on a worker. */
public final class JdbcAccounts implements Accounts {

    private static final String COLUMNS =
            "account_id, customer_name, name_prompt, phone, language, amount_due, currency, due_date, min_payment";

    private final Jdbc jdbc;

    /** Creates the repository over the server's shared DataSource. */
    public JdbcAccounts(Vertx vertx, DataSource dataSource) {
        this.jdbc = new Jdbc(vertx, dataSource);
    }

    @Override
    public Future<Optional<Account>> findByPhone(String callerId) {
        String digits = callerId == null ? "" : callerId.replaceAll("[^0-9]", "");
        if (digits.length() < 6) {
            return Future.succeededFuture(Optional.empty());
        }
        return jdbc.run("finding an account by phone", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ivr_account WHERE phone = ?")) {
                ps.setString(1, digits);
                return one(ps);
            }
        });
    }

    @Override
    public Future<Optional<Account>> findById(String accountId) {
        return jdbc.run("finding an account", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM ivr_account WHERE account_id = ?")) {
                ps.setString(1, accountId);
                return one(ps);
            }
        });
    }

    @Override
    public Future<PinCheck> verifyPin(String accountId, SensitiveValue pin, PinPolicy policy, Instant now) {
        return jdbc.run("verifying a PIN", c -> {
            String hash;
            Timestamp lockedUntil;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT pin_hash, pin_locked_until FROM ivr_account WHERE account_id = ?")) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // Spend the same time as a real check so account numbers cannot be probed by timing.
                        BCrypt.verifyer().verify(pin.reveal().toCharArray(), DUMMY_HASH);
                        return PinCheck.INVALID;
                    }
                    hash = rs.getString(1);
                    lockedUntil = rs.getTimestamp(2);
                }
            }
            if (lockedUntil != null && now.isBefore(lockedUntil.toInstant())) {
                return PinCheck.LOCKED;
            }
            boolean right = BCrypt.verifyer().verify(pin.reveal().toCharArray(), hash.toCharArray()).verified;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                PinCheck result = right ? cleared(c, accountId) : failed(c, accountId, policy, now);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }

    private static PinCheck cleared(Connection c, String accountId) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM ivr_pin_failure WHERE account_id = ?");
                PreparedStatement unlock =
                        c.prepareStatement("UPDATE ivr_account SET pin_locked_until = NULL WHERE account_id = ?")) {
            del.setString(1, accountId);
            del.executeUpdate();
            unlock.setString(1, accountId);
            unlock.executeUpdate();
        }
        return PinCheck.VERIFIED;
    }

    private static PinCheck failed(Connection c, String accountId, PinPolicy policy, Instant now) throws SQLException {
        Timestamp since = Timestamp.from(now.minus(policy.window()));
        try (PreparedStatement ins =
                        c.prepareStatement("INSERT INTO ivr_pin_failure (account_id, failed_at) VALUES (?, ?)");
                PreparedStatement old =
                        c.prepareStatement("DELETE FROM ivr_pin_failure WHERE account_id = ? AND failed_at <= ?")) {
            ins.setString(1, accountId);
            ins.setTimestamp(2, Timestamp.from(now));
            ins.executeUpdate();
            old.setString(1, accountId);
            old.setTimestamp(2, since);
            old.executeUpdate();
        }
        int recent;
        try (PreparedStatement count =
                c.prepareStatement("SELECT COUNT(*) FROM ivr_pin_failure WHERE account_id = ? AND failed_at > ?")) {
            count.setString(1, accountId);
            count.setTimestamp(2, since);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                recent = rs.getInt(1);
            }
        }
        if (recent < policy.maxFailures()) {
            return PinCheck.INVALID;
        }
        try (PreparedStatement lock =
                        c.prepareStatement("UPDATE ivr_account SET pin_locked_until = ? WHERE account_id = ?");
                PreparedStatement del = c.prepareStatement("DELETE FROM ivr_pin_failure WHERE account_id = ?")) {
            lock.setTimestamp(1, Timestamp.from(now.plus(policy.lockFor())));
            lock.setString(2, accountId);
            lock.executeUpdate();
            del.setString(1, accountId);
            del.executeUpdate();
        }
        return PinCheck.LOCKED;
    }

    private static final char[] DUMMY_HASH =
            "$2a$10$0YlI3orirf0YPOWG6HtiYurKNeg3xLvKy8QNn6n66HquEwy62Ayv2".toCharArray();

    /** Returns a bcrypt hash of {@code pin} (cost 10) for seeding or changing PINs. */
    public static String hashPin(SensitiveValue pin) {
        return BCrypt.withDefaults().hashToString(10, pin.reveal().toCharArray());
    }

    private static Optional<Account> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Account(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getBigDecimal(6),
                    rs.getString(7),
                    rs.getDate(8).toLocalDate(),
                    rs.getBigDecimal(9)));
        }
    }
}
