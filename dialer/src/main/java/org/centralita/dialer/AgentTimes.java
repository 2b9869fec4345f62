package org.centralita.dialer;

/**
 * Time spent by agents in each state, in milliseconds (one agent or summed over a pool).
 *
 * @param ready idle and ready
 * @param reserved reserved for a call being bridged
 * @param talk on a call
 * @param wrapUp in after-call work
 * @param paused paused
 */
public record AgentTimes(long ready, long reserved, long talk, long wrapUp, long paused) {

    /** Returns the logged-in time: every state but logged out. */
    public long loggedIn() {
        return ready + reserved + talk + wrapUp + paused;
    }

    /** Returns talk time over logged-in time, 0 when nobody was logged in. */
    public double occupancy() {
        long l = loggedIn();
        return l == 0 ? 0 : (double) talk / l;
    }

    /** Returns talk plus wrap-up time over logged-in time. */
    public double utilization() {
        long l = loggedIn();
        return l == 0 ? 0 : (double) (talk + wrapUp) / l;
    }

    AgentTimes plus(AgentTimes o) {
        return new AgentTimes(
                ready + o.ready, reserved + o.reserved, talk + o.talk, wrapUp + o.wrapUp, paused + o.paused);
    }
}
