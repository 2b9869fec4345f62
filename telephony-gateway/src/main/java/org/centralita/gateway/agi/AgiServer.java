package org.centralita.gateway.agi;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking FastAGI server: a Vert.x {@link NetServer} whose Netty pipeline carries the AGI codec. Each
 * connection from Asterisk ({@code AGI(agi://host:4573/<script>?k=v,arg1,arg2)}) becomes an {@link AgiSession}
 * routed by script name to an {@link AgiHandler}; every session lives on one event loop and never blocks it.
 *
 * <pre>{@code
 * AgiServer server = AgiServer.builder()
 *         .port(4573)
 *         .handler("main", session -> session.answer().compose(r -> session.streamFile("welcome", "")).mapEmpty())
 *         .build();
 * server.start(vertx).onSuccess(s -> log.info("FastAGI on {}", s.actualPort()));
 * ...
 * server.shutdown(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Before a session ends the server sets the channel variable {@value AgiStatus#VARIABLE} (see {@link
 * AgiStatus}) unless the channel has hung up, then half-closes the socket as Asterisk expects.
 */
public final class AgiServer {
    private static final Logger log = LoggerFactory.getLogger(AgiServer.class);
    private static final String VERTX_HANDLER = "handler";

    private final AgiSettings settings;
    private final AgiCounters counters = new AgiCounters();
    private final Set<AgiSessionImpl> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean draining;
    private final List<NetServer> netServers = new CopyOnWriteArrayList<>();
    private volatile Vertx vertx;

    private AgiServer(AgiSettings settings) {
        this.settings = settings;
    }

    /** Returns a builder with the defaults: port 4573 on all interfaces, no handlers. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening. Completes with this server once the port is bound; fails if it cannot be bound.
     *
     * @throws IllegalStateException if the server was already started
     */
    public Future<AgiServer> start(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the AGI server was already started");
        }
        this.vertx = vertx;
        // The servers share one port and Vert.x hands each new connection to the next server's event loop in
        // turn. For "any free port", a negative port makes Vert.x pick one random port that they all share.
        int requested = settings.port() == 0 && settings.eventLoops() > 1 ? -1 : settings.port();
        Future<Integer> bound = listenOn(vertx, requested);
        for (int i = 1; i < settings.eventLoops(); i++) {
            bound = bound.compose(actual -> listenOn(vertx, requested).map(actual));
        }
        return bound.map(actual -> {
            log.info(
                    "FastAGI server listening on {}:{} ({} event loops)",
                    settings.host(),
                    actual,
                    settings.eventLoops());
            return this;
        });
    }

    private Future<Integer> listenOn(Vertx vertx, int port) {
        NetServerOptions options = new NetServerOptions()
                .setHost(settings.host())
                .setPort(port)
                .setTcpNoDelay(true)
                .setReuseAddress(true)
                .setAcceptBacklog(4096);
        // Each server gets its own event-loop context, so its connections run on its own thread.
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
        Promise<Integer> listening = Promise.promise();
        context.runOnContext(v -> {
            NetServer server = vertx.createNetServer(options).connectHandler(this::accept);
            netServers.add(server);
            server.listen().map(NetServer::actualPort).onComplete(listening);
        });
        return listening.future();
    }

    /** Same as {@link #start(Vertx)}. */
    public Future<AgiServer> listen(Vertx vertx) {
        return start(vertx);
    }

    /** Returns the bound port (useful after binding port 0), or -1 if not listening. */
    public int actualPort() {
        return netServers.isEmpty() ? -1 : netServers.get(0).actualPort();
    }

    /** Returns a snapshot of the counters. */
    public AgiServerStats stats() {
        return counters.snapshot();
    }

    /**
     * Shuts down gracefully: stops accepting connections at once, lets live calls finish for up to {@code grace},
     * then closes the ones still connected (their pending commands fail with {@link AgiHangupException}).
     * Completes when every connection is closed.
     */
    public Future<Void> shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        if (netServers.isEmpty()) {
            return Future.succeededFuture();
        }
        draining = true;
        log.info("FastAGI server shutting down: {} live sessions, grace {}", sessions.size(), grace);
        Promise<Void> done = Promise.promise();
        Future.join(netServers.stream().map(s -> s.shutdown(grace)).toList()).onComplete(ar -> {
            // Vert.x closes what is left at the deadline; make sure nothing escaped it.
            for (AgiSessionImpl session : sessions) {
                session.forceClose();
            }
            Future.all(sessions.stream().map(AgiSessionImpl::closeFuture).toList())
                    .onComplete(x -> done.complete());
        });
        return done.future();
    }

    private void accept(NetSocket so) {
        NetSocketInternal socket = (NetSocketInternal) so;
        ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
        // Netty's pooled allocator recycles its buffer objects; Vert.x's default (Netty 4.2's adaptive allocator)
        // allocates a ByteBuffer slice for every read and write buffer, about 5% of the bytes a command allocates.
        pipeline.channel().config().setAllocator(PooledByteBufAllocator.DEFAULT);
        pipeline.addBefore(VERTX_HANDLER, "agi-environment", new AgiEnvironmentDecoder(settings.maxLineLength()));
        pipeline.addBefore(VERTX_HANDLER, "agi-reply", new AgiReplyDecoder(settings.maxLineLength()));
        pipeline.addBefore(VERTX_HANDLER, "agi-command", AgiCommandEncoder.INSTANCE);
        counters.total.increment();
        counters.active.increment();
        boolean refuse = draining || counters.active.sum() > settings.maxConcurrentSessions();
        AgiSessionImpl session = new AgiSessionImpl(settings, counters, socket, vertx, refuse);
        sessions.add(session);
        socket.messageHandler(session::onMessage);
        socket.exceptionHandler(session::onException);
        socket.shutdownHandler(session::onShutdown);
        socket.closeHandler(v -> {
            session.onClosed();
            sessions.remove(session);
        });
        session.open();
    }

    /** Builds an {@link AgiServer}; every setting has a sane default. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 4573;
        private final Map<String, AgiHandler> handlers = new LinkedHashMap<>();
        private Function<String, Optional<AgiHandler>> resolver = script -> Optional.empty();
        private Duration commandTimeout = Duration.ofMinutes(2);
        private Duration maxSessionDuration = Duration.ofHours(2);
        private int maxLineLength = 8192;
        private int maxConcurrentSessions = 50_000;
        private boolean reportSuccess = true;
        private Duration closeLinger = Duration.ofSeconds(5);
        private int eventLoops = 1;

        private Builder() {}

        /**
         * Sets how many event loops serve connections (default 1, which holds thousands of calls); each new
         * connection goes to the next loop in turn. Use up to the number of cores for more throughput.
         */
        public Builder eventLoops(int loops) {
            if (loops < 1 || loops > 256) {
                throw new IllegalArgumentException("eventLoops must be 1..256, was " + loops);
            }
            this.eventLoops = loops;
            return this;
        }

        /** Sets the interface to bind (default {@code 0.0.0.0}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Sets the TCP port (default 4573; 0 picks a free port, see {@link AgiServer#actualPort()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Registers the handler of a script: the path of the AGI URL without query string and leading slash
         * ({@code agi://host/ivr/main?lang=es} routes to {@code "ivr/main"}).
         */
        public Builder handler(String script, AgiHandler handler) {
            Objects.requireNonNull(script, "script");
            Objects.requireNonNull(handler, "handler");
            String name = script.startsWith("/") ? script.substring(1) : script;
            if (name.isEmpty() || name.indexOf('?') >= 0) {
                throw new IllegalArgumentException("script must be a non-empty path without '?', was '" + script + "'");
            }
            if (handlers.putIfAbsent(name, handler) != null) {
                throw new IllegalArgumentException("a handler is already registered for script '" + name + "'");
            }
            return this;
        }

        /**
         * Sets where scripts with no registered handler are looked up at call time (e.g. flows added to a
         * hot-reloaded folder after start); an empty result ends the call with {@code NOT_FOUND} as before.
         */
        public Builder resolver(Function<String, Optional<AgiHandler>> resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Sets how long Asterisk may take to answer one command (default 2 minutes). GET DATA and WAIT FOR DIGIT
         * get their own wait on top. A command that times out ends the session.
         */
        public Builder defaultCommandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "defaultCommandTimeout");
            return this;
        }

        /** Sets the longest a session may last before it is ended (default 2 hours). */
        public Builder maxSessionDuration(Duration duration) {
            this.maxSessionDuration = positive(duration, "maxSessionDuration");
            return this;
        }

        /** Sets the longest line accepted from Asterisk, in bytes (default 8192); longer input closes the call. */
        public Builder maxLineLength(int bytes) {
            if (bytes < 256 || bytes > 1 << 20) {
                throw new IllegalArgumentException("maxLineLength must be 256..1048576, was " + bytes);
            }
            this.maxLineLength = bytes;
            return this;
        }

        /**
         * Sets how many sessions may be connected at once (default 50,000). Calls beyond it get {@value
         * AgiStatus#VARIABLE}={@code BUSY} and return to the dialplan.
         */
        public Builder maxConcurrentSessions(int sessions) {
            if (sessions < 1) {
                throw new IllegalArgumentException("maxConcurrentSessions must be positive, was " + sessions);
            }
            this.maxConcurrentSessions = sessions;
            return this;
        }

        /**
         * Sets whether a handler that completes normally on a live channel gets {@code SUCCESS} in {@value
         * AgiStatus#VARIABLE} (default true; failures and unknown scripts are always reported).
         */
        public Builder reportSuccess(boolean report) {
            this.reportSuccess = report;
            return this;
        }

        /** Sets how long to wait for Asterisk to close after our half-close before we close (default 5 s). */
        public Builder closeLinger(Duration linger) {
            this.closeLinger = positive(linger, "closeLinger");
            return this;
        }

        /** Returns a server with these settings (not yet listening). */
        public AgiServer build() {
            return new AgiServer(new AgiSettings(
                    host,
                    port,
                    Map.copyOf(handlers),
                    resolver,
                    commandTimeout,
                    maxSessionDuration,
                    maxLineLength,
                    maxConcurrentSessions,
                    reportSuccess,
                    closeLinger,
                    eventLoops));
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
