package org.centralita.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.centralita.server.http.ApiException;

/**
 * API tokens for scripts ({@code Authorization: Bearer ctk_...}). A token acts as the user it belongs
 * to, with that user's role. Only the SHA-256 of a token is stored; tokens carry 256 random bits, so a
 * fast hash is enough and lookups stay cheap.
 */
public final class ApiTokenStore {
    /** Prefix of every token, so leaked tokens are easy to recognise in logs and secret scanners. */
    public static final String PREFIX = "ctk_";

    private final Vertx vertx;
    private final DataSource dataSource;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Creates a store over {@code dataSource}. */
    public ApiTokenStore(Vertx vertx, DataSource dataSource, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A stored token's metadata (never the token). */
    public record ApiToken(
            long id,
            long userId,
            String username,
            String name,
            String prefix,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {
        /** Returns the JSON form used by the API. */
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id)
                    .put("userId", userId)
                    .put("username", username)
                    .put("name", name)
                    .put("prefix", prefix)
                    .put("createdAt", createdAt.toString())
                    .put("lastUsedAt", lastUsedAt == null ? null : lastUsedAt.toString())
                    .put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        }
    }

    /** A newly created token: the secret (shown once) and its metadata. */
    public record CreatedToken(String token, ApiToken metadata) {}

    /** Creates a token for {@code userId}; fails with 404 when the user does not exist. */
    public Future<CreatedToken> create(long userId, String name, long createdBy) {
        if (name == null || name.isBlank() || name.length() > 100) {
            return Future.failedFuture(ApiException.invalid("name must be 1-100 characters"));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return UserStore.runBlocking(vertx, () -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE id = ?")) {
                    ps.setLong(1, userId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw ApiException.notFound("no user with id " + userId);
                        }
                    }
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, created_by, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
                    ps.setLong(1, userId);
                    ps.setString(2, name.strip());
                    ps.setString(3, sha256(token));
                    ps.setString(4, token.substring(0, PREFIX.length() + 6));
                    ps.setLong(5, createdBy);
                    ps.setObject(6, now());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                return new CreatedToken(token, find(c, id).orElseThrow());
            }
        });
    }

    /** Returns every token, newest first. */
    public Future<List<ApiToken>> list() {
        return UserStore.runBlocking(vertx, () -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(select("") + " ORDER BY t.id DESC")) {
                List<ApiToken> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Revokes token {@code id} at once; fails with 404 when unknown. Revoking twice is harmless. */
    public Future<ApiToken> revoke(long id) {
        return UserStore.runBlocking(vertx, () -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                    ps.setObject(1, now());
                    ps.setLong(2, id);
                    if (ps.executeUpdate() == 0) {
                        throw ApiException.notFound("no API token with id " + id);
                    }
                }
                return find(c, id).orElseThrow();
            }
        });
    }

    /** Returns the enabled user a live token belongs to, or empty; records the time of use. */
    public Future<Optional<User>> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Future.succeededFuture(Optional.empty());
        }
        String hash = sha256(token);
        return UserStore.runBlocking(vertx, () -> {
            try (Connection c = dataSource.getConnection()) {
                Optional<User> user;
                long tokenId;
                try (PreparedStatement ps = c.prepareStatement("SELECT t.id AS token_id, u.id, u.username,"
                        + " u.display_name, u.role, u.language, u.enabled, u.must_change_password, u.created_at,"
                        + " u.phone_endpoint, u.demo FROM api_tokens t JOIN users u ON u.id = t.user_id"
                        + " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.enabled = TRUE")) {
                    ps.setString(1, hash);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<User>empty();
                        }
                        tokenId = rs.getLong("token_id");
                        user = Optional.of(UserStore.read(rs));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
                    ps.setObject(1, now());
                    ps.setLong(2, tokenId);
                    ps.executeUpdate();
                }
                return user;
            }
        });
    }

    private static String select(String where) {
        return "SELECT t.id, t.user_id, u.username, t.name, t.token_prefix, t.created_at, t.last_used_at,"
                + " t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id" + where;
    }

    private static Optional<ApiToken> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select(" WHERE t.id = ?"))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static ApiToken read(ResultSet rs) throws SQLException {
        return new ApiToken(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("username"),
                rs.getString("name"),
                rs.getString("token_prefix"),
                instant(rs, "created_at"),
                instant(rs, "last_used_at"),
                instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
