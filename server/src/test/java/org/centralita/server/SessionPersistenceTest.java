package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Browser sessions live in the database: a second server on the same database (or the same server after a restart)
 * accepts them, and sign-out, a password change or disabling the user ends them everywhere. Runs on H2, and on the
 * real PostgreSQL too when {@code CENTRALITA_TEST_PG_URL} (+ {@code _USER}, {@code _PASSWORD}) is set.
 */
class SessionPersistenceTest {

    /** The databases to run on: an H2 file (the default set-up), and PostgreSQL when configured. */
    static List<Map<String, String>> databases() {
        Map<String, String> h2 = Map.of(
                "CENTRALITA_DATABASE_URL",
                "jdbc:h2:file:./target/session-db/s"
                        + UUID.randomUUID().toString().replace("-", ""));
        return postgres().map(pg -> List.of(h2, pg)).orElse(List.of(h2));
    }

    static Optional<Map<String, String>> postgres() {
        String url = System.getenv("CENTRALITA_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_DATABASE_URL", url);
        env.put("CENTRALITA_DATABASE_USERNAME", System.getenv().getOrDefault("CENTRALITA_TEST_PG_USER", ""));
        env.put("CENTRALITA_DATABASE_PASSWORD", System.getenv().getOrDefault("CENTRALITA_TEST_PG_PASSWORD", ""));
        return Optional.of(env);
    }

