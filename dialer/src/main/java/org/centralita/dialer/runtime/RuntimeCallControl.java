package org.centralita.dialer.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.centralita.gateway.call.CallControl;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;

/**
 * The {@link CallControl} the runtime hands to its {@code DialerLoop}: it delegates to the real (AMI) or simulated
 * control, but records the attempt before every originate, turns a machine's hang-up into the machine message
 * when the campaign wants one, delivers every event and completion on the runtime's context, and lets the
 * runtime inject events it learned elsewhere (AMD verdicts from {@code dialer-connect}, channels found gone after
 * a reconnect).
 */
final class RuntimeCallControl implements CallControl {

    /** Hooks into the runtime, all called on its context. */
    interface Hooks {
        /** Records the attempt and returns the request to send (with the attempt id), or fails to not place it. */
        Future<OriginateRequest> beforeOriginate(OriginateRequest request);

        /** Learns the outcome of an originate that was sent. */
        void originated(OriginateRequest request, OriginateResult result, Throwable failure);

        /** Returns the machine-message redirect for a channel, or empty to hang it up. */
        Optional<Future<Void>> insteadOfHangup(String channel);

        /** Sees every event before the dialer loop does. */
        void beforeEvent(CallEvent event);
    }

    private final CallControl delegate;
    private final Context context;
    private final Hooks hooks;
    private final List<Consumer<CallEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable subscription;

    RuntimeCallControl(CallControl delegate, Context context, Hooks hooks) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.context = Objects.requireNonNull(context, "context");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.subscription = delegate.onEvent(e -> onContext(() -> deliver(e)));
    }

    CallControl delegate() {
        return delegate;
    }

    /** Delivers an event the runtime learned itself, as if the delegate had sent it (call on the context). */
    void inject(CallEvent event) {
        deliver(event);
    }

    private void deliver(CallEvent event) {
        hooks.beforeEvent(event);
        for (Consumer<CallEvent> l : listeners) {
            l.accept(event);
        }
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    @Override
    public Future<OriginateResult> originate(OriginateRequest request) {
        return hooks.beforeOriginate(request).compose(req -> Contexts.on(context, delegate.originate(req))
                .andThen(ar -> hooks.originated(req, ar.result(), ar.cause())));
    }

    @Override
    public Future<Void> hangup(String channel, int cause) {
        Optional<Future<Void>> instead = hooks.insteadOfHangup(channel);
        return instead.orElseGet(() -> Contexts.on(context, delegate.hangup(channel, cause)));
    }

    @Override
    public Future<Void> bridge(String channel1, String channel2) {
        return Contexts.on(context, delegate.bridge(channel1, channel2));
    }

    @Override
    public Future<Void> redirect(String channel, String ctx, String exten, int priority) {
        return Contexts.on(context, delegate.redirect(channel, ctx, exten, priority));
    }

    @Override
    public Future<Optional<String>> getVar(String channel, String variable) {
        return Contexts.on(context, delegate.getVar(channel, variable));
    }

    @Override
    public Future<Void> setVar(String channel, String variable, String value) {
        return Contexts.on(context, delegate.setVar(channel, variable, value));
    }

    @Override
    public AutoCloseable onEvent(Consumer<CallEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    void close() throws Exception {
        subscription.close();
    }
}
