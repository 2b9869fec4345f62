package org.centralita.gateway.call;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.centralita.gateway.GatewayException;

/**
 * A {@link CallControl} that plays calls on a {@link Scheduler} instead of Asterisk: with a
 * {@link VirtualScheduler} it runs whole campaign days in virtual time (no threads: Vert.x futures complete
 * synchronously), with a {@link VertxScheduler} it serves a real-time demo.
 *
 * <p>Each originated call follows the {@link SimCallPlan} that the {@link SimOutcomeModel} gives it: it rings,
 * then is answered (event {@code ChannelState Up}, then an {@link CallEvent.AmdDetected} verdict after the
 * detection time when AMD is on), busy, failed, or rings out at the request's timeout. A person bridged to an
 * agent talks for the planned time and hangs up; a machine left alone hangs up after its greeting. Agents sit
 * on nailed-up channels added with {@link #addAgentChannel(String)}; a customer can only be bridged to an up
 * agent channel. Hang-up causes follow Asterisk: 16 normal, 17 busy, 19 no answer, 34 congestion.
 *
 * <p>Not thread-safe: call it from the scheduler's thread (or Vert.x context) only.
 */
public final class SimulatedCallControl implements CallControl {

    private final Scheduler scheduler;
    private final SimOutcomeModel outcomes;
    private final List<Consumer<CallEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, SimChannel> channels = new HashMap<>();
    private final Map<String, SimCallPlan> plansByCallId = new HashMap<>();
    private boolean connected = true;
    private long nextId = 1;
    private long redirectHangupMillis = 8_000;

