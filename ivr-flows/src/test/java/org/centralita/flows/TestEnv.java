package org.centralita.flows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.centralita.flows.selfservice.InMemoryCallContextStore;
import org.centralita.flows.selfservice.SandboxPaymentGateway;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiSession;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A Vert.x, a migrated in-memory H2, the sandbox gateway and a trace of nodes, for engine tests. */
final class TestEnv implements AutoCloseable {

    private static final AtomicInteger DB = new AtomicInteger();

    /** Wednesday 2026-11-25 10:00 UTC = 11:00 in Madrid: the demo line is open. */
    static final Instant OPEN = Instant.parse("2026-11-25T10:00:00Z");

    /** The same Wednesday at 22:00 in Madrid: closed. */
    static final Instant CLOSED = Instant.parse("2026-11-25T21:00:00Z");

    final Vertx vertx = Vertx.vertx();
    final DataSource dataSource;
    final SandboxPaymentGateway gateway = new SandboxPaymentGateway();
    final InMemoryCallContextStore contexts = new InMemoryCallContextStore();
    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final List<Long> decisions = Collections.synchronizedList(new ArrayList<>());
    final FlowListener listener = new FlowListener() {
        @Override
        public void onNode(String callId, String flow, String node, Vars vars) {
            trace.add(flow + "/" + node + " " + vars);
        }

        @Override
        public void onDecision(String callId, long nanos) {
            decisions.add(nanos);
        }
    };

    TestEnv() {
        this(h2());
    }

    /** Uses {@code dataSource}, already migrated. */
    TestEnv(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:flows" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/ivr")
                .load()
                .migrate();
        return ds;
    }

    /** Returns the repo root (the folder holding flows/main.yaml). */
    static Path repoRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("flows/main.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repo root with flows/main.yaml not found");
        }
        return p;
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    IvrFlows.Builder builder(Path flowsDir, Instant now) {
        return IvrFlows.builder(vertx, flowsDir)
                .dataSource(dataSource)
                .paymentGateway(gateway)
                .contexts(contexts)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .listener(listener)
                .watchPeriod(Duration.ZERO);
    }

    IvrFlows start(IvrFlows.Builder b) {
        IvrFlows f = b.build();
        ReloadReport r = await(f.start());
        if (!r.ok()) {
            throw new AssertionError("flows did not load: " + r.problems());
        }
        return f;
    }

    /** Runs a call to its end; returns the failure, if the call ended with one (a hang-up is one). */
    static Optional<Throwable> run(AgiHandler handler, AgiSession session) {
        try {
            handler.handle(session).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("call did not end", e);
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        await(vertx.close());
    }
}
