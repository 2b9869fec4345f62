package org.centralita.gateway.call;

/**
 * A source of time and delayed tasks. Real-time code uses a Vert.x-backed implementation; the simulator
 * uses a virtual-time one, so the same dialer code runs in both.
 */
public interface Scheduler {

    /** Returns the current time in milliseconds since the epoch (virtual or real). */
    long nowMillis();

    /**
     * Runs {@code task} once after {@code delayMillis} (0 means as soon as possible, after already-due tasks).
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(long delayMillis, Runnable task);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task; returns {@code true} if it had not run yet. */
        boolean cancel();
    }
}
