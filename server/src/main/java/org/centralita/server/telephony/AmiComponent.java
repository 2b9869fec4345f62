package org.centralita.server.telephony;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.centralita.gateway.ami.AmiAuthenticationException;
import org.centralita.gateway.ami.AmiClient;
import org.centralita.server.ManagedComponent;
import org.centralita.server.config.ServerConfig.AmiConfig;
import org.centralita.server.health.HealthCheck;
import org.centralita.server.health.HealthStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telephony-gateway's {@link AmiClient} as a server component: logs in to Asterisk in the background
 * ({@code ami.*} keys; capped exponential back-off, so {@code start()} never waits for Asterisk), reports
 * connected/disconnected on {@code /ready} (optional check: the web UI works without Asterisk), and
 * counts on {@code /metrics}: gauge {@code centralita.ami.connected} (0/1) and counter
 * {@code centralita.ami.reconnects} (logins after a lost connection).
 */
public final class AmiComponent implements ManagedComponent, HealthCheck {
    private static final Logger log = LoggerFactory.getLogger(AmiComponent.class);

    private final AmiConfig config;
    private final AmiClient client;
    private final Clock clock;
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter reconnects;
    private volatile boolean everConnected;
    private volatile Instant since;
    private volatile String lastError = "not connected yet";

    /** Creates the client (not connected) and registers its meters. */
    public AmiComponent(Vertx vertx, AmiConfig config, MeterRegistry meters, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = AmiClient.builder(vertx)
                .host(config.host())
                .port(config.port())
                .username(config.username())
                .secret(config.password())
                .reconnectBackoff(config.reconnectInitialDelay(), config.reconnectMaxDelay())
                .build();
        Gauge.builder("centralita.ami.connected", connected, AtomicInteger::get)
                .description("1 while logged in to the Asterisk Manager Interface, else 0")
                .register(meters);
        this.reconnects = Counter.builder("centralita.ami.reconnects")
                .description("AMI logins after a lost connection")
                .register(meters);
        client.onConnectionChange(this::connectionChanged);
    }

    /** Returns the client, for the dialer's {@code AmiCallControl}. */
    public AmiClient client() {
        return client;
    }

    private void connectionChanged(boolean up) {
        connected.set(up ? 1 : 0);
        since = clock.instant();
        if (up) {
            if (everConnected) {
                reconnects.increment();
            }
            everConnected = true;
        } else {
            lastError = "connection lost";
        }
    }

    @Override
    public String name() {
        return "ami";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public Future<Void> start() {
        log.info("AMI: connecting to {}:{} as {} in the background", config.host(), config.port(), config.username());
        client.connect().onFailure(e -> {
            lastError = e.getMessage();
            if (e instanceof AmiAuthenticationException) {
                log.error("AMI: {}", e.getMessage());
            } else {
                log.warn(
                        "AMI: not reachable at {}:{} ({}); retrying in the background (back-off up to {} ms). HTTP"
                                + " keeps working.",
                        config.host(),
                        config.port(),
                        e.getMessage(),
                        config.reconnectMaxDelay().toMillis());
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return client.close();
    }

    @Override
    public Future<HealthStatus> check() {
        String at = config.host() + ":" + config.port();
        Instant s = since;
        String age = s == null ? "" : " for " + human(Duration.between(s, clock.instant()));
        if (client.isConnected()) {
            return Future.succeededFuture(HealthStatus.up("connected to " + at + " as " + config.username() + age + ", "
                    + client.channels().size() + " live channel(s)"));
        }
        return Future.succeededFuture(HealthStatus.down(
                "disconnected from " + at + age + " (" + lastError + "); retrying in the background"));
    }

    private static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }
}
