package org.centralita.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Limits failed sign-ins: at most {@code maxFailures} per user name and client address, and four times that per
 * client address, within a sliding window. The arithmetic is plain logic with an injected clock; the failures live in
 * a {@link Failures} store: {@link #inMemory()} for tests, {@link #jdbc(Vertx, DataSource)} in the server, so that a
 * restart does not reset the counters and every server on the same database shares them.
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Failures store;

    /** Where failed sign-ins are kept, by throttle key. */
    public interface Failures {
        /** Returns the failures of each key after {@code cutoff}, oldest first (keys without any may be absent). */
        Future<Map<String, List<Instant>>> since(List<String> keys, Instant cutoff);

        /** Records one failure at {@code at} under each key, and forgets failures at or before {@code cutoff}. */
        Future<Void> add(List<String> keys, Instant at, Instant cutoff);

        /** Forgets the failures of {@code key}. */
        Future<Void> clear(String key);
    }

    /** Creates a throttle over failures kept in memory (lost at restart: for tests). */
    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this(maxFailures, window, clock, inMemory());
    }

    /** Creates a throttle over {@code store}. */
    public LoginThrottle(int maxFailures, Duration window, Clock clock, Failures store) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, got " + maxFailures);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Returns how long the caller must wait before trying again, or {@link Duration#ZERO} if allowed. */
    public Future<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        String user = userKey(username, address);
        String addr = addressKey(address);
        return store.since(List.of(user, addr), now.minus(window)).map(found -> {
            Duration a = wait(found.getOrDefault(user, List.of()), maxFailures, now);
            Duration b = wait(found.getOrDefault(addr, List.of()), maxFailures * 4, now);
            return a.compareTo(b) >= 0 ? a : b;
        });
    }

    /** Records a failed attempt. */
    public Future<Void> failed(String username, String address) {
        Instant now = clock.instant();
        return store.add(List.of(userKey(username, address), addressKey(address)), now, now.minus(window));
    }

    /** Forgets the failures of this user name from this address after a successful sign-in. */
    public Future<Void> succeeded(String username, String address) {
        return store.clear(userKey(username, address));
    }

    private Duration wait(List<Instant> failures, int limit, Instant now) {
        if (failures.size() < limit) {
            return Duration.ZERO;
        }
        // The oldest failure that still counts must leave the window before another attempt is allowed.
        Instant oldest = failures.get(failures.size() - limit);
        Duration d = Duration.between(now, oldest.plus(window));
        return d.isNegative() || d.isZero() ? Duration.ZERO : d;
    }

    private static String userKey(String username, String address) {
        return "u:" + (username == null ? "" : username) + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }

    /** Returns a store in memory. */
    public static Failures inMemory() {
        return new InMemoryFailures();
    }

    /**
     * Returns a store in the {@code login_failures} table (only the SHA-256 of each key is stored); JDBC runs on
     * worker threads.
     */
    public static Failures jdbc(Vertx vertx, DataSource dataSource) {
        return new JdbcFailures(vertx, dataSource);
    }

    private static final class InMemoryFailures implements Failures {
        private final Map<String, Deque<Instant>> failures = new HashMap<>();

        @Override
        public synchronized Future<Map<String, List<Instant>>> since(List<String> keys, Instant cutoff) {
            Map<String, List<Instant>> out = new HashMap<>();
            for (String k : keys) {
                Deque<Instant> q = failures.get(k);
                if (q != null) {
                    out.put(k, q.stream().filter(i -> i.isAfter(cutoff)).toList());
                }
            }
            return Future.succeededFuture(out);
        }

        @Override
        public synchronized Future<Void> add(List<String> keys, Instant at, Instant cutoff) {
            keys.forEach(
                    k -> failures.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(at));
            Iterator<Map.Entry<String, Deque<Instant>>> it = failures.entrySet().iterator();
            while (it.hasNext()) {
                Deque<Instant> q = it.next().getValue();
                while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
                    q.pollFirst();
                }
                if (q.isEmpty()) {
                    it.remove();
                }
            }
            return Future.succeededFuture();
        }

        @Override
        public synchronized Future<Void> clear(String key) {
            failures.remove(key);
            return Future.succeededFuture();
        }
    }

    private static final class JdbcFailures implements Failures {
        private final Vertx vertx;
        private final DataSource dataSource;

        JdbcFailures(Vertx vertx, DataSource dataSource) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        @Override
        public Future<Map<String, List<Instant>>> since(List<String> keys, Instant cutoff) {
            return UserStore.runBlocking(vertx, () -> {
                Map<String, String> byHash = new HashMap<>();
                keys.forEach(k -> byHash.put(ApiTokenStore.sha256(k), k));
                String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
                Map<String, List<Instant>> out = new HashMap<>();
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement("SELECT throttle_key, failed_at FROM login_failures"
                                + " WHERE throttle_key IN (" + marks + ") AND failed_at > ? ORDER BY failed_at")) {
                    int i = 1;
                    for (String hash : byHash.keySet()) {
                        ps.setString(i++, hash);
                    }
                    ps.setObject(i, odt(cutoff));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(byHash.get(rs.getString(1)), k -> new ArrayList<>())
                                    .add(rs.getObject(2, OffsetDateTime.class).toInstant());
                        }
                    }
                }
                return out;
            });
        }

        @Override
        public Future<Void> add(List<String> keys, Instant at, Instant cutoff) {
            return UserStore.runBlocking(vertx, () -> {
                try (Connection c = dataSource.getConnection()) {
                    try (PreparedStatement ps =
                            c.prepareStatement("INSERT INTO login_failures (throttle_key, failed_at) VALUES (?, ?)")) {
                        for (String k : keys) {
                            ps.setString(1, ApiTokenStore.sha256(k));
                            ps.setObject(2, odt(at));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE failed_at <= ?")) {
                        ps.setObject(1, odt(cutoff));
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        }

        @Override
        public Future<Void> clear(String key) {
            return UserStore.runBlocking(vertx, () -> {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps =
                                c.prepareStatement("DELETE FROM login_failures WHERE throttle_key = ?")) {
                    ps.setString(1, ApiTokenStore.sha256(key));
                    ps.executeUpdate();
                }
                return null;
            });
        }

        private static OffsetDateTime odt(Instant i) {
            return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
        }
    }
}
