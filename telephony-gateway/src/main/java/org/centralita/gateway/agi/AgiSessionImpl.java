package org.centralita.gateway.agi;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;
import org.asteriskjava.fastagi.command.AnswerCommand;
import org.asteriskjava.fastagi.command.HangupCommand;
import org.asteriskjava.fastagi.command.WaitForDigitCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI connection. Every field is touched only on the connection's event loop; public methods called from
 * another thread hop onto it first.
 *
 * <p>States: {@code AWAITING_ENV} until the environment block is decoded, {@code OPEN} while the handler runs,
 * {@code CLOSING} after our half-close (we keep reading until Asterisk's extra {@code HANGUP} and EOF, or the
 * linger timeout), {@code CLOSED} once the socket is closed. Leaving {@code OPEN} fails every queued command,
 * cancels every timer and releases the session's slot.
 */
final class AgiSessionImpl implements AgiSession {
    private static final Logger log = LoggerFactory.getLogger(AgiSessionImpl.class);
    /** {@code SAY DATETIME} format that says only the date (weekday, month, day, year). */
    static final String DATE_FORMAT = "ABdY";

    enum State {
        AWAITING_ENV,
        OPEN,
        CLOSING,
        CLOSED
    }

    private static final class Pending {
        final String line;
        final long timeoutMs;
        final Promise<AgiReply> promise = Promise.promise();
        /** {@link System#nanoTime()} by which the reply must arrive; set when the command is written. */
        long deadline;

        Pending(String line, long timeoutMs) {
            this.line = line;
            this.timeoutMs = timeoutMs;
        }
    }

    private final AgiSettings settings;
    private final AgiCounters counters;
    private final NetSocketInternal socket;
    private final EventExecutor eventLoop;
    private final boolean refused;
    private final Promise<Void> closed = Promise.promise();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    private State state = State.AWAITING_ENV;
    private AgiRequest request;
    private AsteriskVersion version = AsteriskVersion.ASTERISK_22;
    private Pending inFlight;
    private boolean hungUp;
    private boolean shuttingDown;
    private final ContextInternal context;
    private ScheduledFuture<?> sessionTimer;
    private ScheduledFuture<?> envTimer;
    private ScheduledFuture<?> lingerTimer;
    /** The one reply-timeout timer of the session; see {@link #armCommandTimer}. */
    private ScheduledFuture<?> commandTimer;
    /** When {@link #commandTimer} fires ({@link System#nanoTime()}). */
    private long commandTimerAt;

    AgiSessionImpl(AgiSettings settings, AgiCounters counters, NetSocketInternal socket, Vertx vertx, boolean refused) {
        this.settings = settings;
        this.counters = counters;
        this.socket = socket;
        this.eventLoop = socket.channelHandlerContext().executor();
        ContextInternal current = ContextInternal.current();
        this.context = current != null ? current : (ContextInternal) vertx.getOrCreateContext();
        this.refused = refused;
    }

    /** Starts the session's timers; called on the event loop right after the pipeline is set up. */
    void open() {
        sessionTimer = schedule(settings.maxSessionDuration().toNanos(), this::onSessionTimeout);
        envTimer = schedule(settings.commandTimeout().toNanos(), this::onEnvironmentTimeout);
    }

    /** Returns a future completed when the connection is closed and every resource is freed. */
    Future<Void> closeFuture() {
        return closed.future();
    }

    State state() {
        return state;
    }

    @Override
    public AgiRequest request() {
        return request;
    }

    @Override
    public String id() {
        return request == null ? "?" : request.uniqueId();
    }

    @Override
    public boolean isHungUp() {
        return hungUp;
    }

    // ---- inbound, from the pipeline ------------------------------------------------------------------------

