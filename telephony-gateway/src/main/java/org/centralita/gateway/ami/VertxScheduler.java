package org.centralita.gateway.ami;

import io.vertx.core.Context;
import java.util.Objects;
import org.centralita.gateway.call.Scheduler;

/** A {@link Scheduler} on wall-clock time whose tasks run on one Vert.x context. */
final class VertxScheduler implements Scheduler {
    private final Context context;

    VertxScheduler(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delayMillis must not be negative, was " + delayMillis);
        }
        long id = context.owner().setTimer(Math.max(1, delayMillis), t -> context.runOnContext(v -> task.run()));
        return () -> context.owner().cancelTimer(id);
    }
}
