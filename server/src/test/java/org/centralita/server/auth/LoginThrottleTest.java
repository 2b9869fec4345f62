package org.centralita.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), clock);

    @Test
    void allowsAttemptsUntilTheLimitThenAsksToWaitUntilTheOldestFailureExpires() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfter("ana", "10.0.0.1")).isZero();
            throttle.failed("ana", "10.0.0.1");
            clock.now = clock.now.plusSeconds(10);
        }
        assertThat(throttle.retryAfter("ana", "10.0.0.1")).isEqualTo(Duration.ofSeconds(300 - 30));
        clock.now = clock.now.plusSeconds(270);
        assertThat(throttle.retryAfter("ana", "10.0.0.1")).isZero();
    }

    @Test
    void anotherUserOrAddressIsNotLockedOutByOnesFailures() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("ana", "10.0.0.1");
        }
        assertThat(throttle.retryAfter("ana", "10.0.0.2")).isZero();
        assertThat(throttle.retryAfter("luis", "10.0.0.1")).isZero();
    }

    @Test
    void oneAddressTryingManyUserNamesIsLimitedToo() {
        for (int i = 0; i < 12; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.retryAfter("someone-else", "10.0.0.9")).isPositive();
    }

    @Test
    void aSuccessfulSignInClearsThatUsersFailures() {
        throttle.failed("ana", "10.0.0.1");
        throttle.failed("ana", "10.0.0.1");
        throttle.succeeded("ana", "10.0.0.1");
        throttle.failed("ana", "10.0.0.1");
        assertThat(throttle.retryAfter("ana", "10.0.0.1")).isZero();
    }
}
