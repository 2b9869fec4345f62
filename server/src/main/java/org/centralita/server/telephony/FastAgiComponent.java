package org.centralita.server.telephony;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.agi.AgiServerStats;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
import org.centralita.server.health.HealthCheck;
import org.centralita.server.health.HealthStatus;

/**
 * The telephony-gateway's FastAGI listener as a server component: bound to {@code agi.host:agi.port},
 * drained gracefully for up to {@code shutdown.timeout}, counted on {@code /metrics} and reported on
 * {@code /ready}.
 */
public final class FastAgiComponent implements ManagedComponent, HealthCheck {
    private final Platform platform;
    private final AgiServer server;
    private volatile boolean listening;

    /**
     * Creates the listener; {@code handlers} registers the scripts, e.g. {@code b -> b.handler("ivr",
     * flows::handle)}. Scripts without a handler end the call cleanly, setting {@code CENTRALITA_AGISTATUS}.
     */
    public FastAgiComponent(Platform platform, Consumer<AgiServer.Builder> handlers) {
        this.platform = Objects.requireNonNull(platform, "platform");
        AgiServer.Builder b = AgiServer.builder()
                .host(platform.config().agi().host())
                .port(platform.config().agi().port())
                .eventLoops(platform.config().agi().eventLoops());
        handlers.accept(b);
        this.server = b.build();
        registerMeters(platform.meters());
    }

    private void registerMeters(MeterRegistry meters) {
        Gauge.builder("centralita.agi.sessions.active", server, s -> s.stats().activeSessions())
                .description("FastAGI sessions connected now")
                .register(meters);
        counter(meters, "centralita.agi.sessions", "FastAGI sessions accepted", AgiServerStats::totalSessions);
        counter(
                meters,
                "centralita.agi.sessions.refused",
                "FastAGI sessions refused (full or shutting down)",
                AgiServerStats::refusedSessions);
        counter(
                meters,
                "centralita.agi.sessions.not.found",
                "FastAGI sessions for a script with no handler",
                AgiServerStats::notFoundSessions);
        counter(meters, "centralita.agi.commands", "AGI commands sent to Asterisk", AgiServerStats::commands);
        counter(
                meters,
                "centralita.agi.command.timeouts",
                "AGI commands without a reply in time",
                AgiServerStats::commandTimeouts);
        counter(
                meters,
                "centralita.agi.handler.failures",
                "AGI handlers that failed with something other than a hang-up",
                AgiServerStats::handlerFailures);
        counter(
                meters,
                "centralita.agi.protocol.errors",
                "FastAGI sessions closed for malformed input",
                AgiServerStats::protocolErrors);
    }

    private void counter(
            MeterRegistry meters, String name, String description, ToDoubleFunction<AgiServerStats> value) {
        FunctionCounter.builder(name, server, s -> value.applyAsDouble(s.stats()))
                .description(description)
                .register(meters);
    }

    @Override
    public String name() {
        return "fastagi";
    }

    @Override
    public Future<Void> start() {
        return server.start(platform.vertx())
                .recover(e -> Future.failedFuture(new org.centralita.server.ServerException(
                        "agi.port: cannot listen on " + platform.config().agi().host() + ":"
                                + platform.config().agi().port() + ": " + e.getMessage(),
                        e)))
                .onSuccess(s -> listening = true)
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        listening = false;
        return server.shutdown(platform.config().shutdownTimeout());
    }

    @Override
    public Future<HealthStatus> check() {
        if (!listening) {
            return Future.succeededFuture(HealthStatus.down("not listening"));
        }
        AgiServerStats s = server.stats();
        return Future.succeededFuture(
                HealthStatus.up("listening on " + platform.config().agi().host() + ":" + server.actualPort() + ", "
                        + s.activeSessions() + " live session(s)"));
    }

    /** Returns the bound port, or -1 before start. */
    public int actualPort() {
        return server.actualPort();
    }
}
