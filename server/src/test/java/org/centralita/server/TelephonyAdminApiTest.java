package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.centralita.server.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The telephony admin API: who may read and change pacing, the legal cap, the what-if simulator. */
class TelephonyAdminApiTest {
    static TestServer ts;
    static final Map<Role, Http> as = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() {
        ts = TestServer.start(Map.of());
        Http admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        as.put(Role.ADMIN, admin);
        for (Role role : Role.values()) {
            if (role == Role.ADMIN) {
                continue;
            }
            Http.Resp r = admin.call(
                    "POST",
                    "/api/users",
                    new JsonObject()
                            .put("username", role.id() + "1")
                            .put("displayName", "User " + role.id())
                            .put("role", role.id())
                            .put("password", "password-" + role.id())
                            .put("mustChangePassword", false)
                            .encode());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            Http b = new Http(ts.base);
            assertThat(b.login(role.id() + "1", "password-" + role.id()).status())
                    .isEqualTo(200);
            as.put(role, b);
        }
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static Http.Resp put(Role role, String campaign, JsonObject body) {
        return as.get(role).call("PUT", "/api/pacing/campaigns/" + campaign, body.encode());
    }

    @Test
    void managersAndSupervisorsReadPacingButOnlyAdminsChangeIt() {
        Http.Resp read = as.get(Role.MANAGER).get("/api/pacing/campaigns/spring");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getString("mode")).isEqualTo("predictive");
        assertThat(read.json().getBoolean("stored")).isFalse();
        assertThat(as.get(Role.SUPERVISOR).get("/api/pacing/campaigns/spring").status())
                .isEqualTo(200);
        assertThat(as.get(Role.AGENT).get("/api/pacing/campaigns/spring").status())
                .isEqualTo(403);
        assertThat(new Http(ts.base).get("/api/pacing/campaigns/spring").status())
                .isEqualTo(401);

        Http.Resp managerPut = put(Role.MANAGER, "spring", new JsonObject().put("mode", "progressive"));
        assertThat(managerPut.status()).isEqualTo(403);
        assertThat(managerPut.error()).isEqualTo("forbidden");
        Http.Resp managerWhatIf = as.get(Role.MANAGER).call("POST", "/api/pacing/campaigns/spring/what-if", "{}");
        assertThat(managerWhatIf.status()).isEqualTo(403);
        assertThat(as.get(Role.MANAGER)
                        .get("/api/pacing/campaigns/spring")
                        .json()
                        .getBoolean("stored"))
                .isFalse();
    }

    @Test
    void nobodyCanSetAnAbandonmentTargetAboveTheLegalCap() {
        Http.Resp over = put(Role.ADMIN, "cap", new JsonObject().put("abandonTarget", 0.031));
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.error()).isEqualTo("above_legal_cap");
        assertThat(over.json().getString("message")).contains("abandonTarget").contains("3%");
        assertThat(put(Role.ADMIN, "cap", new JsonObject().put("abandonTarget", 0.5))
                        .status())
                .isEqualTo(422);
        assertThat(put(Role.MANAGER, "cap", new JsonObject().put("abandonTarget", 0.05))
                        .status())
                .isEqualTo(403);
        assertThat(as.get(Role.ADMIN).get("/api/pacing/campaigns/cap").json().getBoolean("stored"))
                .isFalse();

