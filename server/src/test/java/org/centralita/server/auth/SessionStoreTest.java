package org.centralita.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.centralita.server.ServerDatabase;
import org.centralita.server.config.ServerConfig.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session expiry and revocation over a real (H2) database, with a clock the test moves. */
class SessionStoreTest {
    final LoginThrottleTest.MutableClock clock = new LoginThrottleTest.MutableClock();
    Vertx vertx;
    ServerDatabase db;
    SessionStore sessions;
    UserStore users;
    long userId;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        db = ServerDatabase.open(new DatabaseConfig(
                "jdbc:h2:mem:ss" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        users = new UserStore(vertx, db.dataSource(), 4, Clock.systemUTC());
        sessions = new SessionStore(vertx, db.dataSource(), clock, Duration.ofHours(9), Duration.ofHours(24));
        userId = users.create(new UserStore.NewUser("ana", "Ana", Role.AGENT, "es", "password-agent", false))
                .await()
                .id();
    }

    @AfterEach
    void close() {
        vertx.close().await();
        db.close();
    }

    @Test
    void aSessionLivesWhileUsedUntilItsMaximumAgeAndNotAfterAnIdleGap() {
        SessionStore.Created s = sessions.create(userId, "192.0.2.7").await();
        assertThat(s.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(s.session().idHash()).isEqualTo(ApiTokenStore.sha256(s.id()));
        for (int i = 1; i <= 3; i++) {
            clock.now = clock.now.plus(Duration.ofHours(7));
            assertThat(sessions.resolve(s.id()).await())
                    .as("used every 7 h, hour %d", i * 7)
                    .isPresent();
        }
        clock.now = clock.now.plus(Duration.ofHours(4)); // 25 h after sign-in, 4 h after the last request
        assertThat(sessions.resolve(s.id()).await()).as("past the maximum age").isEmpty();

        SessionStore.Created idle = sessions.create(userId, "192.0.2.7").await();
        clock.now = clock.now.plus(Duration.ofHours(9));
        assertThat(sessions.resolve(idle.id()).await())
                .as("9 h without a request")
                .isEmpty();
    }

    @Test
    void revokingEndsOneSessionOrAllOfAUserButTheOneKeptAndDisabledUsersHaveNone() {
        SessionStore.Created a = sessions.create(userId, null).await();
        SessionStore.Created b = sessions.create(userId, null).await();
        SessionStore.Created c = sessions.create(userId, null).await();
        sessions.revoke(a.session().idHash()).await();
        assertThat(sessions.resolve(a.id()).await()).isEmpty();
        assertThat(sessions.revokeUser(userId, c.session().idHash()).await()).isEqualTo(1);
        assertThat(sessions.resolve(b.id()).await()).isEmpty();
        SessionStore.Resolved kept = sessions.resolve(c.id()).await().orElseThrow();
        assertThat(kept.user().username()).isEqualTo("ana");
        assertThat(kept.session().csrfToken()).isEqualTo(c.session().csrfToken());

        users.update(userId, new UserStore.Changes(null, null, null, false, null))
                .await();
        assertThat(sessions.resolve(c.id()).await()).as("user disabled").isEmpty();
        assertThat(sessions.resolve("not-a-session").await()).isEmpty();
        assertThat(sessions.resolve("").await()).isEmpty();
    }

    @Test
    void purgingRemovesOnlyExpiredSessions() {
        SessionStore.Created old = sessions.create(userId, null).await();
        clock.now = clock.now.plus(Duration.ofHours(5));
        SessionStore.Created fresh = sessions.create(userId, null).await();
        clock.now = clock.now.plus(Duration.ofHours(5)); // old idle 10 h, fresh idle 5 h
        assertThat(sessions.purgeExpired().await()).isEqualTo(1);
        assertThat(sessions.resolve(fresh.id()).await()).isPresent();
        assertThat(sessions.resolve(old.id()).await()).isEmpty();
    }
}
