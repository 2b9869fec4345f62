package org.centralita.gateway.ami;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.asteriskjava.manager.action.BridgeAction;
import org.asteriskjava.manager.action.GetVarAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.centralita.gateway.call.CallControl;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.call.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallControl} on a real Asterisk through an {@link AmiClient}.
 *
 * <p>Originates are asynchronous ({@code Async: true}) and correlated by ActionID ({@code <callId>-<n>}), never
 * by uniqueid: a failed originate reports {@code Uniqueid: <unknown>}. The outcome comes from the
 * {@code OriginateResponse} Reason code (4 answered, 5 busy, 3 no answer, 8 congestion, anything else failed),
 * whatever its order relative to {@code Newstate Up}. Call events ({@link CallEvent}) are emitted on the client's
 * Vert.x context in the order Asterisk sent them.
 */
public final class AmiCallControl implements CallControl {
    private static final Logger log = LoggerFactory.getLogger(AmiCallControl.class);

    /**
     * Channel variable set on every originated call, with the originate's ActionID as its value. Asterisk reports
     * it in a {@code VarSet} event as soon as the channel exists, which ties the call's uniqueids to the originate
     * even when it fails ({@code Uniqueid: <unknown>}), so the hangup cause can refine a generic failure.
     */
    public static final String CORRELATION_VARIABLE = "CENTRALITA_ORIGINATE";

    /** Extra time after the ring timeout before an originate without OriginateResponse is given up. */
    private static final long ORIGINATE_GRACE_MILLIS = 15_000;

    /** How long a generic failure waits for the hangup cause of its channels. */
    private static final long HANGUP_CAUSE_WAIT_MILLIS = 3_000;

    private final AmiClient client;
    private final Scheduler scheduler;
    private final List<Consumer<CallEvent>> listeners = new CopyOnWriteArrayList<>();

    // Confined to the client's context.
    private final Map<String, PendingOriginate> originates = new HashMap<>();
    private final Map<String, String> correlated = new HashMap<>();
    private final Map<String, List<String>> bridges = new HashMap<>();
    private final Map<String, String[]> amd = new HashMap<>();
    private final Set<String> amdReported = new HashSet<>();
    private long sequence;

    private AmiCallControl(AmiClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.scheduler = client.scheduler();
        client.onEvent(this::onAmiEvent);
        client.onConnectionChange(this::onConnectionChange);
    }

    /** Returns call control over {@code client}; connect the client separately. */
    public static AmiCallControl create(AmiClient client) {
        return new AmiCallControl(client);
    }

    /** Returns the underlying AMI client. */
    public AmiClient client() {
        return client;
    }

    @Override
    public Future<OriginateResult> originate(OriginateRequest request) {
        Objects.requireNonNull(request, "request");
        Promise<OriginateResult> promise = Promise.promise();
        client.context().runOnContext(v -> startOriginate(request, promise));
        return promise.future();
    }

    private void startOriginate(OriginateRequest request, Promise<OriginateResult> promise) {
        if (!client.isConnected()) {
            promise.fail(new AmiNotConnectedException(
                    "cannot originate call " + request.callId() + ": not connected to Asterisk AMI"));
            return;
        }
        String actionId = request.callId() + "-" + (++sequence);
        var action = new OriginateAction();
        action.setChannel(request.destination());
        action.setContext(request.context());
        action.setExten(request.exten());
        action.setPriority(request.priority());
        if (!request.callerId().isEmpty()) {
            action.setCallerId(request.callerId());
        }
        var variables = new LinkedHashMap<>(request.variables());
        variables.put(CORRELATION_VARIABLE, actionId);
        action.setVariables(variables);
        action.setAsync(true);
        var pending = new PendingOriginate(request, promise);
        originates.put(actionId, pending);
        pending.timer =
                scheduler.schedule(request.ringTimeout().toMillis() + ORIGINATE_GRACE_MILLIS, () -> client.context()
                        .runOnContext(x -> {
                            PendingOriginate p = removeOriginate(actionId);
                            if (p != null) {
                                p.promise.tryFail(new AmiTimeoutException("no OriginateResponse for call "
                                        + request.callId() + " (ActionID " + actionId + "); outcome unknown"));
                            }
                        }));
        log.debug("originating call {} to {} (ActionID {})", request.callId(), request.destination(), actionId);
        // Timeout is added as a header: OriginateAction.setTimeout logs a misleading warning below 100 s.
        AmiAction wire = AmiAction.from(action)
                .plus("Timeout", String.valueOf(request.ringTimeout().toMillis()));
        client.sendWithId(wire, actionId).onFailure(err -> {
            PendingOriginate p = removeOriginate(actionId);
            if (p != null) {
                p.promise.tryFail(err);
            }
        });
    }

