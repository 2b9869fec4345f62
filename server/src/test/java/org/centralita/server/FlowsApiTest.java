package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IVR flows over HTTP: list, validate (file:line:col), reload; admins only. */
class FlowsApiTest {
    static final String VALID = """
            languages: [es]
            start: hello
            nodes:
              hello: {type: play, prompts: [welcome], next: end}
            """;
    static final String BROKEN = """
            languages: [es]
            start: hello
            nodes:
              hello: {type: play, prompts: [welcome], next: nowhere}
            """;

    @TempDir
    static Path dir;

    static TestServer ts;
    static Http admin;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("main.yaml"), VALID);
        ts = TestServer.start(Map.of("CENTRALITA_FLOWS_DIR", dir.toString()));
        admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    @Test
    void listsTheFlowsInServiceValidatesTheFolderAndReloadsKeepingTheGoodVersion() throws Exception {
        JsonObject list = admin.get("/api/flows").json();
        JsonArray flows = list.getJsonArray("flows");
        assertThat(flows).hasSize(1);
        assertThat(flows.getJsonObject(0).getString("name")).isEqualTo("main");
        assertThat(flows.getJsonObject(0).getInteger("nodes")).isEqualTo(1);
        assertThat(list.getJsonObject("lastReload").getBoolean("ok")).isTrue();

        Files.writeString(dir.resolve("main.yaml"), BROKEN);
        JsonObject validation = admin.call("POST", "/api/flows/validate", "{}").json();
        assertThat(validation.getBoolean("valid")).isFalse();
        JsonObject problem = validation.getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("file")).endsWith("main.yaml");
        assertThat(problem.getInteger("line")).isEqualTo(4);
        assertThat(problem.getInteger("column")).isPositive();
        assertThat(problem.getString("text")).contains("main.yaml:4:").contains("nowhere");

        Http.Resp reload = admin.call("POST", "/api/flows/reload", "{}");
        assertThat(reload.status()).isEqualTo(200);
        assertThat(reload.json().getBoolean("ok")).isFalse();
        assertThat(reload.json().getJsonArray("rejected").getList()).containsExactly("main");
        // the previous valid version keeps answering calls
        assertThat(admin.get("/api/flows").json().getJsonArray("flows")).hasSize(1);

        Files.writeString(dir.resolve("main.yaml"), VALID.replace("welcome", "goodbye"));
        JsonObject fixed = admin.call("POST", "/api/flows/reload", "{}").json();
        assertThat(fixed.getBoolean("ok")).isTrue();
        assertThat(fixed.getJsonArray("loaded").getList()).containsExactly("main");
        assertThat(admin.call("POST", "/api/flows/validate", "{}").json().getBoolean("valid"))
                .isTrue();
    }

    @Test
    void onlyAdminsSeeOrReloadFlows() {
        admin.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "mgr")
                        .put("displayName", "Manager")
                        .put("role", "manager")
                        .put("password", "password-manager")
                        .put("mustChangePassword", false)
                        .encode());
        Http manager = new Http(ts.base);
        assertThat(manager.login("mgr", "password-manager").status()).isEqualTo(200);
        assertThat(manager.get("/api/flows").status()).isEqualTo(403);
        assertThat(manager.call("POST", "/api/flows/reload", "{}").status()).isEqualTo(403);
        assertThat(new Http(ts.base)
                        .send("POST", "/api/flows/validate", "{}", Map.of())
                        .status())
                .isEqualTo(401);
    }
}
