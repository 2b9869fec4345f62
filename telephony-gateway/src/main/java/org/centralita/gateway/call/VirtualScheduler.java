package org.centralita.gateway.call;

import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A discrete-event {@link Scheduler} in virtual time: tasks run in order of due time, then of scheduling, when
 * the owner calls {@link #runUntil(long)} or {@link #runNext()}. No threads, no wall clock; a whole campaign day
 * runs in a fraction of a second and twice the same inputs give the same run.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class VirtualScheduler implements Scheduler {

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    /** Creates a scheduler whose clock starts at {@code startMillis}. */
    public VirtualScheduler(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delayMillis must not be negative, was " + delayMillis);
        }
        Objects.requireNonNull(task, "task");
        Entry entry = new Entry(now + delayMillis, sequence++, task);
        queue.add(entry);
        return entry::cancel;
    }

    /**
     * Runs every task due at or before {@code untilMillis}, in time order (ties in scheduling order), including
     * tasks those tasks schedule, then sets the clock to {@code untilMillis}.
     *
     * @return the number of tasks run
     */
    public long runUntil(long untilMillis) {
        if (untilMillis < now) {
            throw new IllegalArgumentException("cannot run back in time: now " + now + ", asked " + untilMillis);
        }
        long ran = 0;
        while (true) {
            Entry head = queue.peek();
            if (head == null || head.at > untilMillis) {
                break;
            }
            queue.poll();
            if (head.cancelled) {
                continue;
            }
            now = head.at;
            head.done = true;
            head.task.run();
            ran++;
        }
        now = untilMillis;
        return ran;
    }

    /**
     * Advances the clock to the next live task and runs it.
     *
     * @return {@code false} if no task was pending
     */
    public boolean runNext() {
        Entry head;
        do {
            head = queue.poll();
            if (head == null) {
                return false;
            }
        } while (head.cancelled);
        now = head.at;
        head.done = true;
        head.task.run();
        return true;
    }

    /** Returns the number of tasks scheduled and not yet run (cancelled ones may be counted until skipped). */
    public int pending() {
        return queue.size();
    }

    private static final class Entry implements Comparable<Entry> {
        final long at;
        final long seq;
        final Runnable task;
        boolean cancelled;
        boolean done;

        Entry(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        boolean cancel() {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
