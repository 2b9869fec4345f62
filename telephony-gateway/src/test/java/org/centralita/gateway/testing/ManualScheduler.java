package org.centralita.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.centralita.gateway.call.Scheduler;

/**
 * A {@link Scheduler} whose time only moves when a test calls {@link #advance(long)} (or
 * {@link #advanceOn(io.vertx.core.Context, long)}, to run what falls due on a Vert.x context).
 */
public final class ManualScheduler implements Scheduler {
    private record Task(long due, long seq, Runnable task) {}

    private final PriorityQueue<Task> queue =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    /** Creates a scheduler whose clock starts at 0. */
    public ManualScheduler() {
        this(0);
    }

    /** Creates a scheduler whose clock starts at {@code startMillis}. */
    public ManualScheduler(long startMillis) {
        this.now = startMillis;
    }

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
    public void advance(long millis) {
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
    public synchronized List<Long> pendingDelays() {
        var out = new ArrayList<Long>();
        queue.stream().sorted((a, b) -> Long.compare(a.due, b.due)).forEach(t -> out.add(t.due - now));
        return out;
    }

    /** Moves time forward by {@code millis} on {@code context} (what falls due runs there), and waits for it. */
    public void advanceOn(io.vertx.core.Context context, long millis) {
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        context.runOnContext(v -> {
            try {
                advance(millis);
                done.complete();
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        done.future().await();
    }
}
