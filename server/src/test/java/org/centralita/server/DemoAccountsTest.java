package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.server.auth.Role;
import org.centralita.server.auth.UserStore;
import org.centralita.server.campaigns.CampaignsStorage;
import org.centralita.server.config.ServerConfig;
import org.centralita.server.demo.DemoMode;
import org.centralita.server.demo.DemoWiring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo accounts have a published password: they live in demo mode's own database and never work in production. */
class DemoAccountsTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String databaseUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_HTTP_HOST", "127.0.0.1");
        env.put("CENTRALITA_HTTP_PORT", "0");
        env.put("CENTRALITA_AGI_PORT", "0");
        env.put("CENTRALITA_AMI_ENABLED", "false");
        env.put("CENTRALITA_SECURITY_BCRYPT_COST", "4");
        env.put("CENTRALITA_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        env.put("CENTRALITA_DATA_DIR", dir.resolve("data").toString());
        env.put("CENTRALITA_FLOWS_DIR", dir.resolve("flows").toString());
        if (databaseUrl != null) {
            env.put("CENTRALITA_DATABASE_URL", databaseUrl);
        }
        return env;
    }

    @Test
    void demoModeKeepsItsAccountsInItsOwnDatabaseSoALaterServeDoesNotHaveThem() {
        Map<String, String> env = env(null);
        ServerConfig configured = ServerConfig.load(null, env);
        ServerConfig demo = configured.forDemo();
        assertThat(demo.database().url())
                .startsWith("jdbc:h2:file:"
                        + dir.resolve("data-demo").toAbsolutePath().toString().replace('\\', '/'))
                .isNotEqualTo(configured.database().url());
        assertThat(demo.dataDir()).isEqualTo(dir.resolve("data-demo").toAbsolutePath());

        CentralitaServer demoServer = CentralitaServer.start(demo, CampaignsStorage::open, DemoWiring::components, env)
                .await();
        try {
            Http agent = new Http("http://127.0.0.1:" + demoServer.httpPort());
            assertThat(agent.login("agent1", DemoMode.PASSWORD).status()).isEqualTo(200);
        } finally {
            demoServer.stop().await();
        }
        assertThat(dir.resolve("data-demo").resolve("centralita.mv.db")).exists();

        CentralitaServer production = CentralitaServer.start(
                        configured, CampaignsStorage::open, ServeCommand::components, env)
                .await();
        try {
            Http http = new Http("http://127.0.0.1:" + production.httpPort());
            assertThat(http.login("agent1", DemoMode.PASSWORD).status()).isEqualTo(401);
            assertThat(http.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
            JsonArray users = http.get("/api/users").json().getJsonArray("users");
            assertThat(users.stream().map(u -> ((JsonObject) u).getString("username")))
                    .containsExactly("admin");
        } finally {
            production.stop().await();
        }
        assertThat(Files.exists(dir.resolve("data").resolve("centralita.mv.db")))
                .isTrue();
    }

    @Test
    void aNormalServeDisablesDemoAccountsItFindsAndTheyCannotBeEnabledWithTheirPublishedPassword() {
        Map<String, String> env = env(null); // the production database: a file under data.dir
        ServerConfig config = ServerConfig.load(null, env);
        AtomicReference<Platform> platform = new AtomicReference<>();
        CentralitaServer earlier = CentralitaServer.start(
                        config,
                        CampaignsStorage::open,
                        p -> {
                            platform.set(p);
                            return Components.none();
                        },
                        env)
                .await();
        UserStore users = new UserStore(earlier.vertx(), platform.get().dataSource(), 4, Clock.systemUTC());
        // seeded by a demo mode of before the mark (same name and password), by today's demo mode (marked), and a
        // real account that happens to be called like a demo one
        users.create(new UserStore.NewUser("agent1", "Lucía", Role.AGENT, "es", DemoMode.PASSWORD, false))
                .await();
        users.create(new UserStore.NewUser(
                        "supervisor", "Pablo", Role.SUPERVISOR, "es", DemoMode.PASSWORD, false, null, true))
                .await();
        users.create(new UserStore.NewUser("manager", "Marta", Role.MANAGER, "es", "a-real-password", false))
                .await();
        Http before = new Http("http://127.0.0.1:" + earlier.httpPort());
        assertThat(before.login("agent1", DemoMode.PASSWORD).status()).isEqualTo(200);
        earlier.stop().await();

        CentralitaServer server = CentralitaServer.start(config, CampaignsStorage::open, ServeCommand::components, env)
                .await();
        try {
            String base = "http://127.0.0.1:" + server.httpPort();
            assertThat(new Http(base).login("agent1", DemoMode.PASSWORD).status())
                    .isEqualTo(401);
            assertThat(new Http(base).login("supervisor", DemoMode.PASSWORD).status())
                    .isEqualTo(401);
            assertThat(new Http(base).login("manager", "a-real-password").status())
                    .isEqualTo(200);

            Http admin = new Http(base);
            assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
            JsonObject agent1 = user(admin, "agent1");
            assertThat(agent1.getBoolean("demo")).isTrue();
            assertThat(agent1.getBoolean("enabled")).isFalse();
            assertThat(user(admin, "manager").getBoolean("demo")).isFalse();
            long id = agent1.getLong("id");
            Http.Resp enable = admin.call("PATCH", "/api/users/" + id, "{\"enabled\":true}");
            assertThat(enable.status()).isEqualTo(409);
            assertThat(enable.error()).isEqualTo("demo_account");
            assertThat(enable.json().getString("message")).contains("set a new password");
            Http.Resp reset = admin.call(
                    "PATCH",
                    "/api/users/" + id,
                    new JsonObject()
                            .put("enabled", true)
                            .put("password", "a-private-one-1")
                            .encode());
            assertThat(reset.status()).as(reset.body()).isEqualTo(200);
            assertThat(reset.json().getBoolean("demo")).isFalse();
            assertThat(new Http(base).login("agent1", "a-private-one-1").status())
                    .isEqualTo(200);
        } finally {
            server.stop().await();
        }
    }

    private static JsonObject user(Http admin, String username) {
        return admin.get("/api/users").json().getJsonArray("users").stream()
                .map(JsonObject.class::cast)
                .filter(u -> username.equals(u.getString("username")))
                .findFirst()
                .orElseThrow();
    }
}
