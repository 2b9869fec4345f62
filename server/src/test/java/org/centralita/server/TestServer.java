package org.centralita.server;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.centralita.server.config.ServerConfig;

/** Starts a real server on a free port with an in-memory H2 database, for tests. */
final class TestServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "admin-secret-1";

    final CentralitaServer server;
    final String base;

    private TestServer(CentralitaServer server) {
        this.server = server;
        this.base = "http://127.0.0.1:" + server.httpPort();
    }

    /** Starts a server; {@code overrides} are environment variables such as CENTRALITA_HTTP_PORT. */
    static TestServer start(Map<String, String> overrides) {
        return start(overrides, TestServer::components);
    }

    /** The modules every test server has (their routes are in openapi.yaml). */
    static Components components(Platform p) {
        Components.Builder b = Components.builder();
        org.centralita.server.agent.AgentWiring.apis(p, b, () -> null);
        return b.build();
    }

    /** Starts a server with the components {@code factory} builds. */
    static TestServer start(Map<String, String> overrides, Components.Factory factory) {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_HTTP_HOST", "127.0.0.1");
        env.put("CENTRALITA_HTTP_PORT", "0");
        env.put("CENTRALITA_AMI_ENABLED", "false");
        env.put("CENTRALITA_SECURITY_BCRYPT_COST", "4");
        env.put(
                "CENTRALITA_DATABASE_URL",
                "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        env.put("CENTRALITA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putAll(overrides);
        ServerConfig config = ServerConfig.load(null, env);
        return new TestServer(CentralitaServer.start(config, ServerDatabase::open, factory, env)
                .await());
    }

    @Override
    public void close() {
        server.stop().await();
    }
}
