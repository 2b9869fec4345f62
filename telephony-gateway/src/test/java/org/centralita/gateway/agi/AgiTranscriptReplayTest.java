package org.centralita.gateway.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.gateway.testing.AgiTranscript;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every real transcript end to end over TCP: the fake plays Asterisk's A: lines, our server (a handler
 * sending the transcript's C: lines) must write the C: lines byte for byte, half-close, and read Asterisk's extra
 * HANGUP.
 */
@ExtendWith(VertxExtension.class)
class AgiTranscriptReplayTest {
    /** Transcripts where the caller hangs up before the last (media) command: we may refuse to send it. */
    private static final List<String> HANG_UP_BEFORE_MEDIA = List.of("hangup-during-get-data", "sighup-idle");

    static List<AgiTranscript> transcripts() {
        return AgiTranscript.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void replaysTheTranscriptEndToEnd(AgiTranscript t, Vertx vertx, VertxTestContext ctx) throws Throwable {
        List<String> commands = t.linesOf(AgiTranscript.Side.CLIENT);
        String script = AgiRequests.parse(List.of(java.util.Map.entry(
                        "network_script", t.environment().get(1).substring("agi_network_script: ".length()))))
                .script();
        List<AgiReply> replies = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> handlerEnd = new AtomicReference<>();
        AgiServer server = AgiServer.builder()
                .host("127.0.0.1")
                .port(0)
                .handler(
                        script, session -> replay(session, commands, 0, replies).onFailure(handlerEnd::set))
                .build();
        server.start(vertx)
                .compose(s -> FakeAsteriskAgi.fromTranscript(t)
                        .connect(vertx, s.actualPort())
                        .outcome())
                .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                    assertThat(outcome.serverHalfClosed())
                            .as("server half-closed")
                            .isTrue();
                    assertThat(outcome.hangupAfterServerClose()).isTrue();
                    if (HANG_UP_BEFORE_MEDIA.contains(t.name())) {
                        // Either refused locally after the HANGUP line, or sent and refused by Asterisk with 511.
                        assertThat(commands).startsWith(outcome.commands().toArray(String[]::new));
                        assertThat(outcome.commands()).hasSizeGreaterThanOrEqualTo(commands.size() - 1);
                        assertThat(handlerEnd.get()).isInstanceOf(AgiHangupException.class);
                        assertThat(outcome.unscripted()).isEmpty();
                    } else {
                        assertThat(outcome.commands()).startsWith(commands.toArray(String[]::new));
                        assertThat(outcome.unusedSteps()).isEmpty();
                        assertThat(handlerEnd.get()).isNull();
                        if (commands.get(commands.size() - 1).equals("HANGUP")) {
                            assertThat(outcome.unscripted()).isEmpty();
                        } else {
                            assertThat(outcome.unscripted())
                                    .containsExactly("SET VARIABLE \"CENTRALITA_AGISTATUS\" \"SUCCESS\"");
                        }
                        assertThat(replies).extracting(AgiReply::raw).containsExactlyElementsOf(expectedReplies(t));
                    }
                    assertThat(server.stats().protocolErrors())
                            .as("the extra HANGUP after our half-close is no error")
                            .isZero();
                    ctx.completeNow();
                })));
        assertThat(ctx.awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        if (ctx.failed()) {
            throw ctx.causeOfFailure();
        }
        awaitNoActiveSessions(server);
    }

    /** The raw reply to each C: line: the A: lines after it up to the next C:, without HANGUP lines. */
    private static List<String> expectedReplies(AgiTranscript t) {
        List<String> expected = new ArrayList<>();
        StringBuilder current = null;
        for (AgiTranscript.Line l : t.lines()) {
            if (l.side() == AgiTranscript.Side.CLIENT) {
                if (current != null) {
                    expected.add(current.toString());
                }
                current = new StringBuilder();
            } else if (current != null && !l.text().equals("HANGUP")) {
                current.append(current.length() == 0 ? "" : "\n").append(l.text());
            }
        }
        if (current != null) {
            expected.add(current.toString());
        }
        return expected;
    }

    private static Future<Void> replay(AgiSession session, List<String> commands, int i, List<AgiReply> replies) {
        if (i == commands.size()) {
            return Future.succeededFuture();
        }
        return session.send(commands.get(i), Duration.ofSeconds(5)).compose(r -> {
            replies.add(r);
            return replay(session, commands, i + 1, replies);
        });
    }

    static void awaitNoActiveSessions(AgiServer server) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> server.stats().activeSessions() == 0);
    }

    static <T> Future<T> never() {
        return Promise.<T>promise().future();
    }
}
