package org.centralita.flows.selfservice;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    public Future<Boolean> verifyPin(String accountId, SensitiveValue pin) {
        return jdbc.run("verifying a PIN", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pin_hash FROM ivr_account WHERE account_id = ?")) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // Spend the same time as a real check so account numbers cannot be probed by timing.
                        BCrypt.verifyer().verify(pin.reveal().toCharArray(), DUMMY_HASH);
                        return false;
                    }
                    return BCrypt.verifyer()
                            .verify(pin.reveal().toCharArray(), rs.getString(1).toCharArray())
                            .verified;
                }
            }
        });
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
