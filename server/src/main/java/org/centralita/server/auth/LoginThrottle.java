package org.centralita.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Limits failed sign-ins: at most {@code maxFailures} per user name and client address, and four times
 * that per client address, within a sliding window. Plain logic with an injected clock; call it from
 * one thread (the HTTP verticle's event loop).
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    /** Creates a throttle. */
    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, got " + maxFailures);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns how long the caller must wait before trying again, or {@link Duration#ZERO} if allowed. */
    public Duration retryAfter(String username, String address) {
        Instant now = clock.instant();
        prune(now);
        Duration a = wait(userKey(username, address), maxFailures, now);
        Duration b = wait(addressKey(address), maxFailures * 4, now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Records a failed attempt. */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        failures.computeIfAbsent(userKey(username, address), k -> new ArrayDeque<>())
                .addLast(now);
        failures.computeIfAbsent(addressKey(address), k -> new ArrayDeque<>()).addLast(now);
    }

    /** Forgets the failures of this user name from this address after a successful sign-in. */
    public void succeeded(String username, String address) {
        failures.remove(userKey(username, address));
    }

    private Duration wait(String key, int limit, Instant now) {
        Deque<Instant> q = failures.get(key);
        if (q == null || q.size() < limit) {
            return Duration.ZERO;
        }
        // The oldest failure that still counts must leave the window before another attempt is allowed.
        Instant oldest = q.toArray(new Instant[0])[q.size() - limit];
        Duration d = Duration.between(now, oldest.plus(window));
        return d.isNegative() || d.isZero() ? Duration.ZERO : d;
    }

    private void prune(Instant now) {
        Instant cutoff = now.minus(window);
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
    }

    private static String userKey(String username, String address) {
        return "u:" + (username == null ? "" : username) + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
