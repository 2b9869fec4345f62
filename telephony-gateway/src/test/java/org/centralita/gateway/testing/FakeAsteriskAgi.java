package org.centralita.gateway.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Plays Asterisk's side of FastAGI against a server under test, over real TCP: it connects, sends an {@code
 * agi_*} environment, answers each command from a script (or a recorded transcript), can send an unprompted
 * {@code HANGUP} line at any moment, and reacts to the server's half-close like Asterisk 22 does: it writes one
 * more {@code HANGUP} line and closes.
 *
 * <pre>{@code
 * FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("balance?lang=es")
 *         .arguments("ACC-42", "")
 *         .on("ANSWER").reply("200 result=0")
 *         .onPrefix("STREAM FILE").reply("200 result=49 endpos=26880")
 *         .onPrefix("GET DATA").reply("200 result=-1", "HANGUP")   // caller hangs up during GET DATA
 *         .build()
 *         .connect(vertx, server.actualPort());
 * call.outcome().onSuccess(o -> assertThat(o.commands()).startsWith("ANSWER"));
 * }</pre>
 *
 * <p>Steps are consumed in order; a command that does not match the next step gets the {@linkplain
 * Builder#otherwise(String...) fallback reply} (by default {@code 510 Invalid or unknown command}) and is listed in
 * {@link Outcome#unscripted()}. Everything runs on a Vert.x event loop; nothing blocks.
 */
public final class FakeAsteriskAgi {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final List<String> environment;
    private final List<String> afterEnvironment;
    private final List<Step> steps;
    private final List<String> otherwise;
    private final List<String> onServerClose;

    private FakeAsteriskAgi(Builder b) {
        this.environment = List.copyOf(b.renderEnvironment());
        this.afterEnvironment = List.copyOf(b.afterEnvironment);
        this.steps = List.copyOf(b.steps);
        this.otherwise = List.copyOf(b.otherwise);
        this.onServerClose = List.copyOf(b.onServerClose);
    }

    /**
     * Starts a script for a call to {@code agi://127.0.0.1:4573/<script>}; {@code script} may carry a query
     * string ({@code "balance?lang=es"}).
     */
    public static Builder call(String script) {
        return new Builder(script);
    }

    /**
     * Returns a fake that replays a real transcript: its environment bytes, then for each of our {@code C:} lines
     * (expected byte for byte, in order) the {@code A:} lines that followed it, and after our half-close the
     * {@code A:} lines Asterisk sent after the FIN. Commands beyond the transcript get {@code 200 result=1} and are
     * listed in {@link Outcome#unscripted()}.
     */
    public static FakeAsteriskAgi fromTranscript(AgiTranscript transcript) {
        Builder b = new Builder("unused");
        b.rawEnvironment = transcript.environment();
        int halfClose = transcript.halfCloseAfter() < 0 ? Integer.MAX_VALUE : transcript.halfCloseAfter();
        List<AgiTranscript.Line> body = transcript
                .lines()
                .subList(b.rawEnvironment.size(), transcript.lines().size());
        List<String> postClose = new ArrayList<>();
        Step current = null;
        for (AgiTranscript.Line l : body) {
            if (l.side() == AgiTranscript.Side.CLIENT) {
                current = new Step(l.text()::equals, "'" + l.text() + "'");
                b.steps.add(current);
            } else if (l.number() > halfClose) {
                postClose.add(l.text());
            } else if (current == null) {
                b.afterEnvironment.add(l.text());
            } else {
                current.reply.add(l.text());
            }
        }
        b.onServerClose = postClose;
        b.otherwise = List.of("200 result=1");
        return b.build();
    }

    /** Connects to {@code 127.0.0.1:port} and plays the script. */
    public Call connect(Vertx vertx, int port) {
        return connect(vertx, "127.0.0.1", port);
    }

    /** Connects to {@code host:port} and plays the script. */
    public Call connect(Vertx vertx, String host, int port) {
        Objects.requireNonNull(vertx, "vertx");
        VertxInternal vx = (VertxInternal) vertx;
        Call call = new Call();
        Bootstrap bootstrap = new Bootstrap()
                .group(vx.nettyEventLoopGroup())
                .channelFactory(vx.transport().channelFactory(false))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(1 << 20, true, false), call.handler);
                    }
                });
        bootstrap.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                call.connected.tryFail(f.cause());
                call.done.tryFail(f.cause());
            }
        });
        return call;
    }

    /** A command matcher and the lines sent back when it matches. */
    private static final class Step {
        final Predicate<String> matcher;
        final String description;
        final List<String> reply = new ArrayList<>();
        boolean closeAfter;
        long delayMs;

        Step(Predicate<String> matcher, String description) {
            this.matcher = matcher;
            this.description = description;
        }
    }

    /**
     * What happened on one connection.
     *
     * @param commands every command line the server sent, in order
     * @param unscripted the commands that matched no step (they got the fallback reply)
     * @param unusedSteps descriptions of the steps the server never reached
     * @param serverHalfClosed whether the server half-closed (TCP FIN) while we were still open
     * @param hangupAfterServerClose whether we wrote our post-close lines ({@code HANGUP}) after that FIN
     */
    public record Outcome(
            List<String> commands,
            List<String> unscripted,
            List<String> unusedSteps,
            boolean serverHalfClosed,
            boolean hangupAfterServerClose) {

        /** Returns whether every step was used and no command fell outside the script. */
        public boolean followedScript() {
            return unscripted.isEmpty() && unusedSteps.isEmpty();
        }
    }

    /** One live fake call. Its methods may be called from any thread. */
    public final class Call {
        private final Promise<Outcome> done = Promise.promise();
        private final Promise<Void> connected = Promise.promise();
        private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
        private final List<String> unscripted = Collections.synchronizedList(new ArrayList<>());
        private final Handler handler = new Handler();
        private volatile Channel channel;
        private int next;
        private boolean serverHalfClosed;
        private boolean hangupAfterServerClose;

        /** Returns a future completed when the connection is closed, with what happened. */
        public Future<Outcome> outcome() {
            return done.future();
        }

        /** Returns the commands received so far. */
        public List<String> commands() {
            synchronized (commands) {
                return List.copyOf(commands);
            }
        }

        /** Sends an unprompted {@code HANGUP} line now, as Asterisk does when the caller hangs up. */
        public void hangup() {
            send(List.of("HANGUP"));
        }

        /** Returns a future completed once the TCP connection is established (failed if it cannot be). */
        public Future<Void> connected() {
            return connected.future();
        }

        /** Returns whether the connection is open. */
        public boolean isConnected() {
            Channel ch = channel;
            return ch != null && ch.isActive();
        }

        /**
         * Sends raw lines (each followed by LF) as soon as the connection is up; for garbage, over-long lines and
         * the like.
         */
        public void send(List<String> lines) {
            List<String> copy = List.copyOf(lines);
            connected.future().onSuccess(v -> channel.eventLoop().execute(() -> write(channel, copy)));
        }

        /** Sends raw bytes exactly as given, as soon as the connection is up. */
        public void sendBytes(byte[] bytes) {
            byte[] copy = bytes.clone();
            connected.future().onSuccess(v -> channel.writeAndFlush(Unpooled.wrappedBuffer(copy)));
        }

        /** Closes the connection abruptly, as a crashing or restarting Asterisk would. */
        public void close() {
            connected.future().onSuccess(v -> channel.close());
        }

        private void write(Channel ch, List<String> lines) {
            if (lines.isEmpty() || !ch.isActive()) {
                return;
            }
            StringBuilder b = new StringBuilder();
            for (String l : lines) {
                b.append(l).append('\n');
            }
            ch.writeAndFlush(Unpooled.copiedBuffer(b, StandardCharsets.UTF_8));
        }

        private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                channel = ctx.channel();
                List<String> first = new ArrayList<>(environment);
                first.addAll(afterEnvironment);
                write(ctx.channel(), first);
                connected.tryComplete(); // after the environment, so early send() calls follow it
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                String command = msg.toString(StandardCharsets.UTF_8);
                commands.add(command);
                if (next < steps.size() && steps.get(next).matcher.test(command)) {
                    Step step = steps.get(next++);
                    if (step.delayMs > 0) {
                        ctx.executor().schedule(() -> answer(ctx, step), step.delayMs, TimeUnit.MILLISECONDS);
                    } else {
                        answer(ctx, step);
                    }
                } else {
                    unscripted.add(command);
                    write(ctx.channel(), otherwise);
                }
            }

            private void answer(ChannelHandlerContext ctx, Step step) {
                write(ctx.channel(), step.reply);
                if (step.closeAfter) {
                    ctx.close();
                }
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent) {
                    serverHalfClosed = true;
                    if (!onServerClose.isEmpty()) {
                        hangupAfterServerClose = true;
                        write(ctx.channel(), onServerClose);
                    }
                    ctx.close();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                List<String> unused = new ArrayList<>();
                for (int i = next; i < steps.size(); i++) {
                    unused.add(steps.get(i).description);
                }
                done.tryComplete(new Outcome(
                        commands(), List.copyOf(unscripted), unused, serverHalfClosed, hangupAfterServerClose));
            }
        }
    }

    /** Builds a {@link FakeAsteriskAgi}: the environment, then the steps in order. */
    public static final class Builder {
        private final String script;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> arguments = new ArrayList<>();
        private List<String> rawEnvironment;
        private final List<String> afterEnvironment = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private List<String> otherwise = List.of("510 Invalid or unknown command");
        private List<String> onServerClose = List.of("HANGUP");

        private Builder(String script) {
            this.script = Objects.requireNonNull(script, "script");
            long n = SEQUENCE.incrementAndGet();
            env.put("network", "yes");
            env.put("network_script", script);
            env.put("request", "agi://127.0.0.1:4573/" + script);
            env.put("channel", String.format("Local/s@caller-sim-%08x;1", n));
            env.put("language", "en");
            env.put("type", "Local");
            env.put("uniqueid", "1795393000." + n);
            env.put("version", "22.10.1");
            env.put("callerid", "5551234");
            env.put("calleridname", "Sim Caller");
            env.put("callingpres", "0");
            env.put("callingani2", "0");
            env.put("callington", "0");
            env.put("callingtns", "0");
            env.put("dnid", "unknown");
            env.put("rdnis", "unknown");
            env.put("context", "ivr-test");
            env.put("extension", "s");
            env.put("priority", "2");
            env.put("enhanced", "0.0");
            env.put("accountcode", "");
            env.put("threadid", Long.toString(140397128000000L + n));
        }

        /** Sets (or adds) one environment value; {@code key} without the {@code agi_} prefix. */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the caller ID ({@code agi_callerid}, {@code agi_calleridname}). */
        public Builder callerId(String number, String name) {
            return env("callerid", number).env("calleridname", name);
        }

        /** Sets the AGI arguments ({@code agi_arg_1..N}); empty ones are sent as {@code agi_arg_N: }. */
        public Builder arguments(String... args) {
            arguments.clear();
            arguments.addAll(List.of(args));
            return this;
        }

        /** Sends an unprompted {@code HANGUP} right after the environment (the caller is already gone). */
        public Builder hangupAfterEnvironment() {
            afterEnvironment.add("HANGUP");
            return this;
        }

        /** Adds a step matching exactly this command line. */
        public StepBuilder on(String command) {
            Objects.requireNonNull(command, "command");
            return new StepBuilder(new Step(command::equals, "'" + command + "'"));
        }

        /** Adds a step matching a command line that starts with {@code prefix}. */
        public StepBuilder onPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            return new StepBuilder(new Step(c -> c.startsWith(prefix), "'" + prefix + "...'"));
        }

        /** Adds a step matching any command. */
        public StepBuilder onAny() {
            return new StepBuilder(new Step(c -> true, "any command"));
        }

        /** Sets the reply to commands outside the script (default {@code 510 Invalid or unknown command}). */
        public Builder otherwise(String... replyLines) {
            otherwise = List.of(replyLines);
            return this;
        }

        /**
         * Sets the lines written when the server half-closes, before we close (default one {@code HANGUP}, as
         * Asterisk 22 does); no lines means we just close.
         */
        public Builder onServerClose(String... lines) {
            onServerClose = List.of(lines);
            return this;
        }

        /** Returns the fake. */
        public FakeAsteriskAgi build() {
            return new FakeAsteriskAgi(this);
        }

        private List<String> renderEnvironment() {
            if (rawEnvironment != null) {
                return rawEnvironment;
            }
            List<String> lines = new ArrayList<>();
            env.forEach((k, v) -> lines.add("agi_" + k + ": " + v));
            for (int i = 0; i < arguments.size(); i++) {
                lines.add("agi_arg_" + (i + 1) + ": " + arguments.get(i));
            }
            lines.add("");
            return lines;
        }

        /** The reply part of a step. */
        public final class StepBuilder {
            private final Step step;

            private StepBuilder(Step step) {
                this.step = step;
            }

            /**
             * Answers with these lines (e.g. {@code "200 result=-1", "HANGUP"}, or a whole {@code 520-} block).
             */
            public Builder reply(String... lines) {
                step.reply.addAll(List.of(lines));
                steps.add(step);
                return Builder.this;
            }

            /**
             * Answers with these lines after {@code delay} (a prompt playing, a caller thinking); an unprompted
             * {@link Call#hangup()} may arrive meanwhile.
             */
            public Builder replyAfter(Duration delay, String... lines) {
                step.delayMs = Math.max(1, delay.toMillis());
                return reply(lines);
            }

            /** Answers with these lines, then closes the connection abruptly (Asterisk crashed or restarted). */
            public Builder replyAndClose(String... lines) {
                step.closeAfter = true;
                return reply(lines);
            }

            /** Never answers this command (for timeout tests). */
            public Builder noReply() {
                steps.add(step);
                return Builder.this;
            }
        }
    }
}