    void onMessage(Object msg) {
        try {
            if (msg instanceof AgiReply reply) {
                onReply(reply);
            } else if (msg == AgiHangupLine.INSTANCE) {
                onHangupLine();
            } else if (msg instanceof AgiRequest req) {
                onEnvironment(req);
            } else if (msg instanceof AgiMalformedInput bad) {
                onMalformed(bad.reason());
            } else {
                onMalformed("unexpected message " + msg.getClass().getSimpleName());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onEnvironment(AgiRequest req) {
        if (state != State.AWAITING_ENV) {
            return;
        }
        request = req;
        version = AgiCommands.versionOf(req.get("version"));
        cancel(envTimer);
        envTimer = null;
        state = State.OPEN;
        if (refused) {
            counters.refused.increment();
            log.warn(
                    "Refusing AGI call {} on {} (script '{}'): server full or shutting down",
                    id(),
                    req.channel(),
                    req.script());
            endWithStatus(AgiStatus.BUSY);
            return;
        }
        AgiHandler handler = settings.handlers().get(req.script());
        if (handler == null) {
            try {
                handler = settings.resolver().apply(req.script()).orElse(null);
            } catch (RuntimeException e) {
                log.error("AGI script resolver failed for '{}' (call {})", req.script(), id(), e);
            }
        }
        if (handler == null) {
            counters.notFound.increment();
            log.warn("No AGI handler for script '{}' (call {}, channel {})", req.script(), id(), req.channel());
            endWithStatus(AgiStatus.NOT_FOUND);
            return;
        }
        Future<Void> done;
        try {
            done = Objects.requireNonNull(handler.handle(this), "the handler returned a null future");
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        done.onComplete(ar -> onEventLoop(() -> onHandlerDone(ar)));
    }

    private void onHandlerDone(AsyncResult<Void> ar) {
        if (state != State.OPEN) {
            return;
        }
        if (ar.succeeded()) {
            if (settings.reportSuccess() && !hungUp) {
                endWithStatus(AgiStatus.SUCCESS);
            } else {
                end();
            }
            return;
        }
        Throwable cause = ar.cause();
        if (cause instanceof AgiHangupException) {
            log.debug("AGI call {} ended by hang-up: {}", id(), cause.getMessage());
            end();
            return;
        }
        counters.handlerFailures.increment();
        log.warn(
                "AGI handler for script '{}' failed (call {}, channel {})",
                request.script(),
                id(),
                request.channel(),
                cause);
        if (hungUp) {
            end();
        } else {
            endWithStatus(AgiStatus.FAILED);
        }
    }

    private void endWithStatus(AgiStatus status) {
        send(AgiCommands.build(AgiCommands.setVariable(AgiStatus.VARIABLE, status.name()), version))
                .onComplete(ar -> end());
    }

    private void onReply(AgiReply reply) {
        if (state != State.OPEN) {
            log.debug("AGI call {}: reply after the session ended ignored: {}", id(), reply.raw());
            return;
        }
        if (reply.status() == 100) {
            return; // "100 result=0 Trying...": provisional, the final reply follows
        }
        Pending p = inFlight;
        if (p == null) {
            onMalformed("reply with no command outstanding: '" + AgiLineDecoder.excerpt(reply.raw()) + "'");
            return;
        }
        inFlight = null; // the command timer stays: it finds nothing in flight, or re-arms for a later command
        if (reply.status() == 511) {
            hungUp = true;
            p.promise.fail(new AgiHangupException(
                    "channel hung up: " + AgiCommands.verbOf(p.line) + " refused with 511 (call " + id() + ")"));
        } else {
            if (reply.isSuccess() && AgiCommands.isOwnHangup(p.line)) {
                hungUp = true;
            }
            p.promise.complete(reply);
        }
        writeNext();
    }

    private void onHangupLine() {
        if (!hungUp && state == State.OPEN) {
            log.debug("AGI call {}: channel hung up", id());
        }
        hungUp = true;
    }

    private void onMalformed(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CLOSING) {
            log.debug("AGI call {}: malformed input after our half-close: {}", id(), reason);
            socket.close();
            return;
        }
        counters.protocolErrors.increment();
        log.warn("Closing AGI connection from {} (call {}): malformed input: {}", socket.remoteAddress(), id(), reason);
        stop(() -> new AgiProtocolException(reason));
        socket.close();
    }

    void onShutdown(Duration grace) {
        shuttingDown = true;
        if (state == State.AWAITING_ENV) {
            socket.close();
        }
    }

    /** Closes the connection at once (the shutdown deadline has passed). */
    void forceClose() {
        shuttingDown = true;
        if (state != State.CLOSED) {
            onEventLoop(socket::close);
        }
    }

    void onException(Throwable t) {
        log.debug("AGI call {} from {}: connection error", id(), socket.remoteAddress(), t);
    }

    void onClosed() {
        if (state == State.CLOSED) {
            return;
        }
        String why = shuttingDown ? "server shut down" : "connection closed by Asterisk";
        stop(() -> new AgiHangupException(why + " (call " + id() + ")"));
        state = State.CLOSED;
        cancel(lingerTimer);
        cancel(envTimer);
        counters.active.decrement();
        closed.tryComplete();
    }

    // ---- timers ---------------------------------------------------------------------------------------------

    private void onEnvironmentTimeout() {
        envTimer = null;
        if (state == State.AWAITING_ENV) {
            onMalformed("no complete AGI environment within "
                    + settings.commandTimeout().toMillis() + " ms");
        }
    }

    private void onSessionTimeout() {
        sessionTimer = null;
        if (state != State.OPEN) {
            if (state == State.AWAITING_ENV) {
                socket.close();
            }
            return;
        }
        log.warn(
                "AGI call {} on {} ran longer than {}; ending it",
                id(),
                request.channel(),
                settings.maxSessionDuration());
        abort(new AgiSessionTimeoutException(
                "session exceeded " + settings.maxSessionDuration() + " (call " + id() + ")"));
    }

    /**
     * Arms the session's reply timer for the command just written. One timer serves every command: if it is
     * already due no later than this command's deadline, it stays, and when it fires it re-arms itself for the
     * deadline of whatever is then in flight. Commands are answered in milliseconds to seconds and time out after
     * minutes, so a session schedules a timer about once per timeout rather than once per command.
     */
    private void armCommandTimer(Pending p) {
        long now = System.nanoTime();
        p.deadline = now + TimeUnit.MILLISECONDS.toNanos(p.timeoutMs);
        if (commandTimer != null && commandTimerAt - p.deadline <= 0) {
            return;
        }
        cancel(commandTimer);
        commandTimerAt = p.deadline;
        commandTimer = schedule(p.deadline - now, this::onCommandTimer);
    }

    private void onCommandTimer() {
        commandTimer = null;
        Pending p = inFlight;
        if (p == null || state != State.OPEN) {
            return;
        }
        long now = System.nanoTime();
        if (now - p.deadline < 0) {
            commandTimerAt = p.deadline;
            commandTimer = schedule(p.deadline - now, this::onCommandTimer);
            return;
        }
        onCommandTimeout(p);
    }

    private void onCommandTimeout(Pending p) {
        counters.commandTimeouts.increment();
        log.warn(
                "AGI call {}: no reply to {} within {} ms; ending the session",
                id(),
                AgiCommands.verbOf(p.line),
                p.timeoutMs);
        abort(new AgiCommandTimeoutException(
                "no reply to " + AgiCommands.verbOf(p.line) + " within " + p.timeoutMs + " ms (call " + id() + ")"));
    }

    // ---- outbound -------------------------------------------------------------------------------------------

    @Override
    public Future<AgiReply> send(String commandLine) {
        return send(commandLine, settings.commandTimeout());
    }

    @Override
    public Future<AgiReply> send(String commandLine, Duration timeout) {
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            return Future.failedFuture(new IllegalArgumentException("timeout must be positive, was " + timeout));
        }
        if (!eventLoop.inEventLoop()) {
            Promise<AgiReply> hop = Promise.promise();
            eventLoop.execute(() -> send(commandLine, timeout).onComplete(hop));
            return hop.future();
        }
        if (commandLine.indexOf('\n') >= 0 || commandLine.indexOf('\r') >= 0) {
            return Future.failedFuture(
                    new IllegalArgumentException("an AGI command must be one line, without CR or LF"));
        }
        if (state != State.OPEN) {
            return Future.failedFuture(new AgiHangupException(
                    "session closed; " + AgiCommands.verbOf(commandLine) + " not sent (call " + id() + ")"));
        }
        if (hungUp && !AgiCommands.runsOnDeadChannel(commandLine)) {
            return Future.failedFuture(notSentAfterHangup(commandLine));
        }
        Pending p = new Pending(commandLine, timeout.toMillis());
        queue.add(p);
        writeNext();
        return p.promise.future();
    }

    private AgiHangupException notSentAfterHangup(String line) {
        return new AgiHangupException("channel hung up; " + AgiCommands.verbOf(line) + " not sent (call " + id() + ")");
    }

    private void writeNext() {
        while (inFlight == null && state == State.OPEN && !queue.isEmpty()) {
            Pending p = queue.poll();
            if (hungUp && !AgiCommands.runsOnDeadChannel(p.line)) {
                p.promise.fail(notSentAfterHangup(p.line));
                continue;
            }
            inFlight = p;
            counters.commands.increment();
            armCommandTimer(p);
            // Straight into the pipeline below Vert.x's handler (through our encoder), as Vert.x's own write does
            // on the event loop, but without the promise and queue entry it allocates per message: nothing waits
            // on a command's write; a failed write surfaces as a connection error and the close that follows.
            ChannelHandlerContext ctx = socket.channelHandlerContext();
            ctx.writeAndFlush(new AgiCommandLine(p.line), ctx.voidPromise());
        }
    }

    /** Ends the session normally: fails what is still queued, half-closes, and waits for Asterisk to close. */
    void end() {
        if (state != State.OPEN) {
            return;
        }
        stop(() -> new AgiHangupException("session ended (call " + id() + ")"));
    }

    /** Ends the session because of a timeout: the in-flight command and the queue fail with {@code cause}. */
    private void abort(RuntimeException cause) {
        stop(() -> cause);
    }

    /**
     * Leaves OPEN (or AWAITING_ENV): cancels timers, fails in-flight and queued commands, then half-closes. The
     * state changes before any future fails, so callbacks cannot queue new commands. The cause is only created
     * when a command is there to fail: most sessions end with nothing pending, and an exception's stack trace is
     * the costliest object a session would otherwise allocate.
     */
    private void stop(Supplier<RuntimeException> causes) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        state = State.CLOSING;
        cancel(sessionTimer);
        cancel(envTimer);
        cancel(commandTimer);
        sessionTimer = null;
        envTimer = null;
        commandTimer = null;
        List<Pending> failed = new ArrayList<>(queue.size() + 1);
        if (inFlight != null) {
            failed.add(inFlight);
            inFlight = null;
        }
        failed.addAll(queue);
        queue.clear();
        halfClose();
        if (!failed.isEmpty()) {
            RuntimeException cause = causes.get();
            for (Pending p : failed) {
                p.promise.tryFail(cause);
            }
        }
    }

    /**
     * Half-closes our side (TCP FIN) once the last command is written, as Asterisk expects: it then writes one
     * more {@code HANGUP} line and closes. If Asterisk does not close within the linger time, we close.
     */
    private void halfClose() {
        if (!socket.channelHandlerContext().channel().isActive()) {
            return;
        }
        lingerTimer = schedule(settings.closeLinger().toNanos(), socket::close);
        // An empty write completes only after every write before it: then our last command is on the wire.
        ChannelHandlerContext ctx = socket.channelHandlerContext();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER)
                .addListener(f -> context.emit(v -> {
                    Channel ch = ctx.channel();
                    if (ch instanceof DuplexChannel duplex && ch.isActive() && f.isSuccess()) {
                        duplex.shutdownOutput();
                    } else {
                        socket.close();
                    }
                }));
    }

