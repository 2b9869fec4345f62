package org.centralita.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentPoolTest {

    private final AgentPool pool = new AgentPool(60_000);

    @Test
    void routesToTheAgentIdleLongest() {
        pool.login("a", "PJSIP/a", 1_000);
        pool.login("b", "PJSIP/b", 500);
        pool.login("c", "PJSIP/c", 2_000);
        assertThat(pool.reserveLongestIdle("call-1", 3_000).orElseThrow().id()).isEqualTo("b");
        assertThat(pool.reserveLongestIdle("call-2", 3_000).orElseThrow().id()).isEqualTo("a");
    }

    @Test
    void releasedAgentKeepsItsPlaceInTheIdleQueue() {
        pool.login("a", "PJSIP/a", 1_000);
        pool.login("b", "PJSIP/b", 2_000);
        pool.reserveLongestIdle("call-1", 3_000);
        pool.release("a", 4_000);
        assertThat(pool.reserveLongestIdle("call-2", 5_000).orElseThrow().id()).isEqualTo("a");
    }

    @Test
    void nobodyReadyMeansNoReservation() {
        pool.login("a", "PJSIP/a", 0);
        pool.pause("a", "BREAK", 10);
        assertThat(pool.reserveLongestIdle("call-1", 20)).isEmpty();
    }

    @Test
    void fullCycleAndWrapUpEndsAutomaticallyAtTheLimit() {
        pool.login("a", "PJSIP/a", 0);
        pool.reserveLongestIdle("call-1", 1_000);
        pool.connect("a", 1_000);
        pool.callEnded("a", 101_000);
        assertThat(pool.agent("a").orElseThrow().state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(pool.nextWrapUpExpiry()).isEqualTo(161_000);
        assertThat(pool.expireWrapUps(160_999)).isEmpty();
        assertThat(pool.expireWrapUps(161_000)).singleElement().satisfies(v -> assertThat(v.state())
                .isEqualTo(AgentState.READY));
    }

    @Test
    void droppedChannelPausesTheAgentAndHandsBackItsCall() {
        pool.login("a", "PJSIP/a", 0);
        pool.reserveLongestIdle("call-1", 10);
        pool.connect("a", 10);
        assertThat(pool.channelDown("a", 20)).contains("call-1");
        AgentView a = pool.agent("a").orElseThrow();
        assertThat(a.state()).isEqualTo(AgentState.PAUSED);
        assertThat(a.pauseReason()).isEqualTo(AgentPool.CHANNEL_DOWN);
        assertThat(pool.reserveLongestIdle("call-2", 30)).isEmpty();
    }

    @Test
    void illegalTransitionsFailWithAClearMessage() {
        pool.login("a", "PJSIP/a", 0);
        assertThatThrownBy(() -> pool.connect("a", 1))
                .isInstanceOf(DialerException.class)
                .hasMessageContaining("agent a is READY");
        assertThatThrownBy(() -> pool.login("a", "PJSIP/a", 2)).isInstanceOf(DialerException.class);
        assertThatThrownBy(() -> pool.ready("nobody", 2)).hasMessageContaining("unknown agent nobody");
    }

    @Test
    void accountsTimeInEachState() {
        pool.login("a", "PJSIP/a", 0);
        pool.reserveLongestIdle("call-1", 10_000);
        pool.connect("a", 10_000);
        pool.callEnded("a", 70_000);
        pool.wrapUpDone("a", 80_000);
        AgentTimes t = pool.times(100_000);
        assertThat(t.talk()).isEqualTo(60_000);
        assertThat(t.wrapUp()).isEqualTo(10_000);
        assertThat(t.ready()).isEqualTo(30_000);
        assertThat(t.occupancy()).isEqualTo(0.6);
        assertThat(t.utilization()).isEqualTo(0.7);
    }
}
