package org.centralita.gateway.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.centralita.gateway.testing.AgiTranscript;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixture's own behaviour, as other modules rely on it. */
@ExtendWith(VertxExtension.class)
class FakeAsteriskAgiTest {

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void repliesAfterTheStepDelayAndDeliversAnUnpromptedHangupMeanwhile(Vertx vertx) throws Exception {
        CompletableFuture<Long> elapsedMs = new CompletableFuture<>();
        CompletableFuture<Boolean> hungUpAtReply = new CompletableFuture<>();
        AgiServer server = await(AgiServer.builder()
                .host("127.0.0.1")
                .port(0)
                .handler("slow", s -> {
                    long start = System.nanoTime();
                    return s.streamFile("long-prompt", "")
                            .onSuccess(r -> {
                                elapsedMs.complete((System.nanoTime() - start) / 1_000_000);
                                hungUpAtReply.complete(s.isHungUp());
                            })
                            .mapEmpty();
                })
                .build()
                .start(vertx));
        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("slow")
                .onPrefix("STREAM FILE")
                .replyAfter(Duration.ofMillis(300), "200 result=-1")
                .build()
                .connect(vertx, server.actualPort());

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> call.commands().size() == 1);
        call.hangup();
        FakeAsteriskAgi.Outcome o = await(call.outcome());

        assertThat(elapsedMs.get(1, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(300);
        assertThat(hungUpAtReply.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(o.followedScript()).isTrue();
        assertThat(o.serverHalfClosed()).isTrue();
        await(server.shutdown(Duration.ZERO));
    }

    @Test
    void reportsCommandsOutsideTheScriptAndStepsNeverReached(Vertx vertx) throws Exception {
        AgiServer server = await(AgiServer.builder()
                .host("127.0.0.1")
                .port(0)
                .reportSuccess(false)
                .handler("x", s -> s.send("NOOP").mapEmpty())
                .build()
                .start(vertx));

        FakeAsteriskAgi.Outcome o = await(FakeAsteriskAgi.call("x")
                .on("ANSWER")
                .reply("200 result=0")
                .build()
                .connect(vertx, server.actualPort())
                .outcome());

        assertThat(o.unscripted()).containsExactly("NOOP");
        assertThat(o.unusedSteps()).containsExactly("'ANSWER'");
        assertThat(o.followedScript()).isFalse();
        await(server.shutdown(Duration.ZERO));
    }

    @Test
    void readsEveryTranscriptWithItsHalfCloseLine() {
        for (AgiTranscript t : AgiTranscript.all()) {
            assertThat(t.halfCloseAfter()).as(t.name()).isPositive();
            assertThat(t.lines().get(t.lines().size() - 1).text()).as(t.name()).isEqualTo("HANGUP");
            assertThat(t.environment().get(0)).isEqualTo("agi_network: yes");
        }
        assertThat(AgiTranscript.all()).hasSize(9);
    }
}
