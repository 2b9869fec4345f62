package org.centralita.dialer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The agents of a campaign (or of a blended group) and their state machine, with longest-idle routing.
 *
 * <p>Transitions: LOGGED_OUT → READY (login) → RESERVED (a call is routed) → ON_CALL (bridged) → WRAP_UP (the
 * customer hung up) → READY (the agent is done, or automatically after the wrap-up limit). READY, WRAP_UP and
 * PAUSED can go to PAUSED with a reason; a dead agent channel pauses the agent with reason {@code CHANNEL_DOWN}
 * so no customer is ever bridged to it. Every change takes {@code now}; nothing reads a clock. Illegal
 * transitions throw {@link DialerException}.
 */
public final class AgentPool {

    /** Pause reason given when the agent's nailed-up channel drops. */
    public static final String CHANNEL_DOWN = "CHANNEL_DOWN";

    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final long wrapUpLimitMillis;

    /**
     * Creates an empty pool.
     *
     * @param wrapUpLimitMillis wrap-up ends automatically after this long; 0 or less means never
     */
    public AgentPool(long wrapUpLimitMillis) {
        this.wrapUpLimitMillis = wrapUpLimitMillis;
    }

    /** Logs an agent in on its nailed-up channel; the agent becomes READY. */
    public AgentView login(String id, String channel, long now) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("agent id must not be blank");
        }
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("channel of agent " + id + " must not be blank");
        }
        Agent a = agents.computeIfAbsent(id, Agent::new);
        if (a.state != AgentState.LOGGED_OUT) {
            throw new DialerException("agent " + id + " is already logged in (" + a.state + ")");
        }
        a.channel = channel;
        a.move(AgentState.READY, now);
        return a.view();
    }

    /** Makes a paused agent ready again (the channel must be up). */
    public AgentView ready(String id, long now) {
        Agent a = get(id);
        if (a.state == AgentState.READY) {
            return a.view();
        }
        require(a, AgentState.PAUSED, AgentState.WRAP_UP);
        if (a.state == AgentState.PAUSED && CHANNEL_DOWN.equals(a.pauseReason) && a.channel.isEmpty()) {
            throw new DialerException("agent " + id + " has no channel: log in again on a live channel");
        }
        a.pauseReason = "";
        a.move(AgentState.READY, now);
        return a.view();
    }

    /** Pauses an agent that is ready or wrapping up. */
    public AgentView pause(String id, String reason, long now) {
        Agent a = get(id);
        require(a, AgentState.READY, AgentState.WRAP_UP, AgentState.PAUSED);
        a.pauseReason = reason == null || reason.isBlank() ? "PAUSED" : reason;
        a.move(AgentState.PAUSED, now);
        return a.view();
    }

    /** Logs an agent out; only from READY, PAUSED or WRAP_UP. */
    public AgentView logout(String id, long now) {
        Agent a = get(id);
        require(a, AgentState.READY, AgentState.PAUSED, AgentState.WRAP_UP);
        a.pauseReason = "";
        a.channel = "";
        a.move(AgentState.LOGGED_OUT, now);
        return a.view();
    }

    /**
     * Reserves the ready agent that has been idle longest for {@code callId}.
     *
     * @return the reserved agent, or empty if nobody is ready
     */
    public Optional<AgentView> reserveLongestIdle(String callId, long now) {
        Agent best = null;
        for (Agent a : agents.values()) {
            if (a.state == AgentState.READY && (best == null || a.idleKey < best.idleKey)) {
                best = a;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        best.callId = callId;
        best.idleSince = best.idleKey;
        best.move(AgentState.RESERVED, now);
        return Optional.of(best.view());
    }

    /** Reserves one given ready agent for {@code callId} (preview dialling, callbacks with a reserved agent). */
    public AgentView reserve(String id, String callId, long now) {
        Agent a = get(id);
        require(a, AgentState.READY);
        a.callId = callId;
        a.idleSince = a.idleKey;
        a.move(AgentState.RESERVED, now);
        return a.view();
    }

    /** Marks a reserved agent as talking on its call (the bridge is up). */
    public AgentView connect(String id, long now) {
        Agent a = get(id);
        require(a, AgentState.RESERVED);
        a.move(AgentState.ON_CALL, now);
        return a.view();
    }

    /** Puts a reserved agent back to READY keeping its place in the idle queue (e.g. the customer left). */
    public AgentView release(String id, long now) {
        Agent a = get(id);
        require(a, AgentState.RESERVED);
        a.callId = "";
        a.move(AgentState.READY, now);
        a.idleKey = a.idleSince;
        return a.view();
    }

    /** The customer hung up: the agent goes to wrap-up on that call. */
    public AgentView callEnded(String id, long now) {
        Agent a = get(id);
        require(a, AgentState.ON_CALL);
        a.move(AgentState.WRAP_UP, now);
        return a.view();
    }

    /** The agent finished after-call work and is ready. */
    public AgentView wrapUpDone(String id, long now) {
        Agent a = get(id);
        require(a, AgentState.WRAP_UP);
        a.callId = "";
        a.move(AgentState.READY, now);
        return a.view();
    }

    /**
     * The agent's nailed-up channel dropped: the agent is paused with reason {@link #CHANNEL_DOWN} and loses the
     * channel, whatever it was doing.
     *
     * @return the call the agent was reserved for or talking on, if any
     */
    public Optional<String> channelDown(String id, long now) {
        Agent a = get(id);
        if (a.state == AgentState.LOGGED_OUT) {
            return Optional.empty();
        }
        String call = a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL ? a.callId : "";
        a.callId = "";
        a.channel = "";
        a.pauseReason = CHANNEL_DOWN;
        a.move(AgentState.PAUSED, now);
        return call.isEmpty() ? Optional.empty() : Optional.of(call);
    }

    /** Returns the agent whose nailed-up channel is {@code channel}, if any. */
    public Optional<AgentView> byChannel(String channel) {
        for (Agent a : agents.values()) {
            if (a.channel.equals(channel) && a.state != AgentState.LOGGED_OUT) {
                return Optional.of(a.view());
            }
        }
        return Optional.empty();
    }

    /**
     * Ends every wrap-up that has reached the limit.
     *
     * @return the agents that became ready
     */
    public List<AgentView> expireWrapUps(long now) {
        List<AgentView> out = new ArrayList<>();
        if (wrapUpLimitMillis <= 0) {
            return out;
        }
        for (Agent a : agents.values()) {
            if (a.state == AgentState.WRAP_UP && now - a.since >= wrapUpLimitMillis) {
                a.callId = "";
                a.move(AgentState.READY, now);
                out.add(a.view());
            }
        }
        return out;
    }

    /** Returns when the next wrap-up expires, or {@link Long#MAX_VALUE}. */
    public long nextWrapUpExpiry() {
        if (wrapUpLimitMillis <= 0) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Agent a : agents.values()) {
            if (a.state == AgentState.WRAP_UP) {
                next = Math.min(next, a.since + wrapUpLimitMillis);
            }
        }
        return next;
    }

    /** Returns the wrap-up limit in milliseconds (0 or less: none). */
    public long wrapUpLimitMillis() {
        return wrapUpLimitMillis;
    }

    /** Returns one agent. */
    public Optional<AgentView> agent(String id) {
        Agent a = agents.get(id);
        return a == null ? Optional.empty() : Optional.of(a.view());
    }

    /** Returns every known agent, in login order. */
    public List<AgentView> agents() {
        List<AgentView> out = new ArrayList<>(agents.size());
        for (Agent a : agents.values()) {
            out.add(a.view());
        }
        return out;
    }

    /** Returns how many agents are in {@code state}. */
    public int count(AgentState state) {
        int n = 0;
        for (Agent a : agents.values()) {
            if (a.state == state) {
                n++;
            }
        }
        return n;
    }

    /** Returns the time all agents spent in each state up to {@code now}. */
    public AgentTimes times(long now) {
        AgentTimes sum = new AgentTimes(0, 0, 0, 0, 0);
        for (Agent a : agents.values()) {
            sum = sum.plus(a.times(now));
        }
        return sum;
    }

    private Agent get(String id) {
        Agent a = agents.get(Objects.requireNonNull(id, "id"));
        if (a == null) {
            throw new DialerException("unknown agent " + id);
        }
        return a;
    }

    private static void require(Agent a, AgentState... allowed) {
        for (AgentState s : allowed) {
            if (a.state == s) {
                return;
            }
        }
        throw new DialerException("agent " + a.id + " is " + a.state + ", expected one of " + List.of(allowed));
    }

    private static final class Agent {
        final String id;
        String channel = "";
        AgentState state = AgentState.LOGGED_OUT;
        long since;
        long idleSince;
        long idleKey;
        String callId = "";
        String pauseReason = "";
        final long[] spent = new long[AgentState.values().length];

        Agent(String id) {
            this.id = id;
        }

        void move(AgentState to, long now) {
            if (state != AgentState.LOGGED_OUT) {
                spent[state.ordinal()] += Math.max(0, now - since);
            }
            state = to;
            since = now;
            if (to == AgentState.READY) {
                idleKey = now;
            }
        }

        AgentTimes times(long now) {
            long[] s = spent.clone();
            if (state != AgentState.LOGGED_OUT) {
                s[state.ordinal()] += Math.max(0, now - since);
            }
            return new AgentTimes(
                    s[AgentState.READY.ordinal()],
                    s[AgentState.RESERVED.ordinal()],
                    s[AgentState.ON_CALL.ordinal()],
                    s[AgentState.WRAP_UP.ordinal()],
                    s[AgentState.PAUSED.ordinal()]);
        }

        AgentView view() {
            return new AgentView(id, channel, state, since, callId, pauseReason);
        }
    }
}
