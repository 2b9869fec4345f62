package org.centralita.campaigns;

import java.time.Duration;
import java.util.Objects;

/**
 * What to do after an attempt ended with a given outcome: try again after {@code delay}, unless the contact has
 * already had {@code maxAttempts} attempts in total.
 */
public record RetryRule(Duration delay, int maxAttempts) {
    public RetryRule {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("retry delay must not be negative, got " + delay);
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 100, got " + maxAttempts);
        }
    }
}
