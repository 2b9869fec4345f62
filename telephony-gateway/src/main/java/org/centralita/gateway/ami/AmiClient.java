package org.centralita.gateway.ami;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.LoginAction;
import org.asteriskjava.manager.action.LogoffAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.centralita.gateway.call.Scheduler;
import org.centralita.gateway.call.VertxScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking Asterisk Manager Interface client on a Vert.x {@link NetClient}.
 *
 * <p>Build one with {@link #builder(Vertx)}, then {@link #connect()}. The client logs in, keeps the connection
 * alive with {@code Ping}, reconnects with capped exponential back-off and jitter when it drops, and rebuilds its
 * registry of live channels from {@code CoreShowChannels} after every login. Everything happens on one Vert.x
 * context: events reach listeners on that context as soon as they are decoded, and no listener runs on a
 * library thread.
 *
 * <p>Every action gets an {@code ActionID} and a {@link Future} that completes with Asterisk's response, fails
 * with {@link AmiActionException} on {@code Response: Error}, with {@link AmiTimeoutException} after the action
 * timeout, or with {@link AmiNotConnectedException} when the connection is down or drops.
 */
public final class AmiClient {
    private static final Logger log = LoggerFactory.getLogger(AmiClient.class);

    private enum State {
        IDLE,
        CONNECTING,
        LOGGING_IN,
        CONNECTED,
        CLOSED
    }

    private final Vertx vertx;
    private final Context context;
    private final String host;
    private final int port;
    private final String username;
    private final String secret;
    private final long actionTimeoutMillis;
    private final long pingIntervalMillis;
    private final long reconnectMinMillis;
    private final long reconnectMaxMillis;
    private final int maxLineLength;
    private final int maxHeaders;
    private final Scheduler scheduler;
    private final DoubleSupplier jitter;
    private final AmiChannelRegistry registry = new AmiChannelRegistry();
    private final List<Consumer<AmiEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Boolean>> connectionListeners = new CopyOnWriteArrayList<>();

    // Confined to the context.
    private final Map<String, Pending> pending = new HashMap<>();
    private NetClient netClient;
    private NetSocket socket;
    private long generation;
    private long sequence;
    private int failedAttempts;
    private volatile State state = State.IDLE;
    /** Whether the channel registry was rebuilt from CoreShowChannels since the current login. */
    private volatile boolean channelsKnown;
    /** Whether listeners were last told "connected" (so "disconnected" is only published after it). */
    private boolean announcedUp;

    private Promise<Void> firstConnect;
    private Scheduler.Cancellable reconnectTimer;
    private Scheduler.Cancellable pingTimer;
    private Scheduler.Cancellable bannerTimer;

    private AmiClient(Builder b) {
        this.vertx = b.vertx;
        this.context = b.context != null ? b.context : vertx.getOrCreateContext();
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.secret = b.secret;
        this.actionTimeoutMillis = b.actionTimeout.toMillis();
        this.pingIntervalMillis = b.pingInterval.toMillis();
        this.reconnectMinMillis = b.reconnectMin.toMillis();
        this.reconnectMaxMillis = b.reconnectMax.toMillis();
        this.maxLineLength = b.maxLineLength;
        this.maxHeaders = b.maxHeaders;
        this.scheduler = b.scheduler != null ? b.scheduler : new VertxScheduler(vertx);
        this.jitter = b.jitter;
    }

    /** Returns a builder for a client that runs on the calling Vert.x context (or a new one). */
    public static Builder builder(Vertx vertx) {
        return new Builder(vertx);
    }

    /**
     * Connects and logs in.
     *
     * <p>The future completes at the first successful login. It fails with {@link AmiAuthenticationException}
     * if Asterisk refuses the credentials, or with {@link AmiNotConnectedException} if the first attempt cannot
     * connect; either way the client keeps retrying in the background (after a refused login, only at the
     * maximum back-off, so a wrong secret never causes a tight loop) until {@link #close()}.
     */
    public Future<Void> connect() {
        Promise<Void> promise = Promise.promise();
        onContext(() -> {
            if (state == State.CLOSED) {
                promise.fail(new AmiNotConnectedException("AMI client is closed"));
                return;
            }
            if (state == State.CONNECTED) {
                promise.complete();
                return;
            }
            if (firstConnect != null) {
                firstConnect.future().onComplete(promise);
                return;
            }
            firstConnect = promise;
            if (state == State.IDLE) {
                attempt();
            }
        });
        return promise.future();
    }

    /** Sends an Asterisk-Java action (its bean properties become headers; see {@link AmiAction#from}). */
    public Future<AmiResponse> send(ManagerAction action) {
        return send(AmiAction.from(action));
    }

    /**
     * Sends an action and returns its response.
     *
     * <p>For event-list actions (the response says {@code EventList: start}, e.g. {@code CoreShowChannels}) the
     * future completes once the list's {@code EventList: Complete} event has arrived, with the list's events in
     * {@link AmiResponse#events()}; those events are not passed to event listeners.
     */
    public Future<AmiResponse> send(AmiAction action) {
        return send(action, "ami");
    }

    /** Sends an action whose ActionID is {@code actionIdPrefix}, a dash and a sequence number. */
    Future<AmiResponse> send(AmiAction action, String actionIdPrefix) {
        return sendWithId(action, null, actionIdPrefix);
    }

    /** Sends an action with exactly this ActionID (unique per connection; the caller correlates by it). */
    Future<AmiResponse> sendWithId(AmiAction action, String actionId) {
        return sendWithId(action, Objects.requireNonNull(actionId, "actionId"), null);
    }

    private Future<AmiResponse> sendWithId(AmiAction action, String actionId, String actionIdPrefix) {
        Objects.requireNonNull(action, "action");
        Promise<AmiResponse> promise = Promise.promise();
        onContext(() -> {
            if (state != State.CONNECTED) {
                promise.fail(new AmiNotConnectedException(
                        "AMI " + action.name() + " not sent: not connected to " + host + ":" + port));
                return;
            }
            String id = actionId != null ? actionId : actionIdPrefix + "-" + (++sequence);
            write(action, id, actionTimeoutMillis).onComplete(promise);
        });
        return promise.future();
    }

    /** Registers a listener for every event (except list events); it runs on the client's context. */
    public AutoCloseable onEvent(Consumer<AmiEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        eventListeners.add(listener);
        return () -> eventListeners.remove(listener);
    }

    /**
     * Registers a listener told {@code true} after each login (once the channel registry is rebuilt) and
     * {@code false} when a logged-in connection is lost.
     */
    public AutoCloseable onConnectionChange(Consumer<Boolean> listener) {
        Objects.requireNonNull(listener, "listener");
        connectionListeners.add(listener);
        return () -> connectionListeners.remove(listener);
    }

    /** Returns whether the client is logged in now. */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /**
     * Returns whether {@link #channels()} reflects Asterisk: logged in, and the registry rebuilt from {@code
     * CoreShowChannels} since that login. Until then (just after login, or when the rebuild failed) an absent channel
     * proves nothing.
     */
    public boolean channelsKnown() {
        return channelsKnown && state == State.CONNECTED;
    }

    /** Returns the live channels keyed by uniqueid (a snapshot). */
    public Map<String, AmiChannel> channels() {
        return registry.snapshot();
    }

    /** Returns the live channel with this uniqueid. */
    public Optional<AmiChannel> channel(String uniqueId) {
        return registry.byUniqueId(uniqueId);
    }

    /** Returns the live channel with this name. */
    public Optional<AmiChannel> channelByName(String channelName) {
        return registry.byName(channelName);
    }

    /** Returns the scheduler the client uses for timeouts, pings and back-off. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Returns the Vert.x context events are delivered on. */
    public Context context() {
        return context;
    }

    /** Logs off (when logged in), closes the connection and stops reconnecting. */
    public Future<Void> close() {
        Promise<Void> promise = Promise.promise();
        onContext(() -> {
            if (state == State.CLOSED) {
                promise.complete();
                return;
            }
            boolean loggedIn = state == State.CONNECTED;
            state = State.CLOSED;
            cancel(reconnectTimer);
            cancel(pingTimer);
            cancel(bannerTimer);
            if (firstConnect != null) {
                firstConnect.tryFail(new AmiNotConnectedException("AMI client closed before it connected"));
                firstConnect = null;
            }
            NetSocket s = socket;
            Future<?> logoff = loggedIn && s != null
                    ? write(AmiAction.from(new LogoffAction()), nextId("logoff"), Math.min(actionTimeoutMillis, 2000))
                    : Future.succeededFuture();
            logoff.eventually(() -> {
                        failPending("AMI client closed");
                        return s == null ? Future.succeededFuture() : s.close();
                    })
                    .eventually(() -> {
                        if (loggedIn) {
                            fireConnection(false);
                        }
                        return netClient == null ? Future.succeededFuture() : netClient.close();
                    })
                    .onComplete(ar -> promise.complete());
        });
        return promise.future();
    }

    // ---------------------------------------------------------------- connection

    private void attempt() {
        if (state == State.CLOSED) {
            return;
        }
        cancel(reconnectTimer);
        state = State.CONNECTING;
        long gen = ++generation;
        if (netClient == null) {
            netClient = vertx.createNetClient(new NetClientOptions()
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, actionTimeoutMillis))
                    .setTcpNoDelay(true)
                    .setTcpKeepAlive(true));
        }
        log.debug("AMI connecting to {}:{} (attempt {})", host, port, failedAttempts + 1);
        netClient.connect(port, host).onComplete(ar -> {
            if (gen != generation || state == State.CLOSED) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                log.warn(
                        "AMI connection to {}:{} failed: {}",
                        host,
                        port,
                        ar.cause().getMessage());
                attemptFailed(
                        new AmiNotConnectedException("cannot connect to Asterisk AMI at " + host + ":" + port + ": "
                                + ar.cause().getMessage()),
                        false);
                return;
            }
            onSocket(ar.result(), gen);
        });
    }

    private void onSocket(NetSocket s, long gen) {
        socket = s;
        var internal = (NetSocketInternal) s;
        var pipeline = internal.channelHandlerContext().pipeline();
        var decoder = new AmiFrameDecoder(maxLineLength, maxHeaders);
        if (pipeline.get("handler") != null) {
            pipeline.addBefore("handler", "amiDecoder", decoder);
        } else {
            pipeline.addFirst("amiDecoder", decoder);
        }
        internal.messageHandler(msg -> {
            if (gen == generation) {
                onMessage(msg);
            }
        });
        s.exceptionHandler(err -> log.warn("AMI connection to {}:{}: {}", host, port, err.toString()));
        s.closeHandler(v -> onClosed(gen));
        bannerTimer = scheduler.schedule(
                actionTimeoutMillis,
                () -> onContext(() -> {
                    if (gen == generation && state == State.CONNECTING) {
                        log.warn("AMI {}:{} sent no banner within {} ms; closing", host, port, actionTimeoutMillis);
                        s.close();
                    }
                }));
    }

    private void onMessage(Object msg) {
        if (msg instanceof AmiEvent event) {
            onEvent(event);
        } else if (msg instanceof AmiResponse response) {
            onResponse(response);
        } else if (msg instanceof AmiBanner banner) {
            onBanner(banner);
        } else if (msg instanceof AmiDecodeError error) {
            onDecodeError(error);
        } else {
            log.warn("AMI {}:{}: unexpected message {}", host, port, msg);
        }
    }

    private void onBanner(AmiBanner banner) {
        cancel(bannerTimer);
        if (state != State.CONNECTING) {
            return;
        }
        if (!banner.isAsterisk()) {
            log.error("{}:{} is not an Asterisk manager port (banner '{}'); closing", host, port, banner.text());
            socket.close();
            return;
        }
        log.debug("AMI {}:{} banner '{}'", host, port, banner.text());
        state = State.LOGGING_IN;
        NetSocket s = socket;
        write(AmiAction.from(new LoginAction(username, secret)), nextId("login"), Math.max(actionTimeoutMillis, 3000))
                .onComplete(ar -> {
                    if (s != socket || state != State.LOGGING_IN) {
                        return;
                    }
                    if (ar.succeeded()) {
                        onLoggedIn();
                    } else if (ar.cause() instanceof AmiActionException refused) {
                        var error = new AmiAuthenticationException("Asterisk AMI at " + host + ":" + port
                                + " refused login of user '" + username + "': "
                                + refused.response().message() + " (check manager.conf secret, permit and deny)");
                        log.error("{}; retrying every {} ms", error.getMessage(), reconnectMaxMillis);
                        attemptFailed(error, true);
                        s.close();
                    } else {
                        log.warn(
                                "AMI login to {}:{} failed: {}",
                                host,
                                port,
                                ar.cause().getMessage());
                        s.close();
                    }
                });
    }

    private void onLoggedIn() {
        channelsKnown = false;
        state = State.CONNECTED;
        failedAttempts = 0;
        log.info("AMI connected to {}:{} as {}", host, port, username);
        schedulePing();
        registry.beginRebuild();
        send(AmiAction.from(new CoreShowChannelsAction()), "channels").onComplete(ar -> {
            if (state != State.CONNECTED) {
                registry.abortRebuild();
                return;
            }
            if (ar.succeeded()) {
                registry.rebuild(ar.result().events());
                channelsKnown = true;
                log.info(
                        "AMI channel registry rebuilt: {} live channels",
                        registry.snapshot().size());
            } else {
                registry.abortRebuild();
                log.warn(
                        "AMI CoreShowChannels failed, channel registry not rebuilt: {}",
                        ar.cause().getMessage());
            }
            if (firstConnect != null) {
                firstConnect.tryComplete();
                firstConnect = null;
            }
            fireConnection(true);
        });
    }

    private void attemptFailed(AmiException error, boolean authentication) {
        if (firstConnect != null) {
            firstConnect.tryFail(error);
            firstConnect = null;
        }
        if (authentication) {
            failedAttempts = Integer.MAX_VALUE / 2;
        }
        if (socket == null) {
            scheduleReconnect();
        }
    }

    private void onClosed(long gen) {
        if (gen != generation) {
            return;
        }
        boolean wasConnected = state == State.CONNECTED;
        socket = null;
        cancel(pingTimer);
        cancel(bannerTimer);
        if (state == State.CLOSED) {
            return;
        }
        state = State.IDLE;
        failPending("AMI connection to " + host + ":" + port + " lost");
        if (wasConnected) {
            log.warn("AMI connection to {}:{} lost", host, port);
            fireConnection(false);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.IDLE;
        long delay = nextBackoffMillis();
        failedAttempts = failedAttempts >= Integer.MAX_VALUE / 2 ? 0 : failedAttempts + 1;
        log.debug("AMI reconnecting to {}:{} in {} ms", host, port, delay);
        cancel(reconnectTimer);
        reconnectTimer = scheduler.schedule(
                delay,
                () -> onContext(() -> {
                    if (state == State.IDLE) {
                        attempt();
                    }
                }));
    }

    /** Capped exponential back-off with "equal jitter": a delay in [base/2, base]. */
    long nextBackoffMillis() {
        long base;
        if (failedAttempts >= 62 || reconnectMinMillis << Math.min(failedAttempts, 62) > reconnectMaxMillis) {
            base = reconnectMaxMillis;
        } else {
            base = Math.min(reconnectMaxMillis, reconnectMinMillis << failedAttempts);
        }
        double j = Math.max(0.0, Math.min(1.0, jitter.getAsDouble()));
        return base / 2 + Math.round(j * (base - base / 2));
    }

    private void schedulePing() {
        cancel(pingTimer);
        pingTimer = scheduler.schedule(pingIntervalMillis, () -> onContext(this::ping));
    }

    private void ping() {
        if (state != State.CONNECTED) {
            return;
        }
        NetSocket s = socket;
        write(AmiAction.from(new PingAction()), nextId("ping"), Math.min(actionTimeoutMillis, pingIntervalMillis))
                .onComplete(ar -> {
                    if (s != socket || state != State.CONNECTED) {
                        return;
                    }
                    if (ar.failed() && ar.cause() instanceof AmiTimeoutException) {
                        log.warn(
                                "AMI {}:{} did not answer the keep-alive Ping: connection is dead or half-open; reconnecting",
                                host,
                                port);
                        s.close();
                        return;
                    }
                    schedulePing();
                });
    }

    // ---------------------------------------------------------------- actions and messages

    private Future<AmiResponse> write(AmiAction action, String actionId, long timeoutMillis) {
        if (actionId.isBlank() || actionId.indexOf('\r') >= 0 || actionId.indexOf('\n') >= 0) {
            return Future.failedFuture(new IllegalArgumentException("ActionID must be non-blank without CR or LF"));
        }
        if (pending.containsKey(actionId)) {
            return Future.failedFuture(new IllegalArgumentException("ActionID " + actionId + " is already in use"));
        }
        NetSocket s = socket;
        if (s == null) {
            return Future.failedFuture(
                    new AmiNotConnectedException("AMI " + action.name() + " not sent: no connection"));
        }
        var p = new Pending(action.name(), Promise.promise());
        pending.put(actionId, p);
        p.timer = scheduler.schedule(
                timeoutMillis,
                () -> onContext(() -> {
                    Pending timedOut = pending.remove(actionId);
                    if (timedOut != null) {
                        timedOut.promise.tryFail(new AmiTimeoutException("no answer from Asterisk to AMI "
                                + action.name() + " (ActionID " + actionId + ") within " + timeoutMillis + " ms"));
                    }
                }));
        s.write(action.toWire(actionId)).onFailure(err -> {
            Pending failed = pending.remove(actionId);
            if (failed != null) {
                cancel(failed.timer);
                failed.promise.tryFail(new AmiNotConnectedException(
                        "AMI " + action.name() + " could not be written: " + err.getMessage()));
            }
        });
        return p.promise.future();
    }

    private String nextId(String prefix) {
        return prefix + "-" + (++sequence);
    }

    private void onResponse(AmiResponse response) {
        String id = response.actionId();
        Pending p = pending.get(id);
        if (p == null) {
            log.debug("AMI response for unknown ActionID '{}': {}", id, response.headers());
            return;
        }
        if (response.isSuccess() && response.startsEventList()) {
            p.listResponse = response;
            return;
        }
        pending.remove(id);
        cancel(p.timer);
        if (response.isSuccess()) {
            p.promise.tryComplete(response);
        } else {
            p.promise.tryFail(new AmiActionException(p.action, response));
        }
    }

    private void onEvent(AmiEvent event) {
        String id = event.actionId();
        if (!id.isEmpty()) {
            Pending p = pending.get(id);
            if (p != null && p.listResponse != null) {
                p.listEvents.add(event);
                if (event.completesEventList()) {
                    pending.remove(id);
                    cancel(p.timer);
                    p.promise.tryComplete(p.listResponse.withEvents(p.listEvents));
                }
                return;
            }
        }
        registry.onEvent(event);
        for (Consumer<AmiEvent> listener : eventListeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.error("AMI event listener failed on {} event", event.name(), e);
            }
        }
    }

    private void onDecodeError(AmiDecodeError error) {
        if (error.fatal()) {
            log.error("AMI {}:{} sent malformed input ({}); closing the connection", host, port, error.reason());
            if (socket != null) {
                socket.close();
            }
        } else {
            log.warn("AMI {}:{}: ignored malformed message: {}", host, port, error.reason());
        }
    }

    private void failPending(String reason) {
        if (pending.isEmpty()) {
            return;
        }
        var all = new ArrayList<>(pending.entrySet());
        pending.clear();
        for (var e : all) {
            cancel(e.getValue().timer);
            e.getValue()
                    .promise
                    .tryFail(new AmiNotConnectedException(reason + " before Asterisk answered " + e.getValue().action
                            + " (ActionID " + e.getKey() + ")"));
        }
    }

    private void fireConnection(boolean connected) {
        if (connected == announcedUp) {
            return;
        }
        announcedUp = connected;
        for (Consumer<Boolean> listener : connectionListeners) {
            try {
                listener.accept(connected);
            } catch (RuntimeException e) {
                log.error("AMI connection listener failed", e);
            }
        }
    }

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private static void cancel(Scheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    private static final class Pending {
        final String action;
        final Promise<AmiResponse> promise;
        final List<AmiEvent> listEvents = new ArrayList<>();
        Scheduler.Cancellable timer;
        AmiResponse listResponse;

        Pending(String action, Promise<AmiResponse> promise) {
            this.action = action;
            this.promise = promise;
        }
    }

    /** Configures an {@link AmiClient}. Durations must be positive; username and secret are required. */
    public static final class Builder {
        private final Vertx vertx;
        private Context context;
        private String host = "127.0.0.1";
        private int port = 5038;
        private String username;
        private String secret;
        private Duration actionTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(10);
        private Duration reconnectMin = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private int maxLineLength = AmiFrameDecoder.DEFAULT_MAX_LINE_LENGTH;
        private int maxHeaders = AmiFrameDecoder.DEFAULT_MAX_HEADERS;
        private Scheduler scheduler;
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
        }

        /** Sets the Vert.x context the client runs on (default: the calling context, or a new one). */
        public Builder context(Context context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Sets Asterisk's AMI host (default {@code 127.0.0.1}). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** Sets Asterisk's AMI port (default 5038). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Sets the manager.conf user name. */
        public Builder username(String username) {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("username must not be blank");
            }
            this.username = username;
            return this;
        }

        /** Sets the manager.conf secret (never logged). */
        public Builder secret(String secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /** Sets how long to wait for the response to any action (default 10 s). */
        public Builder actionTimeout(Duration timeout) {
            this.actionTimeout = positive(timeout, "actionTimeout");
            return this;
        }

        /**
         * Sets the keep-alive period (default 10 s). A Ping unanswered within min(action timeout, ping interval)
         * closes the connection, so with the defaults a half-open connection is detected within 20 s.
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive(interval, "pingInterval");
            return this;
        }

        /** Sets the reconnect back-off: the first delay and the cap (defaults 500 ms and 30 s). */
        public Builder reconnectBackoff(Duration min, Duration max) {
            positive(min, "reconnect minimum");
            positive(max, "reconnect maximum");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnect maximum " + max + " is below the minimum " + min);
            }
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        /** Sets the scheduler for timeouts, pings and back-off (default: Vert.x timers on the context). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Sets the jitter source, returning values in [0, 1] (default: random). */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** Sets the decoder's maximum line length in bytes and maximum header lines per message. */
        public Builder limits(int maxLineLength, int maxHeaders) {
            new AmiFrameDecoder(maxLineLength, maxHeaders); // validates
            this.maxLineLength = maxLineLength;
            this.maxHeaders = maxHeaders;
            return this;
        }

        /** Returns the client; it does not connect until {@link AmiClient#connect()}. */
        public AmiClient build() {
            if (username == null) {
                throw new IllegalStateException("username is required");
            }
            if (secret == null) {
                throw new IllegalStateException("secret is required");
            }
            return new AmiClient(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
