package org.centralita.gateway.call;

import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A real-time {@link Scheduler} on Vert.x timers. Tasks run on the event loop of the Vert.x context that
 * scheduled them (or a fresh one when called from outside a context); never block in them.
 */
public final class VertxScheduler implements Scheduler {

    private final Vertx vertx;
    private final LongSupplier clock;

    /** Creates a scheduler on {@code vertx} with the system wall clock. */
    public VertxScheduler(Vertx vertx) {
        this(vertx, System::currentTimeMillis);
    }

    /** Creates a scheduler on {@code vertx} reading time from {@code clock} (milliseconds since the epoch). */
    public VertxScheduler(Vertx vertx, LongSupplier clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long nowMillis() {
        return clock.getAsLong();
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delayMillis must not be negative, was " + delayMillis);
        }
        Objects.requireNonNull(task, "task");
        if (delayMillis == 0) {
            boolean[] state = new boolean[2]; // [cancelled, ran]
            vertx.getOrCreateContext().runOnContext(v -> {
                if (!state[0]) {
                    state[1] = true;
                    task.run();
                }
            });
            return () -> {
                if (state[0] || state[1]) {
                    return false;
                }
                state[0] = true;
                return true;
            };
        }
        long id = vertx.setTimer(delayMillis, t -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
