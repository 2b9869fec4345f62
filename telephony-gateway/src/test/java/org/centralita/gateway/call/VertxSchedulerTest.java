package org.centralita.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class VertxSchedulerTest {

    @Test
    void runsTheTaskOnAVertxContextAfterTheDelayWithTheInjectedClock(Vertx vertx, VertxTestContext ctx) {
        AtomicLong clock = new AtomicLong(1_000);
        VertxScheduler s = new VertxScheduler(vertx, clock::get);
        assertThat(s.nowMillis()).isEqualTo(1_000);
        long start = System.nanoTime();
        s.schedule(
                30,
                () -> ctx.verify(() -> {
                    assertThat(Vertx.currentContext()).isNotNull();
                    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(25_000_000L);
                    ctx.completeNow();
                }));
    }

    @Test
    void cancelledTasksDoNotRun(Vertx vertx, VertxTestContext ctx) {
        VertxScheduler s = new VertxScheduler(vertx);
        AtomicBoolean ran = new AtomicBoolean();
        // Scheduled from the context itself, as the dialer does: nothing can run before this block returns.
        vertx.getOrCreateContext().runOnContext(v -> {
            Scheduler.Cancellable timer = s.schedule(20, () -> ran.set(true));
            Scheduler.Cancellable immediate = s.schedule(0, () -> ran.set(true));
            ctx.verify(() -> {
                assertThat(timer.cancel()).isTrue();
                assertThat(immediate.cancel()).isTrue();
            });
            s.schedule(
                    60,
                    () -> ctx.verify(() -> {
                        assertThat(ran).isFalse();
                        ctx.completeNow();
                    }));
        });
    }
}
