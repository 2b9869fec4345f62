package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.centralita.flows.FlowsException;

/** Runs JDBC work on Vert.x worker threads (never on an event loop) and returns Futures. */
final class Jdbc {

    /** JDBC work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Vertx vertx;
    private final DataSource dataSource;

    Jdbc(Vertx vertx, DataSource dataSource) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    <T> Future<T> run(String what, Work<T> work) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = dataSource.getConnection()) {
                        return work.run(c);
                    } catch (SQLException e) {
                        throw new FlowsException("database error while " + what + ": " + e.getMessage(), e);
                    }
                },
                false);
    }
}
