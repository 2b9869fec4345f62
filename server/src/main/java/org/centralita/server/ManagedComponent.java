package org.centralita.server;

import io.vertx.core.Future;

/**
 * A long-lived part of the server (FastAGI listener, AMI client, flow engine, dialer) that the server
 * starts in order and stops in reverse order.
 *
 * <p>{@link #start()} must not wait for a remote peer: a component that needs Asterisk starts at once
 * and connects in the background, reporting its state through a {@link
 * org.centralita.server.health.HealthCheck}.
 */
public interface ManagedComponent {
    /** Returns a short name for logs, e.g. {@code "fastagi"}. */
    String name();

    /** Starts the component; the future completes when it is serving. */
    Future<Void> start();

    /**
     * Stops the component gracefully (stop accepting, let live work finish); the server gives up waiting
     * after {@code shutdown.timeout}.
     */
    Future<Void> stop();

    /** Returns a component built from two functions, for wiring a module's class in one line. */
    static ManagedComponent of(
            String name,
            java.util.function.Supplier<Future<Void>> start,
            java.util.function.Supplier<Future<Void>> stop) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(start, "start");
        java.util.Objects.requireNonNull(stop, "stop");
        return new ManagedComponent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<Void> start() {
                return start.get();
            }

            @Override
            public Future<Void> stop() {
                return stop.get();
            }
        };
    }
}
