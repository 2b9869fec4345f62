package org.centralita.server.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.centralita.server.config.ServerConfig;
import org.centralita.server.health.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AmiComponentTest {
    Vertx vertx;
    FakeAsteriskAmi fake;
    SimpleMeterRegistry meters;
    AmiComponent ami;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        fake = FakeAsteriskAmi.start(vertx).await().credentials("centralita", "s3cret");
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        if (ami != null) {
            ami.stop().await();
        }
        fake.close();
        vertx.close().await();
    }

    AmiComponent component(String password) {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_AMI_PORT", Integer.toString(fake.port()));
        env.put("CENTRALITA_AMI_PASSWORD", password);
        env.put("CENTRALITA_AMI_RECONNECT_INITIAL_DELAY", "100ms");
        env.put("CENTRALITA_AMI_RECONNECT_MAX_DELAY", "300ms");
        ServerConfig config = ServerConfig.load(null, env);
        return new AmiComponent(vertx, config.ami(), meters, Clock.systemUTC());
    }

    double gauge() {
        return meters.get("centralita.ami.connected").gauge().value();
    }

    double reconnects() {
        return meters.get("centralita.ami.reconnects").counter().count();
    }

    HealthStatus health() {
        return ami.check().await();
    }

    @Test
    void logsInInTheBackgroundAndReportsConnectedOnReadyAndMetrics() {
        ami = component("s3cret");
        assertThat(gauge()).isZero();
        assertThat(health().up()).isFalse();
        ami.start().await();
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge() == 1.0);
        assertThat(health().up()).isTrue();
        assertThat(health().detail()).contains("connected to 127.0.0.1:" + fake.port() + " as centralita");
        assertThat(ami.required()).isFalse();
        assertThat(fake.loginCount()).isEqualTo(1);
    }

    @Test
    void aLostConnectionIsReportedAndTheReconnectCounted() {
        ami = component("s3cret");
        ami.start().await();
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge() == 1.0);
        assertThat(reconnects()).isZero();
        fake.dropConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> reconnects() == 1.0 && gauge() == 1.0);
        assertThat(fake.loginCount()).isEqualTo(2);
        assertThat(health().up()).isTrue();
    }

    @Test
    void aRefusedLoginIsDownWithTheReasonAndNeverCountsAsConnected() {
        ami = component("wrong");
        ami.start().await();
        await().atMost(Duration.ofSeconds(10)).until(() -> health().detail().contains("refused login"));
        assertThat(health().up()).isFalse();
        assertThat(health().detail()).contains("disconnected from 127.0.0.1:" + fake.port());
        assertThat(gauge()).isZero();
        assertThat(reconnects()).isZero();
    }
}
