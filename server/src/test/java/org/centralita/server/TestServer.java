package org.centralita.server;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.centralita.server.campaigns.CampaignsApi;
import org.centralita.server.campaigns.CampaignsStorage;
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

    /**
     * Starts a server; {@code overrides} are environment variables such as CENTRALITA_HTTP_PORT (the upload limit
     * comes from CENTRALITA_HTTP_MAX_UPLOAD_SIZE, like in {@code serve}).
     */
    static TestServer start(Map<String, String> overrides) {
        return start(overrides, p -> components(p, p.config().http().maxUploadSize()));
    }

    /** Starts a server with the components {@code factory} builds. */
    static TestServer start(Map<String, String> overrides, Components.Factory factory) {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_HTTP_HOST", "127.0.0.1");
        env.put("CENTRALITA_HTTP_PORT", "0");
        env.put("CENTRALITA_AGI_PORT", "0"); // a free port: other test runs on this machine may hold 4573
        env.put("CENTRALITA_AMI_ENABLED", "false");
        env.put("CENTRALITA_SECURITY_BCRYPT_COST", "4");
        env.put(
                "CENTRALITA_DATABASE_URL",
                "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        env.put("CENTRALITA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CENTRALITA_DATA_DIR", "target/test-data"); // uploads are streamed under <data.dir>/uploads
        env.putAll(overrides);
        ServerConfig config = ServerConfig.load(null, env);
        return new TestServer(CentralitaServer.start(config, CampaignsStorage::open, factory, env)
                .await());
    }

    /** The flows and API modules of {@code serve}, without Asterisk (AMI off, no FastAGI listener). */
    static Components components(Platform p, long maxUpload) {
        Components.Builder b = Components.builder();
        var flows = org.centralita.server.telephony.TelephonyAdmin.flows(p, b);
        org.centralita.server.inbound.InboundWallboard.wire(p, b, flows);
        org.centralita.server.callbacks.IvrCallbacks.wire(p, b, flows); // call-backs asked for in the IVR
        org.centralita.server.telephony.TelephonyAdmin.pacing(p, b, org.centralita.server.telephony.LiveDialers.none());
        b.api(CampaignsApi.create(p, maxUpload));
        org.centralita.server.agent.AgentWiring.apis(p, b, () -> null);
        return b.build();
    }

    @Override
    public void close() {
        server.stop().await();
    }
}
