package org.centralita.server.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.util.Objects;
import javax.sql.DataSource;

/** Checks that a connection can be borrowed from the pool and answers within two seconds. */
public final class DatabaseHealthCheck implements HealthCheck {
    private final Vertx vertx;
    private final DataSource dataSource;

    /** Creates the check. */
    public DatabaseHealthCheck(Vertx vertx, DataSource dataSource) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Future<HealthStatus> check() {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = dataSource.getConnection()) {
                        return c.isValid(2)
                                ? HealthStatus.up(c.getMetaData().getDatabaseProductName())
                                : HealthStatus.down("connection not valid");
                    } catch (Exception e) {
                        return HealthStatus.down(e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                },
                false);
    }
}
