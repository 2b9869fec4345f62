package org.centralita.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

    @Test
    void runsTasksByTimeThenByInsertionOrder() {
        VirtualScheduler s = new VirtualScheduler(1000);
        List<String> ran = new ArrayList<>();
        s.schedule(50, () -> ran.add("b@" + s.nowMillis()));
        s.schedule(10, () -> ran.add("a@" + s.nowMillis()));
        s.schedule(50, () -> ran.add("c@" + s.nowMillis()));
        assertThat(s.runUntil(2000)).isEqualTo(3);
        assertThat(ran).containsExactly("a@1010", "b@1050", "c@1050");
        assertThat(s.nowMillis()).isEqualTo(2000);
    }

    @Test
    void tasksScheduledByTasksRunInTheSameCallWhenDue() {
        VirtualScheduler s = new VirtualScheduler(0);
        List<Long> times = new ArrayList<>();
        s.schedule(10, () -> {
            times.add(s.nowMillis());
            s.schedule(0, () -> times.add(s.nowMillis()));
            s.schedule(100, () -> times.add(s.nowMillis()));
        });
        s.runUntil(50);
        assertThat(times).containsExactly(10L, 10L);
        s.runUntil(110);
        assertThat(times).containsExactly(10L, 10L, 110L);
    }

    @Test
    void cancelledTaskNeverRunsAndCancelReportsWhetherItWasPending() {
        VirtualScheduler s = new VirtualScheduler(0);
        List<String> ran = new ArrayList<>();
        Scheduler.Cancellable c = s.schedule(5, () -> ran.add("x"));
        Scheduler.Cancellable d = s.schedule(6, () -> ran.add("y"));
        assertThat(c.cancel()).isTrue();
        assertThat(c.cancel()).isFalse();
        s.runUntil(10);
        assertThat(ran).containsExactly("y");
        assertThat(d.cancel()).isFalse();
    }

    @Test
    void runNextJumpsToTheNextTask() {
        VirtualScheduler s = new VirtualScheduler(0);
        s.schedule(7_000, () -> {});
        assertThat(s.runNext()).isTrue();
        assertThat(s.nowMillis()).isEqualTo(7_000);
        assertThat(s.runNext()).isFalse();
    }

    @Test
    void rejectsNegativeDelayAndRunningBackwards() {
        VirtualScheduler s = new VirtualScheduler(100);
        assertThatThrownBy(() -> s.schedule(-1, () -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.runUntil(99)).isInstanceOf(IllegalArgumentException.class);
    }
}
