package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.centralita.server.auth.Role;
import org.centralita.server.http.RouteSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiSecurityTest {
    static TestServer ts;
    static final Map<Role, Http> browsers = new EnumMap<>(Role.class);
    static Http admin;

    @BeforeAll
    static void start() {
        ts = TestServer.start(
                Map.of("CENTRALITA_HTTP_MAX_BODY_SIZE", "16KB", "CENTRALITA_SECURITY_LOGIN_MAX_FAILURES", "3"));
        admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        browsers.put(Role.ADMIN, admin);
        for (Role role : Role.values()) {
            if (role == Role.ADMIN) {
                continue;
            }
            createUser(role.id() + "1", role.id(), false);
            Http b = new Http(ts.base);
            assertThat(b.login(role.id() + "1", "password-" + role.id()).status())
                    .isEqualTo(200);
            browsers.put(role, b);
        }
    }

    static long createUser(String username, String role, boolean mustChange) {
        Http.Resp r = admin.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", username)
                        .put("displayName", "User " + username)
                        .put("role", role)
                        .put("password", "password-" + role)
                        .put("mustChangePassword", mustChange)
                        .encode());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getLong("id");
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    private static String concrete(RouteSpec spec) {
        return spec.path().replaceAll(":[A-Za-z0-9_]+", "1");
    }

    @Test
    void everyRouteNeedingSignInAnswers401WithoutOne() {
        Http anonymous = new Http(ts.base);
        int checked = 0;
        for (RouteSpec spec : ts.server.routes()) {
            if (!spec.access().authenticated()) {
                continue;
            }
            Http.Resp r =
                    anonymous.send(spec.method().name(), concrete(spec), spec.bodyExpected() ? "{}" : null, Map.of());
            assertThat(r.status()).as(spec.method() + " " + spec.path()).isEqualTo(401);
            assertThat(r.error()).isEqualTo("unauthenticated");
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(12);
    }

    @Test
    void everyRoleBoundaryAnswers403ToTheWrongRole() {
        int checked = 0;
        for (RouteSpec spec : ts.server.routes()) {
            for (Role role : Role.values()) {
                if (!spec.access().authenticated() || spec.access().allows(role)) {
                    continue;
                }
                Http.Resp r = browsers.get(role)
                        .call(spec.method().name(), concrete(spec), spec.bodyExpected() ? "{}" : null);
                assertThat(r.status())
                        .as(role + " " + spec.method() + " " + spec.path())
                        .isEqualTo(403);
                assertThat(r.error()).isEqualTo("forbidden");
                checked++;
            }
        }
        // users x5, tokens x3, each refused to manager, supervisor and agent
        assertThat(checked).isGreaterThanOrEqualTo(24);
    }

    @Test
    void anApiTokenActsWithItsUsersRoleAndNeedsNoCsrfToken() {
        long agentId = admin.get("/api/users").json().getJsonArray("users").stream()
                .map(JsonObject.class::cast)
                .filter(u -> u.getString("username").equals("agent1"))
                .findFirst()
                .orElseThrow()
                .getLong("id");
        Http.Resp agentToken = admin.call(
                "POST",
                "/api/tokens",
                new JsonObject()
                        .put("name", "agent script")
                        .put("userId", agentId)
                        .encode());
        assertThat(agentToken.status()).isEqualTo(201);
        Http.Resp adminToken = admin.call(
                "POST",
                "/api/tokens",
                new JsonObject().put("name", "admin script").encode());
        String agentSecret = agentToken.json().getString("token");
        String adminSecret = adminToken.json().getString("token");
        assertThat(agentSecret).startsWith("ctk_");

        Http script = new Http(ts.base);
        assertThat(script.send("GET", "/api/users", null, Map.of("Authorization", "Bearer " + agentSecret))
                        .status())
                .isEqualTo(403);
        assertThat(script.send("GET", "/api/auth/me", null, Map.of("Authorization", "Bearer " + agentSecret))
                        .json()
                        .getJsonObject("user")
                        .getString("role"))
                .isEqualTo("agent");
        Http.Resp created = script.send(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "viascript")
                        .put("displayName", "Via Script")
                        .put("role", "agent")
                        .put("password", "long-enough-1")
                        .encode(),
                Map.of("Authorization", "Bearer " + adminSecret));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertThat(admin.call("DELETE", "/api/tokens/" + adminToken.json().getLong("id"), null)
                        .status())
                .isEqualTo(200);
        Http.Resp revoked = script.send("GET", "/api/users", null, Map.of("Authorization", "Bearer " + adminSecret));
        assertThat(revoked.status()).isEqualTo(401);
        Http.Resp listed = admin.get("/api/tokens");
        assertThat(listed.body()).doesNotContain(adminSecret).doesNotContain(agentSecret);
    }

    @Test
    void aSessionRequestThatChangesStateWithoutTheCsrfTokenIsRefused() {
        String body = new JsonObject()
                .put("username", "csrfvictim")
                .put("displayName", "X")
                .put("role", "agent")
                .put("password", "long-enough-1")
                .encode();
        Http.Resp none = admin.send("POST", "/api/users", body, Map.of());
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.error()).isEqualTo("csrf_token_invalid");
        Http.Resp wrong = admin.send("POST", "/api/users", body, Map.of("X-CSRF-Token", "forged"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.error()).isEqualTo("csrf_token_invalid");
        assertThat(admin.get("/api/users").body()).doesNotContain("csrfvictim");
        assertThat(admin.call("POST", "/api/users", body).status()).isEqualTo(201);
    }

    @Test
    void aBodyOverTheLimitGets413WithAJsonError() {
        String big = new JsonObject()
                .put("username", "big")
                .put("displayName", "x".repeat(20_000))
                .encode();
        Http.Resp r = admin.call("POST", "/api/users", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("payload_too_large");
        assertThat(r.json().getString("message")).contains("16384");
    }

    @Test
    void malformedJsonGets400WithAMessage() {
        Http.Resp r = admin.call("POST", "/api/users", "{\"username\": \"oops\",");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("malformed_json");
        assertThat(r.json().getString("message")).startsWith("request body is not valid JSON");
        Http.Resp array = admin.call("POST", "/api/users", "[1,2]");
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.error()).isEqualTo("malformed_json");
    }

    @Test
    void repeatedFailedSignInsAreRateLimitedEvenForTheRightPassword() {
        createUser("target", "manager", false);
        Http attacker = new Http(ts.base);
        for (int i = 0; i < 3; i++) {
            assertThat(attacker.login("target", "wrong-password").status()).isEqualTo(401);
        }
        Http.Resp limited = attacker.login("target", "password-manager");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.error()).isEqualTo("too_many_attempts");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(ts.server.meters().scrape()).contains("centralita_logins_total{outcome=\"throttled\"}");
    }

    @Test
    void forgedForwardedForHeadersDoNotDodgeTheRateLimitUnlessBehindAProxy() {
        createUser("target2", "manager", false);
        Http attacker = new Http(ts.base);
        String wrong = new JsonObject()
                .put("username", "target2")
                .put("password", "nope")
                .encode();
        for (int i = 0; i < 3; i++) {
            attacker.send("POST", "/api/auth/login", wrong, Map.of("X-Forwarded-For", "203.0.113." + i));
        }
        Http.Resp r = attacker.send("POST", "/api/auth/login", wrong, Map.of("X-Forwarded-For", "203.0.113.99"));
        assertThat(r.status()).isEqualTo(429);
    }

    @Test
    void signInNeedsJsonAndSetsAStrictHttpOnlySessionCookie() {
        Http b = new Http(ts.base);
        Http.Resp form = b.send(
                "POST",
                "/api/auth/login",
                "username=admin&password=x",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isIn(415);
        Http.Resp ok = b.send(
                "POST",
                "/api/auth/login",
                new JsonObject()
                        .put("username", "admin")
                        .put("password", TestServer.ADMIN_PASSWORD)
                        .encode(),
                Map.of());
        String cookie = ok.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("centralita_session="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie)
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .doesNotContain("Secure");
    }

    @Test
    void logoutEndsTheSession() {
        Http b = new Http(ts.base);
        b.login("supervisor1", "password-supervisor");
        assertThat(b.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(b.call("POST", "/api/auth/logout", null).status()).isEqualTo(204);
        assertThat(b.get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void everyResponseCarriesSecurityHeaders() {
        for (String path : new String[] {"/", "/api/auth/me", "/health"}) {
            Http.Resp r = new Http(ts.base).get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        }
    }

    @Test
    void unknownApiRoutesAndWrongMethodsAnswerJson() {
        Http.Resp missing = admin.get("/api/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).isEqualTo("not_found");
        Http.Resp noUser = admin.get("/api/users/99999");
        assertThat(noUser.status()).isEqualTo(404);
        assertThat(noUser.error()).isEqualTo("not_found");
    }

    @Test
    void theLastAdminCannotBeDemotedAndNobodyCanDeleteThemselves() {
        long adminId = admin.get("/api/auth/me").json().getJsonObject("user").getLong("id");
        Http.Resp demote = admin.call(
                "PATCH",
                "/api/users/" + adminId,
                new JsonObject().put("role", "agent").encode());
        assertThat(demote.status()).isEqualTo(409);
        Http.Resp delete = admin.call("DELETE", "/api/users/" + adminId, null);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(admin.get("/api/auth/me").json().getJsonObject("user").getString("role"))
                .isEqualTo("admin");
    }

    @Test
    void aUserWithATemporaryPasswordMustChangeItBeforeAnythingElse() {
        createUser("newhire", "admin", true);
        Http b = new Http(ts.base);
        b.login("newhire", "password-admin");
        Http.Resp blocked = b.get("/api/users");
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.error()).isEqualTo("password_change_required");
        Http.Resp wrong = b.call(
                "POST",
                "/api/auth/password",
                new JsonObject()
                        .put("currentPassword", "nope")
                        .put("newPassword", "brand-new-pass")
                        .encode());
        assertThat(wrong.status()).isEqualTo(400);
        Http.Resp changed = b.call(
                "POST",
                "/api/auth/password",
                new JsonObject()
                        .put("currentPassword", "password-admin")
                        .put("newPassword", "brand-new-pass")
                        .encode());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(b.get("/api/users").status()).isEqualTo(200);
    }

    @Test
    void adminsCanChangeAndDeleteUsers() {
        long id = createUser("temp.user", "agent", false);
        Http.Resp patched = admin.call(
                "PATCH",
                "/api/users/" + id,
                new JsonObject()
                        .put("role", "supervisor")
                        .put("displayName", "Temp Person")
                        .put("enabled", false)
                        .encode());
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().getString("role")).isEqualTo("supervisor");
        assertThat(patched.json().getBoolean("enabled")).isFalse();
        assertThat(new Http(ts.base).login("temp.user", "password-agent").status())
                .isEqualTo(401);
        assertThat(admin.call("DELETE", "/api/users/" + id, null).status()).isEqualTo(204);
        assertThat(admin.get("/api/users/" + id).status()).isEqualTo(404);
        Http.Resp duplicate = admin.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "agent1")
                        .put("displayName", "Dup")
                        .put("role", "agent")
                        .put("password", "long-enough-1")
                        .encode());
        assertThat(duplicate.status()).isEqualTo(409);
        Http.Resp badRole = admin.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "x1")
                        .put("displayName", "X")
                        .put("role", "root")
                        .put("password", "long-enough-1")
                        .encode());
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().getString("message")).contains("role must be one of");
    }

    @Test
    void healthReadyAndMetricsReportTheServer() {
        Http.Resp health = new Http(ts.base).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()
                        .getJsonObject("checks")
                        .getJsonObject("database")
                        .getString("status"))
                .isEqualTo("UP");
        Http.Resp ready = new Http(ts.base).get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().getString("status")).isEqualTo("UP");
        String metrics = new Http(ts.base).get("/metrics").body();
        assertThat(metrics)
                .contains("vertx_http_server_response_time_seconds")
                .contains("centralita_logins_total")
                .contains("centralita_http_event_streams");
    }
}
