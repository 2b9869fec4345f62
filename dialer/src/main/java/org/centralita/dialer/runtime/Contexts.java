package org.centralita.dialer.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Moves completions back onto the runtime's context, where all of its state lives. */
final class Contexts {
    private Contexts() {}

    /**
     * Returns a future that completes like {@code f}, on {@code context}: at once when {@code f} completes there (so
     * an originate's result is seen before the events that follow it on the wire), else on the context's next turn.
     */
    static <T> Future<T> on(Context context, Future<T> f) {
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                p.handle(ar);
            } else {
                context.runOnContext(v -> p.handle(ar));
            }
        });
        return p.future();
    }

    /** Runs {@code work} on {@code context} and returns its result there. */
    static <T> Future<T> call(Context context, java.util.concurrent.Callable<Future<T>> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                work.call().onComplete(p);
            } catch (Exception e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
