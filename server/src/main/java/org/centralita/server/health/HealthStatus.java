package org.centralita.server.health;

import java.util.Objects;

/** The result of one health check: up or down, with a short human-readable detail. */
public record HealthStatus(boolean up, String detail) {
    /** Validates the status. */
    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }

    /** Returns an up status. */
    public static HealthStatus up(String detail) {
        return new HealthStatus(true, detail);
    }

    /** Returns a down status. */
    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail);
    }
}
