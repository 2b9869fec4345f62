package org.centralita.server.health;

import io.vertx.core.Future;

/**
 * One pluggable check reported by {@code /health} and {@code /ready}.
 *
 * <p>A {@link #required()} check that is down makes {@code /ready} answer 503; an optional one (AMI:
 * the web UI and the IVR database still work while Asterisk is away) only marks the server degraded.
 */
public interface HealthCheck {
    /** Returns the name shown in the JSON, e.g. {@code "database"} or {@code "ami"}. */
    String name();

    /** Returns whether the server is not ready while this check is down. */
    default boolean required() {
        return true;
    }

    /** Runs the check; must not block the event loop. */
    Future<HealthStatus> check();
}
