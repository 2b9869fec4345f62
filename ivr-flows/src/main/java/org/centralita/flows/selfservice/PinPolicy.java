package org.centralita.flows.selfservice;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When wrong PINs lock an account, across calls: {@code maxFailures} wrong PINs within {@code window} lock it for
 * {@code lockFor}; a right PIN clears the count.
 *
 * @param maxFailures wrong PINs that lock the account (at least 1)
 * @param window how far back wrong PINs count
 * @param lockFor how long the account stays locked
 */
public record PinPolicy(int maxFailures, Duration window, Duration lockFor) {

    /** 5 wrong PINs within 15 minutes lock the account for 30 minutes. */
    public static final PinPolicy DEFAULT = new PinPolicy(5, Duration.ofMinutes(15), Duration.ofMinutes(30));

    public PinPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lockFor, "lockFor");
        if (window.isNegative() || window.isZero() || lockFor.isNegative() || lockFor.isZero()) {
            throw new IllegalArgumentException("window and lockFor must be positive");
        }
    }

    /**
     * Parses a duration as flows write them: {@code 90s}, {@code 15m}, {@code 1h}, or ISO-8601 ({@code PT15M}).
     *
     * @throws IllegalArgumentException naming the text if it is not one
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write 90s, 15m, 1h)", e);
        }
        throw new IllegalArgumentException("not a duration: '" + text + "' (write 90s, 15m, 1h)");
    }
}