    /** Creates a simulated control placing calls on {@code scheduler} with fates from {@code outcomes}. */
    public SimulatedCallControl(Scheduler scheduler, SimOutcomeModel outcomes) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /** Sets how long a redirected channel (e.g. to an abandon message) lives before it hangs up. */
    public SimulatedCallControl redirectHangupAfter(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must not be negative, was " + millis);
        }
        this.redirectHangupMillis = millis;
        return this;
    }

    /** Adds an agent's nailed-up channel, already up and waiting in the holding context. */
    public void addAgentChannel(String channel) {
        requireText(channel, "channel");
        if (channels.containsKey(channel)) {
            throw new IllegalArgumentException("channel already exists: " + channel);
        }
        SimChannel c = new SimChannel(channel, "agent-" + nextId++, null, null);
        c.up = true;
        channels.put(channel, c);
        emit(new CallEvent.ChannelState(now(), c.uniqueId, c.uniqueId, channel, "Up"));
    }

    /** Drops a channel as if the far end vanished (fault injection), with cause 16. */
    public void dropChannel(String channel) {
        SimChannel c = channels.get(channel);
        if (c != null) {
            end(c, 16, "Normal Clearing");
        }
    }

    /** Simulates the link to Asterisk going down or up; while down originate fails. */
    public void setConnected(boolean value) {
        if (value != connected) {
            connected = value;
            emit(new CallEvent.ConnectionChanged(now(), value));
        }
    }

    /** Returns the plan the call {@code callId} was given, if it was originated. */
    public Optional<SimCallPlan> planOf(String callId) {
        return Optional.ofNullable(plansByCallId.get(callId));
    }

    /** Returns the number of channels now alive (agents' included). */
    public int liveChannels() {
        return channels.size();
    }

    @Override
    public Future<OriginateResult> originate(OriginateRequest request) {
        Objects.requireNonNull(request, "request");
        if (!connected) {
            return Future.failedFuture(new GatewayException("not connected: cannot originate " + request.callId()));
        }
        SimCallPlan plan = Objects.requireNonNull(outcomes.plan(request), "plan");
        plansByCallId.put(request.callId(), plan);
        Promise<OriginateResult> promise = Promise.promise();
        long timeout = request.ringTimeout().toMillis();
        String name = "SIM/" + request.destination() + "-" + Long.toHexString(nextId);
        SimChannel c = new SimChannel(name, "sim-" + nextId++, request.callId(), plan);
        c.vars.putAll(request.variables());
        channels.put(name, c);
        boolean answers = plan.picksUp() && plan.ringMillis() < timeout;
        if (answers) {
            c.timer = scheduler.schedule(plan.ringMillis(), () -> answer(c, promise));
        } else {
            long after;
            CallOutcome outcome;
            int cause;
            String text;
            switch (plan.answer()) {
                case BUSY -> {
                    after = Math.min(plan.ringMillis(), timeout);
                    outcome = CallOutcome.BUSY;
                    cause = 17;
                    text = "User busy";
                }
                case FAILED -> {
                    after = Math.min(plan.ringMillis(), timeout);
                    outcome = CallOutcome.CONGESTION;
                    cause = 34;
                    text = "Circuit/channel congestion";
                }
                default -> {
                    after = timeout;
                    outcome = CallOutcome.NO_ANSWER;
                    cause = 19;
                    text = "No user responding";
                }
            }
            c.timer = scheduler.schedule(after, () -> {
                channels.remove(c.name);
                promise.complete(new OriginateResult(c.callId, outcome, "", "", reasonOf(outcome)));
                emit(new CallEvent.ChannelHangup(now(), c.uniqueId, c.uniqueId, c.name, cause, text));
            });
        }
        return promise.future();
    }

    private void answer(SimChannel c, Promise<OriginateResult> promise) {
        c.up = true;
        c.answeredAt = now();
        promise.complete(new OriginateResult(c.callId, CallOutcome.ANSWERED, c.name, c.uniqueId, 4));
        if (!channels.containsKey(c.name)) {
            return; // hung up from the completion callback
        }
        emit(new CallEvent.ChannelState(now(), c.uniqueId, c.uniqueId, c.name, "Up"));
        if (!channels.containsKey(c.name)) {
            return;
        }
        SimCallPlan plan = c.plan;
        if (plan.amdVerdict() != SimAmdVerdict.NONE) {
            c.amdTimer = scheduler.schedule(plan.amdMillis(), () -> {
                boolean human = plan.amdVerdict() == SimAmdVerdict.HUMAN;
                emit(new CallEvent.AmdDetected(now(), c.uniqueId, c.name, human, human ? "HUMAN" : "MACHINE"));
            });
        }
        if (plan.answer() == SimAnswer.MACHINE) {
            c.timer = scheduler.schedule(plan.amdMillis() + plan.talkMillis(), () -> end(c, 16, "Normal Clearing"));
        } else {
            c.timer = null;
        }
    }

    @Override
    public Future<Void> hangup(String channel, int cause) {
        SimChannel c = channels.get(channel);
        if (c == null) {
            return Future.failedFuture(new GatewayException("no such channel: " + channel));
        }
        end(c, cause, cause == 16 ? "Normal Clearing" : "Cause " + cause);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> bridge(String channel1, String channel2) {
        SimChannel a = channels.get(channel1);
        SimChannel b = channels.get(channel2);
        if (a == null || b == null || !a.up || !b.up) {
            return Future.failedFuture(
                    new GatewayException("cannot bridge " + channel1 + " and " + channel2 + ": channel not up"));
        }
        if (a.bridgedTo != null || b.bridgedTo != null) {
            return Future.failedFuture(new GatewayException("channel already bridged: " + channel1 + " / " + channel2));
        }
        a.bridgedTo = b;
        b.bridgedTo = a;
        emit(new CallEvent.Bridged(now(), "bridge-" + nextId++, channel1, channel2));
        for (SimChannel customer : new SimChannel[] {a, b}) {
            if (customer.plan != null) {
                cancel(customer);
                long talk = customer.plan.answer() == SimAnswer.MACHINE
                        ? Math.max(0, customer.plan.talkMillis() - (now() - customer.answeredAt))
                        : customer.plan.talkMillis();
                customer.timer = scheduler.schedule(talk, () -> end(customer, 16, "Normal Clearing"));
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> redirect(String channel, String context, String exten, int priority) {
        SimChannel c = channels.get(channel);
        if (c == null) {
            return Future.failedFuture(new GatewayException("no such channel: " + channel));
        }
        unbridge(c);
        cancel(c);
        c.timer = scheduler.schedule(redirectHangupMillis, () -> end(c, 16, "Normal Clearing"));
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<String>> getVar(String channel, String variable) {
        SimChannel c = channels.get(channel);
        if (c == null) {
            return Future.failedFuture(new GatewayException("no such channel: " + channel));
        }
        return Future.succeededFuture(Optional.ofNullable(c.vars.get(variable)));
    }

    @Override
    public Future<Void> setVar(String channel, String variable, String value) {
        SimChannel c = channels.get(channel);
        if (c == null) {
            return Future.failedFuture(new GatewayException("no such channel: " + channel));
        }
        c.vars.put(variable, value);
        return Future.succeededFuture();
    }

    @Override
    public AutoCloseable onEvent(Consumer<CallEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    private void end(SimChannel c, int cause, String text) {
        if (channels.remove(c.name) == null) {
            return;
        }
        cancel(c);
        if (c.amdTimer != null) {
            c.amdTimer.cancel();
        }
        SimChannel other = c.bridgedTo;
        unbridge(c);
        emit(new CallEvent.ChannelHangup(now(), c.uniqueId, c.uniqueId, c.name, cause, text));
        if (other != null && other.plan != null) {
            end(other, 16, "Normal Clearing"); // the customer is not left alone when the agent leg drops
        }
    }

    private static void unbridge(SimChannel c) {
        if (c.bridgedTo != null) {
            c.bridgedTo.bridgedTo = null;
            c.bridgedTo = null;
        }
    }

    private static void cancel(SimChannel c) {
        if (c.timer != null) {
            c.timer.cancel();
            c.timer = null;
        }
    }

    private void emit(CallEvent event) {
        for (Consumer<CallEvent> l : new ArrayList<>(listeners)) {
            l.accept(event);
        }
    }

    private long now() {
        return scheduler.nowMillis();
    }

    private static int reasonOf(CallOutcome outcome) {
        return switch (outcome) {
            case ANSWERED -> 4;
            case BUSY -> 5;
            case NO_ANSWER -> 3;
            case CONGESTION -> 8;
            case FAILED -> 0;
        };
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static final class SimChannel {
        final String name;
        final String uniqueId;
        final String callId;
        final SimCallPlan plan;
        final Map<String, String> vars = new LinkedHashMap<>();
        boolean up;
        long answeredAt;
        SimChannel bridgedTo;
        Scheduler.Cancellable timer;
        Scheduler.Cancellable amdTimer;

        SimChannel(String name, String uniqueId, String callId, SimCallPlan plan) {
            this.name = name;
            this.uniqueId = uniqueId;
            this.callId = callId;
            this.plan = plan;
        }
    }
}