    @Override
    public Future<Void> hangup(String channel, int cause) {
        requireChannel(channel);
        var action = cause > 0 ? new HangupAction(channel, cause) : new HangupAction(channel);
        return call("Hangup", channel, AmiAction.from(action)).mapEmpty();
    }

    @Override
    public Future<Void> bridge(String channel1, String channel2) {
        requireChannel(channel1);
        requireChannel(channel2);
        return call(
                        "Bridge",
                        channel1 + " and " + channel2,
                        AmiAction.from(new BridgeAction(channel1, channel2, false)))
                .mapEmpty();
    }

    @Override
    public Future<Void> redirect(String channel, String context, String exten, int priority) {
        requireChannel(channel);
        if (context == null || context.isBlank() || exten == null || exten.isBlank() || priority < 1) {
            throw new IllegalArgumentException("redirect needs a context, an extension and a priority of 1 or more");
        }
        return call("Redirect", channel, AmiAction.from(new RedirectAction(channel, context, exten, priority)))
                .mapEmpty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Asterisk answers an unset variable with an empty {@code Value:}, exactly as for a variable set to the
     * empty string, so both are reported as empty.
     */
    @Override
    public Future<Optional<String>> getVar(String channel, String variable) {
        requireChannel(channel);
        requireText(variable, "variable");
        return call("Getvar", channel, AmiAction.from(new GetVarAction(channel, variable)))
                .map(r -> {
                    String value = r.get("Value");
                    return value.isEmpty() ? Optional.<String>empty() : Optional.of(value);
                });
    }

    @Override
    public Future<Void> setVar(String channel, String variable, String value) {
        requireChannel(channel);
        requireText(variable, "variable");
        Objects.requireNonNull(value, "value");
        return call("Setvar", channel, AmiAction.from(new SetVarAction(channel, variable, value)))
                .mapEmpty();
    }

    @Override
    public AutoCloseable onEvent(Consumer<CallEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    // ------------------------------------------------------------------ internals

    private Future<AmiResponse> call(String name, String channel, AmiAction action) {
        return client.send(action).recover(err -> {
            if (err instanceof AmiActionException failed
                    && isNoSuchChannel(failed.response().message())) {
                return Future.failedFuture(new AmiNoSuchChannelException(name, channel, failed.response()));
            }
            return Future.failedFuture(err);
        });
    }

    static boolean isNoSuchChannel(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("no such channel") || m.contains("does not exist");
    }

    /** Maps an OriginateResponse to an outcome: Reason 4 answered, 5 busy, 3 no answer, 8 congestion. */
    static CallOutcome outcomeOf(String response, int reason) {
        if (response.equalsIgnoreCase("Success")) {
            return CallOutcome.ANSWERED;
        }
        return switch (reason) {
            case 4 -> CallOutcome.ANSWERED;
            case 5 -> CallOutcome.BUSY;
            case 3 -> CallOutcome.NO_ANSWER;
            case 8 -> CallOutcome.CONGESTION;
            default -> CallOutcome.FAILED;
        };
    }

    private void onConnectionChange(boolean connected) {
        if (!connected && !originates.isEmpty()) {
            var lost = new ArrayList<>(originates.entrySet());
            for (var e : lost) {
                removeOriginate(e.getKey());
                e.getValue()
                        .promise
                        .tryFail(new AmiNotConnectedException("AMI connection lost while call "
                                + e.getValue().request.callId() + " (ActionID " + e.getKey()
                                + ") was being placed; outcome unknown"));
            }
        }
        if (!connected) {
            bridges.clear();
        }
        emit(new CallEvent.ConnectionChanged(scheduler.nowMillis(), connected));
    }

    private void onAmiEvent(AmiEvent e) {
        String name = e.name().toLowerCase(Locale.ROOT);
        switch (name) {
            case "originateresponse" -> onOriginateResponse(e);
            case "newchannel", "newstate" ->
                emit(new CallEvent.ChannelState(
                        scheduler.nowMillis(), e.uniqueId(), e.linkedId(), e.channel(), e.get("ChannelStateDesc")));
            case "hangup" -> onHangup(e);
            case "bridgeenter" -> onBridgeEnter(e);
            case "bridgeleave" -> {
                List<String> members = bridges.get(e.get("BridgeUniqueid"));
                if (members != null) {
                    members.remove(e.channel());
                }
            }
            case "bridgedestroy" -> bridges.remove(e.get("BridgeUniqueid"));
            case "varset" -> onVarSet(e);
            case "userevent" -> onUserEvent(e);
            default -> {
                // not a call-control event
            }
        }
    }

    private void onOriginateResponse(AmiEvent e) {
        PendingOriginate p = originates.get(e.actionId());
        if (p == null || p.response != null) {
            log.debug("OriginateResponse for ActionID '{}' that is not ours", e.actionId());
            return;
        }
        p.response = e;
        int reason = parseInt(e.get("Reason"));
        CallOutcome outcome = outcomeOf(e.get("Response"), reason);
        if (outcome == CallOutcome.FAILED && p.uniqueIds.size() > p.causes.size()) {
            // Reason 0/1 say little; the hangup cause of the call's channels (they follow the OriginateResponse)
            // may say busy, no answer or congestion. Wait briefly for them.
            String actionId = e.actionId();
            p.causeTimer = scheduler.schedule(
                    HANGUP_CAUSE_WAIT_MILLIS, () -> client.context().runOnContext(x -> finishOriginate(actionId)));
            return;
        }
        finishOriginate(e.actionId());
    }

    private void finishOriginate(String actionId) {
        PendingOriginate p = originates.get(actionId);
        if (p == null || p.response == null) {
            return;
        }
        removeOriginate(actionId);
        AmiEvent e = p.response;
        int reason = parseInt(e.get("Reason"));
        CallOutcome outcome = outcomeOf(e.get("Response"), reason);
        if (outcome == CallOutcome.FAILED) {
            for (int cause : p.causes.values()) {
                CallOutcome byCause = outcomeOfCause(cause);
                if (byCause != CallOutcome.FAILED) {
                    outcome = byCause;
                    break;
                }
            }
        }
        boolean answered = outcome == CallOutcome.ANSWERED;
        var result = new OriginateResult(
                p.request.callId(), outcome, answered ? e.channel() : "", answered ? e.uniqueId() : "", reason);
        log.debug(
                "call {} originate outcome {} (reason {}, causes {}, channel {})",
                p.request.callId(),
                outcome,
                reason,
                p.causes.values(),
                e.channel());
        p.promise.tryComplete(result);
    }

    /** Maps a hangup cause to an outcome: 17 busy, 18/19 no answer, 34/38/42/44 congestion, else failed. */
    static CallOutcome outcomeOfCause(int cause) {
        return switch (cause) {
            case 17 -> CallOutcome.BUSY;
            case 18, 19 -> CallOutcome.NO_ANSWER;
            case 34, 38, 42, 44 -> CallOutcome.CONGESTION;
            default -> CallOutcome.FAILED;
        };
    }

    private PendingOriginate removeOriginate(String actionId) {
        PendingOriginate p = originates.remove(actionId);
        if (p != null) {
            cancel(p.timer);
            cancel(p.causeTimer);
            p.uniqueIds.forEach(correlated::remove);
        }
        return p;
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private void onHangup(AmiEvent e) {
        int cause = parseInt(e.get("Cause"));
        String actionId = correlated.get(e.uniqueId());
        PendingOriginate p = actionId == null ? null : originates.get(actionId);
        if (p != null) {
            p.causes.put(e.uniqueId(), cause);
            if (p.response != null && p.causes.size() >= p.uniqueIds.size()) {
                finishOriginate(actionId);
            }
        }
        amd.remove(e.uniqueId());
        amdReported.remove(e.uniqueId());
        emit(new CallEvent.ChannelHangup(
                scheduler.nowMillis(), e.uniqueId(), e.linkedId(), e.channel(), cause, e.get("Cause-txt")));
    }

    private void onBridgeEnter(AmiEvent e) {
        String bridgeId = e.get("BridgeUniqueid");
        List<String> members = bridges.computeIfAbsent(bridgeId, k -> new ArrayList<>(2));
        if (!members.contains(e.channel())) {
            members.add(e.channel());
        }
        if (members.size() == 2) {
            emit(new CallEvent.Bridged(scheduler.nowMillis(), bridgeId, members.get(0), members.get(1)));
        }
    }

    private void onVarSet(AmiEvent e) {
        String variable = e.get("Variable");
        if (variable.equals(CORRELATION_VARIABLE)) {
            PendingOriginate p = originates.get(e.get("Value"));
            if (p != null && p.response == null && p.uniqueIds.add(e.uniqueId())) {
                correlated.put(e.uniqueId(), e.get("Value"));
            }
            return;
        }
        if (!variable.equals("AMDSTATUS") && !variable.equals("AMDCAUSE")) {
            return;
        }
        String[] sc = amd.computeIfAbsent(e.uniqueId(), k -> new String[2]);
        sc[variable.equals("AMDSTATUS") ? 0 : 1] = e.get("Value");
        if (sc[0] != null && sc[1] != null) {
            reportAmd(e.uniqueId(), e.channel(), sc[0], sc[1]);
        }
    }

    private void onUserEvent(AmiEvent e) {
        if (!e.get("UserEvent").equalsIgnoreCase("AmdResult")) {
            return;
        }
        // Two Channel: headers: the snapshot first, then the user field. Prefer the user field.
        List<String> channels = e.getAll("Channel");
        String channel = channels.isEmpty() ? "" : channels.get(channels.size() - 1);
        reportAmd(e.uniqueId(), channel, e.get("Status"), e.get("Cause"));
    }

    private void reportAmd(String uniqueId, String channel, String status, String cause) {
        if (!amdReported.add(uniqueId)) {
            return;
        }
        amd.remove(uniqueId);
        String s = status.toUpperCase(Locale.ROOT);
        if (s.equals("HANGUP")) {
            // Not a verdict: the callee hung up while AMD() listened (a real Asterisk sets AMDSTATUS=HANGUP and an
            // empty AMDCAUSE just before the channel's Hangup). Reporting it as a machine would record a person who
            // hung up as an answering machine; the Hangup event that follows tells the dialer what happened.
            log.debug("AMD on {} ({}): the callee hung up before a verdict", channel, uniqueId);
            return;
        }
        boolean human = !s.equals("MACHINE");
        emit(new CallEvent.AmdDetected(scheduler.nowMillis(), uniqueId, channel, human, cause));
    }

    private void emit(CallEvent event) {
        for (Consumer<CallEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException ex) {
                log.error("CallEvent listener failed on {}", event, ex);
            }
        }
    }

    private static void requireChannel(String channel) {
        requireText(channel, "channel");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void cancel(Scheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    private static final class PendingOriginate {
        final OriginateRequest request;
        final Promise<OriginateResult> promise;
        final Set<String> uniqueIds = new java.util.LinkedHashSet<>();
        final Map<String, Integer> causes = new LinkedHashMap<>();
        Scheduler.Cancellable timer;
        Scheduler.Cancellable causeTimer;
        AmiEvent response;

        PendingOriginate(OriginateRequest request, Promise<OriginateResult> promise) {
            this.request = request;
            this.promise = promise;
        }
    }
}