    /**
     * Runs {@code task} on the session's context after {@code delayNanos}. A Netty task on the connection's own
     * event loop: unlike a Vert.x timer it needs no entry in Vert.x's shared timer map, no boxed id and no
     * handler wrapper, which at thousands of calls is garbage and live heap the collector has to copy.
     */
    private ScheduledFuture<?> schedule(long delayNanos, Runnable task) {
        return eventLoop.schedule(() -> context.emit(v -> task.run()), delayNanos, TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void onEventLoop(Runnable r) {
        if (eventLoop.inEventLoop()) {
            r.run();
        } else {
            eventLoop.execute(r);
        }
    }

    // ---- typed commands -------------------------------------------------------------------------------------

    private Future<AgiReply> send(AbstractAgiCommand command) {
        return send(AgiCommands.build(command, version));
    }

    /** Returns the reply timeout of a command that itself waits {@code wait}: the wait plus the default. */
    private Duration waitingTimeout(Duration wait) {
        if (wait.isNegative()) {
            return settings.maxSessionDuration();
        }
        return settings.commandTimeout().plus(wait);
    }

    @Override
    public Future<AgiReply> answer() {
        return send(new AnswerCommand());
    }

    @Override
    public Future<AgiReply> hangup() {
        return send(new HangupCommand());
    }

    @Override
    public Future<AgiReply> streamFile(String file, String escapeDigits) {
        return send(AgiCommands.streamFile(file, escapeDigits));
    }

    @Override
    public Future<AgiReply> getData(String file, Duration timeout, int maxDigits) {
        Objects.requireNonNull(timeout, "timeout");
        if (maxDigits < 1 || maxDigits > 1024) {
            return Future.failedFuture(new IllegalArgumentException("maxDigits must be 1..1024, was " + maxDigits));
        }
        String line = AgiCommands.build(AgiCommands.getData(file, timeout.toMillis(), maxDigits), version);
        return send(line, waitingTimeout(timeout));
    }

    @Override
    public Future<AgiReply> waitForDigit(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long ms = timeout.isNegative() ? -1 : timeout.toMillis();
        return send(AgiCommands.build(new WaitForDigitCommand(ms), version), waitingTimeout(timeout));
    }

    @Override
    public Future<AgiReply> sayNumber(long number, String escapeDigits) {
        return send(AgiCommands.sayNumber(Long.toString(number), escapeDigits));
    }

    @Override
    public Future<AgiReply> sayDigits(String digits, String escapeDigits) {
        return send(AgiCommands.sayDigits(digits, escapeDigits));
    }

    @Override
    public Future<AgiReply> sayDate(long epochSeconds, String escapeDigits) {
        return send(AgiCommands.sayDateTime(epochSeconds, escapeDigits, DATE_FORMAT));
    }

    @Override
    public Future<AgiReply> setLanguage(String language) {
        return send(AgiCommands.setVariable("CHANNEL(language)", language));
    }

    @Override
    public Future<Optional<String>> getVariable(String name) {
        return send(AgiCommands.getVariable(name)).compose(r -> {
            if (!r.isSuccess()) {
                return Future.failedFuture(new AgiCommandException("GET VARIABLE failed: " + r.raw(), r));
            }
            return Future.succeededFuture(r.resultAsInt(0) == 1 ? Optional.of(r.data()) : Optional.empty());
        });
    }

    @Override
    public Future<String> getFullVariable(String expression) {
        return send(AgiCommands.getFullVariable(expression)).compose(r -> {
            if (!r.isSuccess()) {
                return Future.failedFuture(new AgiCommandException("GET FULL VARIABLE failed: " + r.raw(), r));
            }
            return Future.succeededFuture(r.resultAsInt(0) == 1 ? r.data() : "");
        });
    }

    @Override
    public Future<AgiReply> setVariable(String name, String value) {
        return send(AgiCommands.setVariable(name, value));
    }

    @Override
    public Future<AgiReply> exec(String application, String... args) {
        return send(AgiCommands.exec(application, args));
    }

    @Override
    public Future<AgiReply> verbose(String message, int level) {
        return send(AgiCommands.verbose(message, level));
    }

    @Override
    public String toString() {
        return "AgiSession[" + id() + ", " + state + (hungUp ? ", hung up" : "") + "]";
    }
}
