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
            assertThat(throttle.retryAfter("ana", "10.0.0.1").result()).isZero();
            throttle.failed("ana", "10.0.0.1").result();
            clock.now = clock.now.plusSeconds(10);
        }
        assertThat(throttle.retryAfter("ana", "10.0.0.1").result()).isEqualTo(Duration.ofSeconds(300 - 30));
        clock.now = clock.now.plusSeconds(270);
        assertThat(throttle.retryAfter("ana", "10.0.0.1").result()).isZero();
    }

    @Test
    void anotherUserOrAddressIsNotLockedOutByOnesFailures() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("ana", "10.0.0.1").result();
        }
        assertThat(throttle.retryAfter("ana", "10.0.0.2").result()).isZero();
        assertThat(throttle.retryAfter("luis", "10.0.0.1").result()).isZero();
    }

    @Test
    void oneAddressTryingManyUserNamesIsLimitedToo() {
        for (int i = 0; i < 12; i++) {
            throttle.failed("user" + i, "10.0.0.9").result();
        }
        assertThat(throttle.retryAfter("someone-else", "10.0.0.9").result()).isPositive();
    }

    @Test
    void aSuccessfulSignInClearsThatUsersFailures() {
        throttle.failed("ana", "10.0.0.1").result();
        throttle.failed("ana", "10.0.0.1").result();
        throttle.succeeded("ana", "10.0.0.1").result();
        throttle.failed("ana", "10.0.0.1").result();
        assertThat(throttle.retryAfter("ana", "10.0.0.1").result()).isZero();
    }

    @Test
    void failuresKeptInTheDatabaseOutliveTheServerThatCountedThem() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        var db = org.centralita.server.ServerDatabase.open(new org.centralita.server.config.ServerConfig.DatabaseConfig(
                "jdbc:h2:mem:lt" + java.util.UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "sa",
                "",
                2));
        try {
            LoginThrottle before =
                    new LoginThrottle(3, Duration.ofMinutes(5), clock, LoginThrottle.jdbc(vertx, db.dataSource()));
            for (int i = 0; i < 3; i++) {
                before.failed("ana", "10.0.0.1").await();
            }
            LoginThrottle after =
                    new LoginThrottle(3, Duration.ofMinutes(5), clock, LoginThrottle.jdbc(vertx, db.dataSource()));
            assertThat(after.retryAfter("ana", "10.0.0.1").await()).isEqualTo(Duration.ofMinutes(5));
            assertThat(after.retryAfter("luis", "10.0.0.1").await()).isZero();
            clock.now = clock.now.plus(Duration.ofMinutes(5));
            assertThat(after.retryAfter("ana", "10.0.0.1").await()).isZero();
            after.failed("ana", "10.0.0.1").await(); // also forgets the expired rows
            try (var c = db.dataSource().getConnection();
                    var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM login_failures")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("one row per key for the new failure")
                        .isEqualTo(2);
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        } finally {
            vertx.close().await();
            db.close();
        }
    }
}
