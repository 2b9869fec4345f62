package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.gateway.agi.testing.AgiReplies;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotReloadTest {

    static final String FLOW = """
            languages: [es]
            start: gate
            nodes:
              gate: {type: action, name: gate, next: p}
              p: {type: play, prompts: [%s], next: end}
            """;

    @TempDir
    Path dir;

    final TestEnv env = new TestEnv();
    final AtomicReference<Promise<ActionResult>> gate = new AtomicReference<>();
    IvrFlows flows;

    @AfterEach
    void tearDown() {
        flows.stop();
        env.close();
    }

    private IvrFlows start(Duration watch) {
        return env.start(env.builder(dir, TestEnv.OPEN).watchPeriod(watch).action("gate", ctx -> {
            Promise<ActionResult> p = gate.get();
            return p == null ? Future.succeededFuture(ActionResult.of("ok")) : p.future();
        }));
    }

    private static ScriptedAgiSession caller() {
        return ScriptedAgiSession.builder().build().otherwise(c -> AgiReplies.ok());
    }

    @Test
    void validChangeReplacesTheFlowButACallInProgressFinishesOnItsVersion() {
        TestEnv.write(dir, "t.yaml", FLOW.formatted("v1"));
        flows = start(Duration.ZERO);
        Promise<ActionResult> held = Promise.promise();
        gate.set(held);
        ScriptedAgiSession inProgress = caller();
        CompletableFuture<Void> first =
                flows.handler("t").handle(inProgress).toCompletionStage().toCompletableFuture();

        TestEnv.write(dir, "t.yaml", FLOW.formatted("v2"));
        ReloadReport r = TestEnv.await(flows.reload());
        held.complete(ActionResult.of("ok"));
        first.join();
        gate.set(null);
        ScriptedAgiSession next = caller();
        TestEnv.run(flows.handler("t"), next);

        assertThat(r.loaded()).containsExactly("t");
        assertThat(inProgress.commands()).contains("STREAM FILE centralita/es/v1 \"0123456789*#\"");
        assertThat(next.commands()).contains("STREAM FILE centralita/es/v2 \"0123456789*#\"");
    }

    @Test
    void invalidChangeIsReportedWithItsLocationAndNeverReplacesTheGoodVersion() {
        TestEnv.write(dir, "t.yaml", FLOW.formatted("v1"));
        flows = start(Duration.ZERO);
        String before = flows.list().get(0).version();

        TestEnv.write(dir, "t.yaml", FLOW.formatted("v2").replace("next: end", "next: nowhere"));
        ReloadReport r = TestEnv.await(flows.reload());
        ScriptedAgiSession s = caller();
        TestEnv.run(flows.handler("t"), s);

        assertThat(r.ok()).isFalse();
        assertThat(r.rejected()).containsExactly("t");
        assertThat(r.problems())
                .extracting(Problem::toString)
                .containsExactly("t.yaml:5:40: 'nowhere' is not a node of this flow (dangling next)");
        assertThat(flows.list().get(0).version()).isEqualTo(before);
        assertThat(flows.lastReport()).isEqualTo(r);
        assertThat(s.commands()).contains("STREAM FILE centralita/es/v1 \"0123456789*#\"");
    }

    @Test
    void aBadFileIsLoggedOnceNotAtEveryPoll() {
        TestEnv.write(dir, "t.yaml", FLOW.formatted("v1").replace("next: end", "next: nowhere"));
        ch.qos.logback.classic.Logger log =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FlowRegistry.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        log.addAppender(logs);
        try {
            flows = env.builder(dir, TestEnv.OPEN).watchPeriod(Duration.ZERO).build();
            ReloadReport first = TestEnv.await(flows.start());
            ReloadReport second = TestEnv.await(flows.reload());

            assertThat(first.rejected()).containsExactly("t");
            assertThat(second.problems()).isEqualTo(first.problems());
            assertThat(logs.list)
                    .filteredOn(e -> e.getFormattedMessage().contains("nowhere"))
                    .hasSize(1);
            assertThat(flows.has("t")).isFalse();
        } finally {
            log.detachAppender(logs);
        }
    }

    @Test
    void unchangedFilesAreNotReloadedAndDeletedFilesAreRemoved() throws Exception {
        TestEnv.write(dir, "t.yaml", FLOW.formatted("v1"));
        TestEnv.write(dir, "other.yaml", FLOW.formatted("o"));
        flows = start(Duration.ZERO);

        Files.delete(dir.resolve("other.yaml"));
        ReloadReport r = TestEnv.await(flows.reload());

        assertThat(r.unchanged()).containsExactly("t");
        assertThat(r.removed()).containsExactly("other");
        assertThat(flows.list()).extracting(FlowInfo::name).containsExactly("t");
    }

    @Test
    void theWatcherPicksUpAChangedFileByItself() {
        TestEnv.write(dir, "t.yaml", FLOW.formatted("v1"));
        flows = start(Duration.ofMillis(50));
        String before = flows.list().get(0).version();

        TestEnv.write(dir, "t.yaml", FLOW.formatted("v3"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !flows.list().get(0).version().equals(before));
        ScriptedAgiSession s = caller();
        TestEnv.run(flows.handler("t"), s);
        assertThat(s.commands()).contains("STREAM FILE centralita/es/v3 \"0123456789*#\"");
        assertThat(List.copyOf(flows.handlers().keySet())).containsExactly("t");
    }
}
