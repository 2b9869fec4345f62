package org.centralita.server.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.centralita.server.ManagedComponent;
import org.centralita.server.config.ServerConfig.AmiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for the AMI client until the telephony-gateway's client is wired: checks in the background,
 * with capped exponential back-off, that the AMI port answers with an {@code Asterisk Call Manager}
 * banner, and reports it on {@code /ready} and as the gauge {@code centralita.ami.reachable}. It never
 * logs in and never sends an action.
 */
public final class AmiReachabilityProbe implements ManagedComponent, HealthCheck {
    private static final Logger log = LoggerFactory.getLogger(AmiReachabilityProbe.class);
    private static final String BANNER = "Asterisk Call Manager/";

    private final Vertx vertx;
    private final AmiConfig config;
    private final AtomicInteger reachable = new AtomicInteger();
    private NetClient client;
    private volatile String detail = "not checked yet";
    private volatile Boolean lastUp;
    private Duration delay;
    private long timer = -1;
    private volatile boolean stopped;

    /** Creates the probe and registers its gauge. */
    public AmiReachabilityProbe(Vertx vertx, AmiConfig config, MeterRegistry meters) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        this.delay = config.reconnectInitialDelay();
        Gauge.builder("centralita.ami.reachable", reachable, AtomicInteger::get)
                .description("1 when the AMI port answers with an Asterisk banner, else 0")
                .register(meters);
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
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000));
        log.info("AMI: checking {}:{} in the background", config.host(), config.port());
        probe();
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return client == null ? Future.succeededFuture() : client.close();
    }

    @Override
    public Future<HealthStatus> check() {
        return Future.succeededFuture(new HealthStatus(reachable.get() == 1, detail));
    }

    private void probe() {
        if (stopped) {
            return;
        }
        client.connect(config.port(), config.host()).compose(this::readBanner).onComplete(ar -> {
            if (ar.succeeded()) {
                report(true, "Asterisk answers at " + config.host() + ":" + config.port() + " (" + ar.result() + ")");
                delay = config.reconnectMaxDelay();
            } else {
                String why = ar.cause().getMessage() == null
                        ? ar.cause().toString()
                        : ar.cause().getMessage();
                report(false, "not reachable at " + config.host() + ":" + config.port() + ": " + why);
                delay = lastUp == null || !lastUp ? next(delay) : config.reconnectInitialDelay();
            }
            if (!stopped) {
                timer = vertx.setTimer(delay.toMillis(), id -> probe());
            }
        });
    }

    private Duration next(Duration d) {
        Duration doubled = d.multipliedBy(2);
        return doubled.compareTo(config.reconnectMaxDelay()) > 0 ? config.reconnectMaxDelay() : doubled;
    }

    private Future<String> readBanner(NetSocket socket) {
        Promise<String> p = Promise.promise();
        Buffer buf = Buffer.buffer();
        long guard = vertx.setTimer(5000, id -> {
            p.tryFail("no AMI banner within 5 s");
            socket.close();
        });
        socket.handler(b -> {
            buf.appendBuffer(b);
            String s = buf.toString(StandardCharsets.US_ASCII);
            int nl = s.indexOf('\n');
            if (nl >= 0 || buf.length() > 200) {
                vertx.cancelTimer(guard);
                String line = (nl >= 0 ? s.substring(0, nl) : s).trim();
                if (line.startsWith(BANNER)) {
                    p.tryComplete(line);
                } else {
                    p.tryFail("port answers but is not AMI: \"" + line.replaceAll("\\p{Cntrl}", "?") + "\"");
                }
                socket.close();
            }
        });
        socket.closeHandler(v -> {
            vertx.cancelTimer(guard);
            p.tryFail("closed before the AMI banner");
        });
        return p.future();
    }

    private void report(boolean up, String detail) {
        this.detail = detail;
        reachable.set(up ? 1 : 0);
        if (lastUp == null || lastUp != up) {
            if (up) {
                log.info("AMI: {}", detail);
            } else {
                log.warn(
                        "AMI: {}; retrying in the background (back-off up to {} ms). HTTP keeps working.",
                        detail,
                        config.reconnectMaxDelay().toMillis());
            }
        }
        lastUp = up;
    }
}
