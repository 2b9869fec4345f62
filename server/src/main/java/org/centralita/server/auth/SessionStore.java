package org.centralita.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Browser sessions in SQL ({@code http_sessions}), so that a restart, or another server on the same database, keeps
 * everybody signed in. Every method runs JDBC on a worker thread and returns a future.
 *
 * <p>The session id (the cookie value, 256 random bits) is never stored: only its SHA-256. A session ends after
 * {@code idleTimeout} without a request, {@code maxAge} after sign-in whatever the activity, at sign-out, when the
 * user changes their password (their other sessions), when an admin resets their password or disables them, and
 * when the user is deleted. Each session keeps its CSRF token.
 */
public final class SessionStore {
    private static final String COLUMNS = "s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at,"
            + " s.expires_at, u.id, u.username, u.display_name, u.role, u.language, u.enabled,"
            + " u.must_change_password, u.created_at AS user_created_at, u.phone_endpoint, u.demo";

    private final Vertx vertx;
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final Duration touchEvery;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates the store.
     *
     * @param idleTimeout a session unused this long ends ({@code http.session-timeout})
     * @param maxAge a session ends this long after sign-in ({@code http.session-max-age})
     */
    public SessionStore(Vertx vertx, DataSource dataSource, Clock clock, Duration idleTimeout, Duration maxAge) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("idleTimeout and maxAge must be positive");
        }
        // Recording the last request at most this often keeps a write off most requests.
        Duration tenth = idleTimeout.dividedBy(10);
        this.touchEvery = tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }

    /** A stored session; {@code idHash} is the SHA-256 of the cookie value. */
    public record BrowserSession(
            String idHash, long userId, String csrfToken, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {}

    /** A new session and the cookie value that names it (shown to the browser only). */
    public record Created(String id, BrowserSession session) {
        /** Hides the id. */
        @Override
        public String toString() {
            return "Created[id=***, session=" + session + "]";
        }
    }

    /** A live session with its (enabled) user. */
    public record Resolved(BrowserSession session, User user) {}

    /** Creates a session for {@code userId}, signed in from {@code address}. */
    public Future<Created> create(long userId, String address) {
        String id = randomToken();
        String csrf = randomToken();
        return UserStore.runBlocking(vertx, () -> {
            Instant now = clock.instant();
            BrowserSession s = new BrowserSession(ApiTokenStore.sha256(id), userId, csrf, now, now, now.plus(maxAge));
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO http_sessions (id_hash, user_id,"
                                    + " csrf_token, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.idHash());
                ps.setLong(2, userId);
                ps.setString(3, csrf);
                ps.setObject(4, odt(now));
                ps.setObject(5, odt(now));
                ps.setObject(6, odt(s.expiresAt()));
                ps.setString(7, address == null ? null : address.substring(0, Math.min(64, address.length())));
                ps.executeUpdate();
            }
            return new Created(id, s);
        });
    }

    /**
     * Returns the live session named by cookie value {@code id} with its user, recording this request; empty when
     * unknown, expired (removed then), or when the user is disabled (the session is revoked).
     */
    public Future<Optional<Resolved>> resolve(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Future.succeededFuture(Optional.empty());
        }
        String hash = ApiTokenStore.sha256(id);
        return UserStore.runBlocking(vertx, () -> {
            Instant now = clock.instant();
            try (Connection c = dataSource.getConnection()) {
                Resolved found;
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM http_sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?")) {
                    ps.setString(1, hash);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<Resolved>empty();
                        }
                        found = read(rs);
                    }
                }
                BrowserSession s = found.session();
                boolean over = !now.isBefore(s.expiresAt())
                        || !now.isBefore(s.lastSeenAt().plus(idleTimeout));
                if (over || !found.user().enabled()) {
                    delete(c, hash);
                    return Optional.<Resolved>empty();
                }
                if (!now.isBefore(s.lastSeenAt().plus(touchEvery))) {
                    try (PreparedStatement ps =
                            c.prepareStatement("UPDATE http_sessions SET last_seen_at = ? WHERE id_hash = ?")) {
                        ps.setObject(1, odt(now));
                        ps.setString(2, hash);
                        ps.executeUpdate();
                    }
                    s = new BrowserSession(s.idHash(), s.userId(), s.csrfToken(), s.createdAt(), now, s.expiresAt());
                }
                return Optional.of(new Resolved(s, found.user()));
            }
        });
    }

    /** Ends the session with SHA-256 {@code idHash} (sign-out). */
    public Future<Void> revoke(String idHash) {
        return UserStore.runBlocking(vertx, () -> {
            try (Connection c = dataSource.getConnection()) {
                delete(c, idHash);
            }
            return null;
        });
    }

    /**
     * Ends every session of {@code userId} except the one with SHA-256 {@code keepIdHash} (null to end all).
     *
     * @return how many sessions ended
     */
    public Future<Integer> revokeUser(long userId, String keepIdHash) {
        return UserStore.runBlocking(vertx, () -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("DELETE FROM http_sessions WHERE user_id = ? AND id_hash <> ?")) {
                ps.setLong(1, userId);
                ps.setString(2, keepIdHash == null ? "" : keepIdHash);
                return ps.executeUpdate();
            }
        });
    }

    /** Removes expired and idle sessions; returns how many. */
    public Future<Integer> purgeExpired() {
        return UserStore.runBlocking(vertx, () -> {
            Instant now = clock.instant();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM http_sessions WHERE expires_at <= ? OR last_seen_at <= ?")) {
                ps.setObject(1, odt(now));
                ps.setObject(2, odt(now.minus(idleTimeout)));
                return ps.executeUpdate();
            }
        });
    }

    private static void delete(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM http_sessions WHERE id_hash = ?")) {
            ps.setString(1, hash);
            ps.executeUpdate();
        }
    }

    private static Resolved read(ResultSet rs) throws SQLException {
        BrowserSession s = new BrowserSession(
                rs.getString("id_hash"),
                rs.getLong("user_id"),
                rs.getString("csrf_token"),
                instant(rs, "created_at"),
                instant(rs, "last_seen_at"),
                instant(rs, "expires_at"));
        User u = new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                Role.parse(rs.getString("role")),
                rs.getString("language"),
                rs.getBoolean("enabled"),
                rs.getBoolean("must_change_password"),
                instant(rs, "user_created_at"),
                rs.getString("phone_endpoint"),
                rs.getBoolean("demo"));
        return new Resolved(s, u);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime odt(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