        Http.Resp atCap = put(Role.ADMIN, "cap", new JsonObject().put("abandonTarget", 0.03));
        assertThat(atCap.status()).as(atCap.body()).isEqualTo(200);
        assertThat(atCap.json().getDouble("abandonTarget")).isEqualTo(0.03);
    }

    @Test
    void outOfRangeSettingsAreRefusedNamingTheField() {
        assertInvalid(new JsonObject().put("connectDeadlineSeconds", 2.5), "connectDeadlineSeconds");
        assertInvalid(new JsonObject().put("connectDeadlineSeconds", -1), "connectDeadlineSeconds");
        assertInvalid(new JsonObject().put("ringTimeoutSeconds", 10), "ringTimeoutSeconds");
        assertInvalid(new JsonObject().put("mode", "turbo"), "mode");
        assertInvalid(new JsonObject().put("ratio", 11), "ratio");
        assertInvalid(new JsonObject().put("abandonTarget", 0), "abandonTarget");
        assertInvalid(new JsonObject().put("abandonTarget", "3%"), "abandonTarget");
        assertInvalid(new JsonObject().put("amd", "maybe"), "amd");
        assertInvalid(new JsonObject().put("dialLevel", 2), "dialLevel");
        Http.Resp malformed = as.get(Role.ADMIN).call("PUT", "/api/pacing/campaigns/range", "{\"mode\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).isEqualTo("malformed_json");
        assertThat(as.get(Role.ADMIN).get("/api/pacing/campaigns/range").json().getBoolean("stored"))
                .isFalse();
    }

    static void assertInvalid(JsonObject body, String field) {
        Http.Resp r = put(Role.ADMIN, "range", body);
        assertThat(r.status()).as(body.encode()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid");
        assertThat(r.json().getString("message")).startsWith(field + ":");
    }

    @Test
    void anAdminChangesTheDialModeAndEveryReaderSeesIt() {
        Http.Resp r = put(
                Role.ADMIN,
                "autumn",
                new JsonObject()
                        .put("mode", "ratio")
                        .put("ratio", 1.8)
                        .put("connectDeadlineSeconds", 1.5)
                        .put("amd", "message"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject s =
                as.get(Role.SUPERVISOR).get("/api/pacing/campaigns/autumn").json();
        assertThat(s.getString("mode")).isEqualTo("ratio");
        assertThat(s.getDouble("ratio")).isEqualTo(1.8);
        assertThat(s.getDouble("connectDeadlineSeconds")).isEqualTo(1.5);
        assertThat(s.getString("amd")).isEqualTo("message");
        assertThat(s.getDouble("abandonTarget")).isEqualTo(0.03);
        assertThat(s.getBoolean("stored")).isTrue();
        assertThat(s.getString("updatedBy")).isEqualTo("admin");
        JsonArray all = as.get(Role.MANAGER).get("/api/pacing/campaigns").json().getJsonArray("campaigns");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("campaignId")))
                .contains("autumn");
        // a later change keeps the fields it does not name
        assertThat(put(Role.ADMIN, "autumn", new JsonObject().put("mode", "predictive"))
                        .status())
                .isEqualTo(200);
        JsonObject after =
                as.get(Role.ADMIN).get("/api/pacing/campaigns/autumn").json();
        assertThat(after.getString("mode")).isEqualTo("predictive");
        assertThat(after.getDouble("connectDeadlineSeconds")).isEqualTo(1.5);
    }

    @Test
    void whatIfSimulatesCandidatesWithSaneFiguresOnATinyScenario() {
        JsonObject body = new JsonObject()
                .put("agents", 3)
                .put("hours", 0.5)
                .put("seeds", 1)
                .put(
                        "candidates",
                        new JsonArray()
                                .add(new JsonObject().put("mode", "progressive"))
                                .add(new JsonObject().put("mode", "ratio").put("ratio", 3))
                                .add(new JsonObject().put("mode", "preview")));
        Http.Resp r = as.get(Role.ADMIN).call("POST", "/api/pacing/campaigns/tiny/what-if", body.encode());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject out = r.json();
        assertThat(out.getString("basis")).isEqualTo("defaults");
        assertThat(out.getBoolean("truncated")).isFalse();
        JsonArray results = out.getJsonArray("results");
        assertThat(results).hasSize(3);
        JsonObject progressive = results.getJsonObject(0);
        JsonObject ratio = results.getJsonObject(1);
        for (JsonObject x : new JsonObject[] {progressive, ratio}) {
            assertThat(x.getBoolean("simulated")).isTrue();
            assertThat(x.getDouble("occupancy")).isBetween(0.05, 1.0);
            assertThat(x.getDouble("abandonRate")).isBetween(0.0, 1.0);
            assertThat(x.getDouble("callsPlaced")).isPositive();
            assertThat(x.getDouble("humanConnects")).isPositive();
        }
        // progressive never abandons by itself; three lines per agent must abandon people
        assertThat(progressive.getDouble("rawAbandonRate")).isZero();
        assertThat(ratio.getDouble("rawAbandonRate")).isGreaterThan(0.05);
        assertThat(ratio.getBoolean("withinCap")).isFalse();
        assertThat(ratio.getDouble("callsPlaced")).isGreaterThan(progressive.getDouble("callsPlaced"));
        assertThat(results.getJsonObject(2).getBoolean("simulated")).isFalse();
        assertThat(results.getJsonObject(2).getString("reason")).contains("preview");
    }

    @Test
    void whatIfRefusesCandidatesAboveTheCapAndOversizedRuns() {
        Http admin = as.get(Role.ADMIN);
        Http.Resp cap = admin.call(
                "POST",
                "/api/pacing/campaigns/tiny/what-if",
                new JsonObject()
                        .put("candidates", new JsonArray().add(new JsonObject().put("abandonTarget", 0.04)))
                        .encode());
        assertThat(cap.status()).isEqualTo(422);
        assertThat(cap.json().getString("message")).startsWith("candidates[0].abandonTarget");
        Http.Resp hours = admin.call(
                "POST",
                "/api/pacing/campaigns/tiny/what-if",
                new JsonObject().put("hours", 24).encode());
        assertThat(hours.status()).isEqualTo(400);
        assertThat(hours.json().getString("message")).startsWith("hours");
        Http.Resp seeds = admin.call(
                "POST",
                "/api/pacing/campaigns/tiny/what-if",
                new JsonObject().put("seeds", 50).encode());
        assertThat(seeds.status()).isEqualTo(400);
    }

    @Test
    void liveFiguresSayPlainlyThatNoCampaignIsDialling() {
        Http.Resp r = as.get(Role.SUPERVISOR).get("/api/pacing/live");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getJsonArray("campaigns")).isEmpty();
        assertThat(r.json().getString("at")).isNotBlank();
        assertThat(as.get(Role.AGENT).get("/api/pacing/live").status()).isEqualTo(403);
    }
}
