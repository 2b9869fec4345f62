package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.centralita.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

class CentralitaServerTest {
    final List<String> log = new CopyOnWriteArrayList<>();

    ManagedComponent recording(String name) {
        return ManagedComponent.of(
                name,
                () -> {
                    log.add("start " + name);
                    return Future.succeededFuture();
                },
                () -> {
                    log.add("stop " + name);
                    return Future.succeededFuture();
                });
    }

    static ServerConfig config(String shutdown) {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_HTTP_HOST", "127.0.0.1");
        env.put("CENTRALITA_HTTP_PORT", "0");
        env.put("CENTRALITA_AMI_ENABLED", "false");
        env.put("CENTRALITA_SECURITY_BCRYPT_COST", "4");
        env.put("CENTRALITA_SHUTDOWN_TIMEOUT", shutdown);
        env.put(
                "CENTRALITA_DATABASE_URL",
                "jdbc:h2:mem:c" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return ServerConfig.load(null, env);
    }

    @Test
    void componentsStartWithFastAgiLastAndStopWithTheDialerFirstThenFastAgi() {
        Components components = Components.builder()
                .agiServer(recording("fastagi"))
                .dialer(recording("dialer"))
                .amiClient(recording("ami"))
                .flows(recording("flows"))
                .extra(recording("extra"))
                .build();
        assertThat(components.emptySlots()).isEmpty();
        CentralitaServer server = CentralitaServer.start(
                        config("5s"),
                        ServerDatabase::open,
                        p -> components,
                        Map.of("CENTRALITA_ADMIN_PASSWORD", "x-password-1"))
                .await();
        assertThat(server.httpPort()).isPositive();
        server.stop().await();
        assertThat(log)
                .containsExactly(
                        "start flows",
                        "start ami",
                        "start dialer",
                        "start extra",
                        "start fastagi",
                        "stop dialer",
                        "stop fastagi",
                        "stop extra",
                        "stop ami",
                        "stop flows");
    }

    @Test
    void aComponentThatDoesNotStopInTimeDoesNotHoldUpShutdown() {
        ManagedComponent stuck = ManagedComponent.of(
                "stuck", Future::succeededFuture, () -> Promise.<Void>promise().future());
        Components components =
                Components.builder().dialer(stuck).flows(recording("flows")).build();
        CentralitaServer server = CentralitaServer.start(
                        config("300ms"),
                        ServerDatabase::open,
                        p -> components,
                        Map.of("CENTRALITA_ADMIN_PASSWORD", "x-password-1"))
                .await();
        long t0 = System.nanoTime();
        server.stop().await();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        assertThat(log).contains("stop flows");
    }

    @Test
    void aComponentThatCannotStartFailsStartUpNamingItAndStopsWhatHadStarted() {
        ManagedComponent broken = ManagedComponent.of(
                "fastagi", () -> Future.failedFuture("Address already in use: 4573"), Future::succeededFuture);
        Components components =
                Components.builder().agiServer(broken).flows(recording("flows")).build();
        assertThatThrownBy(() -> CentralitaServer.start(
                                config("5s"),
                                ServerDatabase::open,
                                p -> components,
                                Map.of("CENTRALITA_ADMIN_PASSWORD", "x-password-1"))
                        .await())
                .hasMessage("fastagi: cannot start: Address already in use: 4573");
        assertThat(log).containsExactly("start flows", "stop flows");
    }
}
