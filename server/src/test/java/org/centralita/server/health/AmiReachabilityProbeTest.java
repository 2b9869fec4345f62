package org.centralita.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import org.centralita.server.config.ServerConfig.AmiConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AmiReachabilityProbeTest {
    final Vertx vertx = Vertx.vertx();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    AmiReachabilityProbe probe(int port) {
        return new AmiReachabilityProbe(
                vertx,
                new AmiConfig(
                        true, "127.0.0.1", port, "centralita", "", Duration.ofMillis(100), Duration.ofMillis(400)),
                meters);
    }

    @Test
    void reportsUpWhenThePortAnswersWithTheAsteriskBanner() {
        NetServer server = vertx.createNetServer()
                .connectHandler(s -> s.write("Asterisk Call Manager/11.0.0\r\n"))
                .listen(0, "127.0.0.1")
                .await();
        AmiReachabilityProbe probe = probe(server.actualPort());
        probe.start().await();
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.check().await().up());
        assertThat(probe.check().await().detail()).contains("Asterisk Call Manager/11.0.0");
        assertThat(meters.get("centralita.ami.reachable").gauge().value()).isEqualTo(1.0);
        assertThat(probe.required()).isFalse();
        probe.stop().await();
    }

    @Test
    void reportsDownWhenThePortAnswersWithSomethingElseAndRecoversWhenAsteriskReturns() {
        java.util.concurrent.atomic.AtomicBoolean asterisk = new java.util.concurrent.atomic.AtomicBoolean();
        NetServer server = vertx.createNetServer()
                .connectHandler(
                        s -> s.write(asterisk.get() ? "Asterisk Call Manager/11.0.0\r\n" : "SSH-2.0-OpenSSH\r\n"))
                .listen(0, "127.0.0.1")
                .await();
        AmiReachabilityProbe probe = probe(server.actualPort());
        probe.start().await();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> probe.check().await().detail().contains("not AMI"));
        assertThat(probe.check().await().up()).isFalse();
        asterisk.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.check().await().up());
        probe.stop().await();
    }
}
