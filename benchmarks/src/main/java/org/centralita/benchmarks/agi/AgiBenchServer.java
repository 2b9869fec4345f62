package org.centralita.benchmarks.agi;

import ch.qos.logback.classic.Level;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.time.Duration;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.agi.AgiSession;
import org.slf4j.LoggerFactory;

/**
 * The server side of the AGI benchmark, run in its own JVM by {@link AgiLoadBenchmark} so that its threads, heap
 * and file descriptors are measured apart from the load generator. Runs the same 11-command menu either on our
 * {@link AgiServer} or on Asterisk-Java's {@link DefaultAgiServer} with its default pool.
 *
 * <p>Prints {@code READY} once listening, then {@code STATS <threads> <heapUsedBytes> <processCpuLoad>
 * <allocatedBytes>} every second (allocation summed over live threads); exits when its standard input closes.
 */
public final class AgiBenchServer {
    static final String SCRIPT = "menu";

    private AgiBenchServer() {}

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.ERROR);
        if (args.length != 2) {
            System.err.println("usage: AgiBenchServer centralita|asterisk-java <port>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        Runnable stop;
        if (args[0].equals("centralita")) {
            int loops = Integer.getInteger(
                    "agi.bench.eventLoops", Runtime.getRuntime().availableProcessors());
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
            AgiServer server = AgiServer.builder()
                    .eventLoops(loops)
                    .host("127.0.0.1")
                    .port(port)
                    .maxConcurrentSessions(100_000)
                    .handler(SCRIPT, AgiBenchServer::menu)
                    .build();
            server.start(vertx).toCompletionStage().toCompletableFuture().get();
            stop = () -> vertx.close();
        } else if (args[0].equals("asterisk-java")) {
            DefaultAgiServer server = new DefaultAgiServer(new MenuScript());
            server.setPort(port);
            server.setAddress(InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(
                    () -> {
                        try {
                            server.startup();
                        } catch (Exception e) {
                            e.printStackTrace();
                            System.exit(1);
                        }
                    },
                    "asterisk-java-agi-server");
            t.setDaemon(true);
            t.start();
            waitForPort(port);
            stop = server::shutdown;
        } else {
            throw new IllegalArgumentException("unknown server " + args[0]);
        }
        System.out.println("READY");
        System.out.flush();
        Thread reporter = new Thread(AgiBenchServer::report, "stats-reporter");
        reporter.setDaemon(true);
        reporter.start();
        while (System.in.read() >= 0) {
            // the parent closes our stdin when the run is over
        }
        stop.run();
        System.exit(0);
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Asterisk-Java server did not listen on " + port);
    }

    private static void report() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < 3600; i++) {
            long allocated = 0;
            for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                allocated += Math.max(0, a);
            }
            System.out.println("STATS " + threads.getThreadCount() + " "
                    + memory.getHeapMemoryUsage().getUsed() + " " + os.getProcessCpuLoad() + " " + allocated);
            System.out.flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The menu on our server: 11 commands, each sent when the previous reply arrives. */
    static Future<Void> menu(AgiSession s) {
        return s.answer()
                .compose(r -> s.setLanguage("es"))
                .compose(r -> s.getVariable("CALLERID(num)"))
                .compose(v -> s.streamFile("welcome", ""))
                .compose(r -> s.getData("main-menu", Duration.ofSeconds(5), 4))
                .compose(r -> s.sayDigits(r.result(), ""))
                .compose(r -> s.streamFile("your-balance-is", "#"))
                .compose(r -> s.getData("enter-pin", Duration.ofSeconds(5), 4))
                .compose(r -> s.exec("Playback", "thank-you"))
                .compose(r -> s.setVariable("IVR_RESULT", "ok"))
                .compose(r -> s.hangup())
                .mapEmpty();
    }

    /** The same menu as an Asterisk-Java script (one pool thread per call, blocking on each reply). */
    static final class MenuScript implements AgiScript {
        @Override
        public void service(AgiRequest request, AgiChannel channel) throws AgiException {
            channel.answer();
            channel.setVariable("CHANNEL(language)", "es");
            channel.getVariable("CALLERID(num)");
            channel.streamFile("welcome", "");
            String digits = channel.getData("main-menu", 5000, 4);
            channel.sayDigits(digits == null ? "" : digits, "");
            channel.streamFile("your-balance-is", "#");
            channel.getData("enter-pin", 5000, 4);
            channel.exec("Playback", "thank-you");
            channel.setVariable("IVR_RESULT", "ok");
            channel.hangup();
        }
    }
}