    static String cookie(Http.Resp r) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("centralita_session="))
                .findFirst()
                .orElseThrow()
                .replaceFirst(";.*", "")
                .substring("centralita_session=".length());
    }

    static Http.Resp as(TestServer ts, String cookie, String csrf, String method, String path, String body) {
        Map<String, String> h = new HashMap<>();
        h.put("Cookie", "centralita_session=" + cookie);
        if (csrf != null) {
            h.put("X-CSRF-Token", csrf);
        }
        return new Http(ts.base).send(method, path, body, h);
    }

    static long countRows(Map<String, String> db, String where, String value) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        db.get("CENTRALITA_DATABASE_URL"),
                        db.getOrDefault("CENTRALITA_DATABASE_USERNAME", "sa"),
                        db.getOrDefault("CENTRALITA_DATABASE_PASSWORD", ""));
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM http_sessions WHERE " + where)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aSessionFromOneServerIsAcceptedByAnotherOnTheSameDatabaseAndSignOutEndsItEverywhere() throws Exception {
        for (Map<String, String> db : databases()) {
            if (db.get("CENTRALITA_DATABASE_URL").startsWith("jdbc:postgresql")) {
                resetPostgres(db);
            }
            try (TestServer a = TestServer.start(db);
                    TestServer b = TestServer.start(db)) {
                Http admin = new Http(a.base);
                Http.Resp login = admin.login("admin", TestServer.ADMIN_PASSWORD);
                assertThat(login.status()).isEqualTo(200);
                String id = cookie(login);
                String csrf = login.json().getString("csrfToken");
                assertThat(countRows(db, "id_hash = ?", id))
                        .as("the session id itself is never stored")
                        .isZero();

                Http.Resp me = as(b, id, null, "GET", "/api/auth/me", null);
                assertThat(me.status()).as(me.body()).isEqualTo(200);
                assertThat(me.json().getJsonObject("user").getString("username"))
                        .isEqualTo("admin");
                assertThat(me.json().getString("csrfToken")).isEqualTo(csrf);
                Http.Resp created = as(
                        b,
                        id,
                        csrf,
                        "POST",
                        "/api/users",
                        new JsonObject()
                                .put("username", "ana")
                                .put("displayName", "Ana")
                                .put("role", "agent")
                                .put("password", "password-agent")
                                .put("mustChangePassword", false)
                                .encode());
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                assertThat(as(
                                        b,
                                        id,
                                        "wrong",
                                        "DELETE",
                                        "/api/users/" + created.json().getLong("id"),
                                        null)
                                .status())
                        .as("the CSRF token travels with the session")
                        .isEqualTo(403);

                assertThat(as(b, id, csrf, "POST", "/api/auth/logout", null).status())
                        .isEqualTo(204);
                assertThat(as(a, id, null, "GET", "/api/auth/me", null).status())
                        .isEqualTo(401);
                assertThat(as(b, id, null, "GET", "/api/auth/me", null).status())
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void aRestartKeepsAgentsSignedInAndTheSignInLimitButAPasswordChangeOrDisablingEndsOtherSessions() throws Exception {
        for (Map<String, String> db : databases()) {
            if (db.get("CENTRALITA_DATABASE_URL").startsWith("jdbc:postgresql")) {
                resetPostgres(db);
            }
            String agentSession;
            String agentCsrf;
            String otherSession;
            long agentId;
            String adminSession;
            String adminCsrf;
            Map<String, String> env = new HashMap<>(db);
            env.put("CENTRALITA_SECURITY_LOGIN_MAX_FAILURES", "2");
            db = env;
            try (TestServer first = TestServer.start(db)) {
                Http admin = new Http(first.base);
                Http.Resp al = admin.login("admin", TestServer.ADMIN_PASSWORD);
                adminSession = cookie(al);
                adminCsrf = al.json().getString("csrfToken");
                Http.Resp created = admin.call(
                        "POST",
                        "/api/users",
                        new JsonObject()
                                .put("username", "luis")
                                .put("displayName", "Luis")
                                .put("role", "agent")
                                .put("password", "password-agent")
                                .put("mustChangePassword", false)
                                .encode());
                agentId = created.json().getLong("id");
                Http.Resp l1 = new Http(first.base).login("luis", "password-agent");
                agentSession = cookie(l1);
                agentCsrf = l1.json().getString("csrfToken");
                otherSession = cookie(new Http(first.base).login("luis", "password-agent"));
                Http intruder = new Http(first.base);
                assertThat(intruder.login("luis", "guess-1").status()).isEqualTo(401);
                assertThat(intruder.login("luis", "guess-2").status()).isEqualTo(401);
            }
            try (TestServer second = TestServer.start(db)) {
                assertThat(new Http(second.base).login("luis", "password-agent").status())
                        .as("the sign-in limit survives the restart too")
                        .isEqualTo(429);
                assertThat(as(second, agentSession, null, "GET", "/api/auth/me", null)
                                .status())
                        .as("signed in across the restart")
                        .isEqualTo(200);
                Http.Resp changed = as(
                        second,
                        agentSession,
                        agentCsrf,
                        "POST",
                        "/api/auth/password",
                        new JsonObject()
                                .put("currentPassword", "password-agent")
                                .put("newPassword", "new-password-agent")
                                .encode());
                assertThat(changed.status()).as(changed.body()).isEqualTo(200);
                assertThat(as(second, agentSession, null, "GET", "/api/auth/me", null)
                                .status())
                        .as("the session that changed the password goes on")
                        .isEqualTo(200);
                assertThat(as(second, otherSession, null, "GET", "/api/auth/me", null)
                                .status())
                        .as("the other browser is signed out")
                        .isEqualTo(401);

                Http.Resp disabled = as(
                        second,
                        adminSession,
                        adminCsrf,
                        "PATCH",
                        "/api/users/" + agentId,
                        new JsonObject().put("enabled", false).encode());
                assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
                assertThat(as(second, agentSession, null, "GET", "/api/auth/me", null)
                                .status())
                        .isEqualTo(401);
                assertThat(countRows(db, "user_id = CAST(? AS BIGINT)", Long.toString(agentId)))
                        .isZero();
            }
        }
    }

    static void resetPostgres(Map<String, String> db) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        db.get("CENTRALITA_DATABASE_URL"),
                        db.get("CENTRALITA_DATABASE_USERNAME"),
                        db.get("CENTRALITA_DATABASE_PASSWORD"));
                var s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }
}
