package org.centralita.gateway.ami;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.centralita.gateway.call.Scheduler;

/** A {@link Scheduler} whose time only moves when a test calls {@link #advance(long)}. */
final class ManualScheduler implements Scheduler {
    private record Task(long due, long seq, Runnable task) {}

    private final PriorityQueue<Task> queue =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(long delayMillis, Runnable task) {
        var t = new Task(now + delayMillis, seq++, task);
        queue.add(t);
        return () -> {
            synchronized (this) {
                return queue.remove(t);
            }
        };
    }

    /** Moves time forward by {@code millis}, running every task that falls due, in order. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
            }
            next.task.run();
        }
    }

    /** Returns the delays from now of the pending tasks, soonest first. */
    synchronized List<Long> pendingDelays() {
        var out = new ArrayList<Long>();
        queue.stream().sorted((a, b) -> Long.compare(a.due, b.due)).forEach(t -> out.add(t.due - now));
        return out;
    }
}
