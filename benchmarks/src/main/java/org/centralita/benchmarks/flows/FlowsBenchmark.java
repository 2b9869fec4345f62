package org.centralita.benchmarks.flows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * N concurrent callers run the shipped {@code main} flow (identify by caller ID, balance, card payment, end) over
 * real FastAGI TCP connections; the load generator plays Asterisk and measures node-to-command latency: the time
 * from writing an AGI reply to receiving the next command. The engine's own decision time is measured too.
 *
 * <p>Run from the repo root after {@code mvn -B -o -q -DskipTests package -pl benchmarks -am}:
 * {@code java -cp benchmarks/target/centralita-benchmarks.jar org.centralita.benchmarks.flows.FlowsBenchmark}.
 */
@Command(name = "flows-benchmark", mixinStandardHelpOptions = true)
public final class FlowsBenchmark implements java.util.concurrent.Callable<Integer> {

    /** The keypad inputs of one call: Spanish, confirm caller ID, balance, pay in full, card, confirm, end. */
    static final List<String> CALLER = List.of("1", "1", "1", "2", "1", "4111111111111111", "0128", "737", "1", "9");

    @Option(names = "--callers", description = "Concurrent callers (default ${DEFAULT-VALUE}).")
    int callers = 1000;

    @Option(names = "--seconds", description = "Measured duration (default ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(names = "--warmup-seconds", description = "Unmeasured warm-up (default ${DEFAULT-VALUE}).")
    int warmup = 15;

    @Option(names = "--media-ms", description = "How long each prompt/SAY takes to play (default ${DEFAULT-VALUE}).")
    int mediaMs = 150;

    @Option(names = "--think-ms", description = "How long the caller takes to press keys (default ${DEFAULT-VALUE}).")
    int thinkMs = 400;

    @Option(names = "--flows", description = "Flows folder (default ${DEFAULT-VALUE}).")
    Path flowsDir = Path.of("flows");

    @Option(names = "--prompts", description = "Prompt catalog (default ${DEFAULT-VALUE}).")
    Path promptsDir = Path.of("prompts");

    private final Recorder wire = new Recorder(3);
    private final java.util.Map<String, Recorder> byPrevious = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean measuring;
    private volatile boolean stopping;

    public static void main(String[] args) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(new CommandLine(new FlowsBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Process server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms512m",
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FlowsBenchServer.class.getName(),
                        flowsDir.toString(),
                        promptsDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter control = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            System.err.println("server did not start: " + ready);
            server.destroy();
            return 1;
        }
        int port = Integer.parseInt(ready.substring(6).trim());

        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        NetClient client = clientVertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
        CountDownLatch done = new CountDownLatch(callers);
        long rampMillis = TimeUnit.SECONDS.toMillis(Math.max(1, warmup / 2));
        for (int i = 0; i < callers; i++) {
            int n = i;
            clientVertx.setTimer(1 + rampMillis * i / callers, t -> nextCall(clientVertx, client, port, n, 0, done));
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        wire.reset();
        byPrevious.values().forEach(Recorder::reset);
        control.println("RESET");
        long calls0 = calls.get();
        long commands0 = commands.get();
        measuring = true;
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        measuring = false;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Histogram w = wire.getIntervalHistogram();
        long c = calls.get() - calls0;
        long k = commands.get() - commands0;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        stopping = true;
        done.await(120, TimeUnit.SECONDS);
        control.println("STATS");
        String stats = out.readLine();
        server.waitFor(30, TimeUnit.SECONDS);
        await(clientVertx.close());

        System.out.printf(
                "flows benchmark: %d callers in 'main' (identify by caller ID, balance, card payment, end), "
                        + "media %d ms, think %d ms, %d s measured after %d s warm-up%n",
                callers, mediaMs, thinkMs, seconds, warmup);
        System.out.printf(
                "machine: %d cpus, load average %.2f during the run, java %s; server JVM -Xmx1g, 2 event loops%n",
                Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"));
        System.out.printf(
                "calls completed %d (%.1f/s), AGI commands %d (%.0f/s), failed calls %d%n",
                c, c / elapsed, k, k / elapsed, failures.get());
        print("node-to-command over TCP (reply written -> next command read, load generator side)", w);
        byPrevious.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue().getIntervalHistogram()))
                .sorted((a, b) -> Long.compare(
                        b.getValue().getValueAtPercentile(99), a.getValue().getValueAtPercentile(99)))
                .forEach(e -> print("  after a reply to " + e.getKey(), e.getValue()));
        if (stats != null && stats.startsWith("ENGINE ")) {
            String[] f = stats.split(" ");
            System.out.printf(
                    "engine decision (server side, reply received -> next command written): n=%s p50=%.3f ms "
                            + "p90=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms; payments recorded %s%n",
                    f[6], ms(f[1]), ms(f[2]), ms(f[3]), ms(f[4]), ms(f[5]), f[7]);
        }
        return w.getValueAtPercentile(99) < 10_000_000 ? 0 : 3;
    }

    private static String verb(String command) {
        String[] w = command.split(" ");
        return w.length > 1 && !w[1].startsWith("\"") ? w[0] + " " + w[1] : w[0];
    }

    private static double ms(String nanos) {
        return Long.parseLong(nanos) / 1e6;
    }

    private static void print(String what, Histogram h) {
        System.out.printf(
                "%s: n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms%n",
                what,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6);
    }

    private void nextCall(Vertx vertx, NetClient client, int port, int caller, int seq, CountDownLatch done) {
        if (stopping) {
            done.countDown();
            return;
        }
        client.connect(port, "127.0.0.1").onComplete(ar -> {
            if (ar.failed()) {
                failures.incrementAndGet();
                vertx.setTimer(100, t -> nextCall(vertx, client, port, caller, seq + 1, done));
                return;
            }
            new Call(vertx, ar.result(), caller, seq).start().onComplete(x -> {
                calls.incrementAndGet();
                if (x.failed()) {
                    failures.incrementAndGet();
                }
                nextCall(vertx, client, port, caller, seq + 1, done);
            });
        });
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** One simulated Asterisk channel running AGI(agi://.../main). */
    private final class Call {
        private final Vertx vertx;
        private final NetSocket socket;
        private final String uniqueId;
        private final Deque<String> inputs = new ArrayDeque<>(CALLER);
        private final io.vertx.core.Promise<Void> ended = io.vertx.core.Promise.promise();
        private long repliedAt;
        private String previous = "env";

        Call(Vertx vertx, NetSocket socket, int caller, int seq) {
            this.vertx = vertx;
            this.socket = socket;
            this.uniqueId = "bench-" + caller + "." + seq;
        }

        Future<Void> start() {
            socket.handler(RecordParser.newDelimited("\n", this::command));
            socket.closeHandler(v -> ended.tryComplete());
            StringBuilder env = new StringBuilder();
            env.append("agi_network: yes\nagi_network_script: main\nagi_request: agi://127.0.0.1/main\n")
                    .append("agi_channel: Local/s@caller-sim-")
                    .append(uniqueId)
                    .append(";1\n")
                    .append("agi_language: en\nagi_type: Local\nagi_uniqueid: ")
                    .append(uniqueId)
                    .append('\n')
                    .append("agi_version: 22.10.1\nagi_callerid: 34600111222\nagi_calleridname: Maria\n")
                    .append("agi_callingpres: 0\nagi_dnid: unknown\nagi_context: ivr\nagi_extension: main\n")
                    .append("agi_priority: 1\nagi_enhanced: 0.0\nagi_accountcode: \nagi_threadid: 1\n\n");
            repliedAt = System.nanoTime();
            socket.write(env.toString());
            return ended.future();
        }

        private void command(Buffer b) {
            long now = System.nanoTime();
            String c = b.toString(StandardCharsets.UTF_8);
            if (measuring) {
                long v = Math.min(now - repliedAt, 60_000_000_000L);
                wire.recordValue(v);
                byPrevious.computeIfAbsent(previous, x -> new Recorder(3)).recordValue(v);
            }
            commands.incrementAndGet();
            previous = verb(c);
            String reply;
            long delay = 0;
            if (c.startsWith("WAIT FOR DIGIT")) {
                String k = inputs.isEmpty() ? "" : inputs.poll();
                reply = k.isEmpty() ? "200 result=0" : "200 result=" + (int) k.charAt(0);
                delay = thinkMs;
            } else if (c.startsWith("GET DATA")) {
                String d = inputs.isEmpty() ? "" : inputs.poll();
                reply = d.isEmpty() ? "200 result= (timeout)" : "200 result=" + d;
                delay = thinkMs;
            } else if (c.startsWith("STREAM FILE") || c.startsWith("SAY ")) {
                reply = "200 result=0 endpos=8000";
                delay = mediaMs;
            } else if (c.startsWith("GET FULL VARIABLE")) {
                reply = "200 result=1 (" + uniqueId + ")";
            } else if (c.startsWith("GET VARIABLE")) {
                reply = "200 result=0";
            } else if (c.equals("HANGUP")) {
                socket.write("200 result=1\nHANGUP\n");
                return;
            } else {
                reply = "200 result=1";
            }
            if (delay == 0) {
                send(reply);
            } else {
                vertx.setTimer(delay, t -> send(reply));
            }
        }

        private void send(String reply) {
            repliedAt = System.nanoTime();
            socket.write(reply + "\n");
        }
    }
}
