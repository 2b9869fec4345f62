package org.centralita.benchmarks.flows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.centralita.flows.FlowListener;
import org.centralita.flows.IvrFlows;
import org.centralita.flows.ReloadReport;
import org.centralita.gateway.agi.AgiServer;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;

/**
 * The server side of the flows benchmark, in its own JVM: the gateway's {@link AgiServer} serving the shipped flows
 * over an in-memory H2 (migrated with the module's Flyway scripts). Prints {@code READY <port>}; on a {@code RESET}
 * line on stdin it clears its histogram, on {@code STATS} it prints {@code ENGINE <p50> <p90> <p99> <p999> <max>
 * <count> <payments>} (nanoseconds) and exits.
 *
 * <p>Usage: {@code FlowsBenchServer <flowsDir> <promptsDir>}.
 */
public final class FlowsBenchServer {

    private FlowsBenchServer() {}

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Recorder engine = new Recorder(3);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:h2:mem:flowsbench;DB_CLOSE_DELAY=-1");
        hc.setMaximumPoolSize(16);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration/ivr")
                    .load()
                    .migrate();
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            IvrFlows flows = IvrFlows.builder(vertx, Path.of(args[0]))
                    .prompts(Path.of(args[1]))
                    .dataSource(ds)
                    .clock(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC))
                    .watchPeriod(Duration.ZERO)
                    .listener(new FlowListener() {
                        @Override
                        public void onDecision(String callId, long nanos) {
                            engine.recordValue(Math.min(nanos, 60_000_000_000L));
                        }
                    })
                    .build();
            ReloadReport r = await(flows.start());
            if (!r.ok() || !flows.has("main")) {
                System.out.println("FAILED " + r.problems());
                System.exit(1);
            }
            AgiServer server = await(AgiServer.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .handler("main", flows.handler("main"))
                    .build()
                    .start(vertx));
            System.out.println("READY " + server.actualPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("RESET")) {
                    engine.reset();
                } else if (line.equals("STATS")) {
                    Histogram h = engine.getIntervalHistogram();
                    long payments = await(flows.payments().forAccount("1001")).size();
                    System.out.printf(
                            "ENGINE %d %d %d %d %d %d %d%n",
                            h.getValueAtPercentile(50),
                            h.getValueAtPercentile(90),
                            h.getValueAtPercentile(99),
                            h.getValueAtPercentile(99.9),
                            h.getMaxValue(),
                            h.getTotalCount(),
                            payments);
                    System.out.flush();
                    break;
                }
            }
            await(server.shutdown(Duration.ofSeconds(2)));
            flows.stop();
            await(vertx.close());
        }
        System.exit(0);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
