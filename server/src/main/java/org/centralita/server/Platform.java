package org.centralita.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Objects;
import javax.sql.DataSource;
import org.centralita.server.config.ServerConfig;
import org.centralita.server.events.EventsHub;

/**
 * What the server gives every module when it wires them: the one Vert.x, the validated configuration,
 * the one migrated {@link DataSource}, the metrics registry and the live-update hub.
 */
public record Platform(
        Vertx vertx, ServerConfig config, DataSource dataSource, MeterRegistry meters, EventsHub events) {
    /** Validates the platform. */
    public Platform {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(events, "events");
    }
}
