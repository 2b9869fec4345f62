package org.centralita.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.centralita.server.ServerException;
import org.centralita.server.http.ApiException;

/**
 * Users in SQL ({@code users} table). Every method runs JDBC on a worker thread and returns a future.
 *
 * <p>Rules kept here, not in the UI: user names are unique, the last enabled admin can be neither
 * disabled, demoted nor deleted, and passwords are stored only as bcrypt hashes.
 */
public final class UserStore {
    private static final String COLUMNS =
            "id, username, display_name, role, language, enabled, must_change_password, created_at, phone_endpoint, demo";

    private final Vertx vertx;
    private final DataSource dataSource;
    private final PasswordHasher hasher;
    private final Clock clock;

    /** Creates a store over {@code dataSource} hashing with the given bcrypt cost. */
    public UserStore(Vertx vertx, DataSource dataSource, int bcryptCost, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.hasher = new PasswordHasher(bcryptCost);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A user to create; fields are validated by the store.
     *
     * @param phoneEndpoint the agent's phone endpoint ({@code PJSIP/ana}), or null
     * @param demo whether this is a demo account with the published demo password
     */
    public record NewUser(
            String username,
            String displayName,
            Role role,
            String language,
            String password,
            boolean mustChangePassword,
            String phoneEndpoint,
            boolean demo) {
        /** A user without a phone endpoint, not a demo account. */
        public NewUser(
                String username,
                String displayName,
                Role role,
                String language,
                String password,
                boolean mustChangePassword) {
            this(username, displayName, role, language, password, mustChangePassword, null, false);
        }
    }

    /**
     * Changes to a user; null fields stay as they are ({@code phoneEndpoint} "" removes the endpoint).
     */
    public record Changes(
            String displayName, Role role, String language, Boolean enabled, String password, String phoneEndpoint) {
        /** Changes that leave the phone endpoint as it is. */
        public Changes(String displayName, Role role, String language, Boolean enabled, String password) {
            this(displayName, role, language, enabled, password, null);
        }
    }

    /** Returns every user ordered by user name. */
    public Future<List<User>> list() {
        return blocking(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username")) {
                List<User> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Returns the user with {@code id}, if any. */
    public Future<Optional<User>> find(long id) {
        return blocking(() -> {
            try (Connection c = dataSource.getConnection()) {
                return find(c, id);
            }
        });
    }

    /** Returns whether any user exists (the first-admin bootstrap runs when none does). */
    public Future<Boolean> isEmpty() {
        return blocking(() -> {
            try (Connection c = dataSource.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM users")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    /**
     * Creates a user.
     *
     * @return a failed future with {@link ApiException} 400 on bad fields or 409 when the name is taken
     */
    public Future<User> create(NewUser u) {
        String username;
        String displayName;
        String language;
        String password;
        String endpoint;
        try {
            username = AccountRules.username(u.username());
            endpoint = PhoneEndpoint.normalize(u.phoneEndpoint());
            displayName = AccountRules.displayName(u.displayName());
            language = AccountRules.language(u.language());
            password = AccountRules.password(u.password());
            if (u.role() == null) {
                throw ApiException.invalid("role is required");
            }
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return blocking(() -> {
            String hash = hasher.hash(password);
            OffsetDateTime now = now();
            try (Connection c = dataSource.getConnection()) {
                if (findByUsername(c, username).isPresent()) {
                    throw ApiException.conflict("a user named " + username + " already exists");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (username, display_name, role, language, password_hash, enabled,"
                                + " must_change_password, created_at, updated_at, phone_endpoint, demo)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
                    ps.setString(1, username);
                    ps.setString(2, displayName);
                    ps.setString(3, u.role().id());
                    ps.setString(4, language);
                    ps.setString(5, hash);
                    ps.setBoolean(6, true);
                    ps.setBoolean(7, u.mustChangePassword());
                    ps.setObject(8, now);
                    ps.setObject(9, now);
                    ps.setString(10, endpoint);
                    ps.setBoolean(11, u.demo());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        return find(c, keys.getLong(1)).orElseThrow();
                    }
                } catch (SQLException e) {
                    if (findByUsername(c, username).isPresent()) {
                        throw ApiException.conflict("a user named " + username + " already exists");
                    }
                    throw e;
                }
            }
        });
    }

    /**
     * Applies {@code changes} to user {@code id}.
     *
     * @return the updated user; fails with 404, 400, or 409 when it would leave no enabled admin
     */
    public Future<User> update(long id, Changes changes) {
        try {
            if (changes.displayName() != null) {
                AccountRules.displayName(changes.displayName());
            }
            if (changes.language() != null) {
                AccountRules.language(changes.language());
            }
            if (changes.password() != null) {
                AccountRules.password(changes.password());
            }
            if (changes.phoneEndpoint() != null) {
                PhoneEndpoint.normalize(changes.phoneEndpoint());
            }
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return blocking(() -> {
            String hash = changes.password() == null ? null : hasher.hash(changes.password());
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    User current = find(c, id).orElseThrow(() -> ApiException.notFound("no user with id " + id));
                    boolean losesAdmin = current.role() == Role.ADMIN
                            && current.enabled()
                            && ((changes.role() != null && changes.role() != Role.ADMIN)
                                    || Boolean.FALSE.equals(changes.enabled()));
                    if (losesAdmin && enabledAdmins(c) <= 1) {
                        throw ApiException.conflict("the last enabled admin cannot be disabled or demoted");
                    }
                    // A demo account keeps the published password until an admin sets a new one: not enabled before.
                    boolean demo = current.demo() && hash == null;
                    if (demo && Boolean.TRUE.equals(changes.enabled()) && !current.enabled()) {
                        throw new ApiException(
                                409,
                                "demo_account",
                                current.username() + " is a demo account with the published demo password:"
                                        + " set a new password to enable it");
                    }
                    String endpoint = changes.phoneEndpoint() == null
                            ? current.phoneEndpoint()
                            : PhoneEndpoint.normalize(changes.phoneEndpoint());
                    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET display_name = ?, role = ?,"
                            + " language = ?, enabled = ?, password_hash = COALESCE(?, password_hash),"
                            + " must_change_password = ?, updated_at = ?, phone_endpoint = ?, demo = ? WHERE id = ?")) {
                        ps.setString(
                                1,
                                changes.displayName() == null
                                        ? current.displayName()
                                        : changes.displayName().strip());
                        ps.setString(2, (changes.role() == null ? current.role() : changes.role()).id());
                        ps.setString(3, changes.language() == null ? current.language() : changes.language());
                        ps.setBoolean(4, changes.enabled() == null ? current.enabled() : changes.enabled());
                        ps.setString(5, hash);
                        // An admin setting someone's password makes them choose their own at next sign-in.
                        ps.setBoolean(6, hash != null || current.mustChangePassword());
                        ps.setObject(7, now());
                        ps.setString(8, endpoint);
                        ps.setBoolean(9, demo);
                        ps.setLong(10, id);
                        ps.executeUpdate();
                    }
                    User updated = find(c, id).orElseThrow();
                    c.commit();
                    return updated;
                } catch (RuntimeException | SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        });
    }

    /** Deletes user {@code id} and their API tokens; fails with 404, or 409 for the last enabled admin. */
    public Future<Void> delete(long id) {
        return blocking(() -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    User current = find(c, id).orElseThrow(() -> ApiException.notFound("no user with id " + id));
                    if (current.role() == Role.ADMIN && current.enabled() && enabledAdmins(c) <= 1) {
                        throw ApiException.conflict("the last enabled admin cannot be deleted");
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE user_id = ?")) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                    c.commit();
                    return null;
                } catch (RuntimeException | SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        });
    }

    /**
     * Checks a user name and password; empty when wrong, unknown or disabled (all take the same time).
     */
    public Future<Optional<User>> authenticate(String username, String password) {
        return blocking(() -> {
            String hash = null;
            User user = null;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("SELECT " + COLUMNS + ", password_hash FROM users WHERE username = ?")) {
                ps.setString(1, username == null ? "" : username);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        user = read(rs);
                        hash = rs.getString("password_hash");
                    }
                }
            }
            String pw = password == null ? "" : password;
            if (hash == null) {
                hasher.verifyDummy(pw);
                return Optional.empty();
            }
            boolean ok = hasher.verify(pw, hash);
            return ok && user.enabled() ? Optional.of(user) : Optional.empty();
        });
    }

    /** Changes a user's own password after checking the current one; fails with 400 when it is wrong. */
    public Future<User> changeOwnPassword(long id, String currentPassword, String newPassword) {
        try {
            AccountRules.password(newPassword);
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return blocking(() -> {
            try (Connection c = dataSource.getConnection()) {
                String hash;
                try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw ApiException.notFound("no user with id " + id);
                        }
                        hash = rs.getString(1);
                    }
                }
                if (!hasher.verify(currentPassword == null ? "" : currentPassword, hash)) {
                    throw new ApiException(400, "wrong_password", "the current password is not correct");
                }
                if (newPassword.equals(currentPassword)) {
                    throw ApiException.invalid("the new password must differ from the current one");
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE users SET password_hash = ?,"
                        + " must_change_password = ?, updated_at = ?, demo = FALSE WHERE id = ?")) {
                    ps.setString(1, hasher.hash(newPassword));
                    ps.setBoolean(2, false);
                    ps.setObject(3, now());
                    ps.setLong(4, id);
                    ps.executeUpdate();
                }
                return find(c, id).orElseThrow();
            }
        });
    }

    /**
     * Disables every demo account and returns the user names it disabled: users marked demo, and users named in
     * {@code names} whose password is still {@code publicPassword} (seeded by a demo mode that did not mark them yet;
     * they are marked now). Their sessions and API tokens stop working at once (both require an enabled user).
     */
    public Future<List<String>> disableDemoAccounts(java.util.Collection<String> names, String publicPassword) {
        return blocking(() -> {
            List<String> disabled = new ArrayList<>();
            try (Connection c = dataSource.getConnection()) {
                List<Object[]> candidates = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                                "SELECT id, username, enabled, demo, password_hash FROM users ORDER BY username");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean("demo") || names.contains(rs.getString("username"))) {
                            candidates.add(new Object[] {
                                rs.getLong("id"),
                                rs.getString("username"),
                                rs.getBoolean("enabled"),
                                rs.getBoolean("demo"),
                                rs.getString("password_hash")
                            });
                        }
                    }
                }
                for (Object[] u : candidates) {
                    boolean demo = (Boolean) u[3] || hasher.verify(publicPassword, (String) u[4]);
                    if (!demo) {
                        continue; // a real account that happens to have a demo account's name
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE users SET enabled = FALSE, demo = TRUE, updated_at = ? WHERE id = ?")) {
                        ps.setObject(1, now());
                        ps.setLong(2, (Long) u[0]);
                        ps.executeUpdate();
                    }
                    if ((Boolean) u[2]) {
                        disabled.add((String) u[1]);
                    }
                }
            }
            return disabled;
        });
    }

    private int enabledAdmins(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM users WHERE role = 'admin' AND enabled = TRUE")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Optional<User> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<User> findByUsername(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static User read(ResultSet rs) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                Role.parse(rs.getString("role")),
                rs.getString("language"),
                rs.getBoolean("enabled"),
                rs.getBoolean("must_change_password"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("phone_endpoint"),
                rs.getBoolean("demo"));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Work that may throw checked exceptions. */
    interface Work<T> {
        T run() throws Exception;
    }

    private <T> Future<T> blocking(Work<T> work) {
        return runBlocking(vertx, work);
    }

    static <T> Future<T> runBlocking(Vertx vertx, Work<T> work) {
        return vertx.executeBlocking(
                () -> {
                    try {
                        return work.run();
                    } catch (SQLException e) {
                        throw new ServerException("database error: " + e.getMessage(), e);
                    }
                },
                false);
    }
}
