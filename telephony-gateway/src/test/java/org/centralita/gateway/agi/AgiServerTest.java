package org.centralita.gateway.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AgiServerTest {
    private static final String STATUS = "SET VARIABLE \"CENTRALITA_AGISTATUS\" ";

    private AgiServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.shutdown(Duration.ZERO)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        }
    }

    private AgiServer start(Vertx vertx, AgiServer.Builder builder) throws Exception {
        server = builder.host("127.0.0.1").port(0).build();
        return await(server.start(vertx));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static FakeAsteriskAgi.Outcome play(Vertx vertx, FakeAsteriskAgi fake, AgiServer server) throws Exception {
        return await(fake.connect(vertx, server.actualPort()).outcome());
    }

    @Test
    void routesByScriptWithQueryParametersAndArguments(Vertx vertx) throws Exception {
        CompletableFuture<AgiRequest> seen = new CompletableFuture<>();
        start(vertx, AgiServer.builder().handler("ivr/main", s -> {
            seen.complete(s.request());
            return s.answer().mapEmpty();
        }));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("ivr/main?lang=es&flow=pay%20bill")
                        .arguments("ACC-42", "", "último")
                        .on("ANSWER")
                        .reply("200 result=0")
                        .build(),
                server);

        AgiRequest r = seen.get(1, TimeUnit.SECONDS);
        assertThat(r.script()).isEqualTo("ivr/main");
        assertThat(r.parameters()).containsEntry("lang", "es").containsEntry("flow", "pay bill");
        assertThat(r.arguments()).containsExactly("ACC-42", "", "último");
        assertThat(o.commands()).containsExactly("ANSWER", STATUS + "\"SUCCESS\"");
        assertThat(o.serverHalfClosed()).isTrue();
    }

    @Test
    void setsNotFoundAndEndsCleanlyForAnUnknownScript(Vertx vertx) throws Exception {
        start(vertx, AgiServer.builder().handler("known", s -> Future.succeededFuture()));

        FakeAsteriskAgi.Outcome o = play(vertx, FakeAsteriskAgi.call("nope?x=1").build(), server);

        assertThat(o.commands()).containsExactly(STATUS + "\"NOT_FOUND\"");
        assertThat(o.serverHalfClosed()).isTrue();
        assertThat(o.hangupAfterServerClose()).isTrue();
        AgiTranscriptReplayTest.awaitNoActiveSessions(server);
        assertThat(server.stats().notFoundSessions()).isEqualTo(1);
    }

    @Test
    void resolvesAnUnregisteredScriptAtCallTimeAndStillReportsNotFoundWhenTheResolverHasNone(Vertx vertx)
            throws Exception {
        java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
        start(
                vertx,
                AgiServer.builder()
                        .resolver(script -> known.contains(script)
                                ? java.util.Optional.of(s -> s.answer().mapEmpty())
                                : java.util.Optional.empty()));

        FakeAsteriskAgi.Outcome before =
                play(vertx, FakeAsteriskAgi.call("new-flow").build(), server);
        known.add("new-flow"); // e.g. a flow file added to a hot-reloaded folder
        FakeAsteriskAgi.Outcome after = play(
                vertx,
                FakeAsteriskAgi.call("new-flow")
                        .on("ANSWER")
                        .reply("200 result=0")
                        .build(),
                server);

        assertThat(before.commands()).containsExactly(STATUS + "\"NOT_FOUND\"");
        assertThat(after.commands()).containsExactly("ANSWER", STATUS + "\"SUCCESS\"");
    }

    @Test
    void setsFailedWhenTheHandlerFails(Vertx vertx) throws Exception {
        start(vertx, AgiServer.builder().handler("boom", s -> Future.failedFuture(new IllegalStateException("bug"))));

        FakeAsteriskAgi.Outcome o = play(vertx, FakeAsteriskAgi.call("boom").build(), server);

        assertThat(o.commands()).containsExactly(STATUS + "\"FAILED\"");
        assertThat(server.stats().handlerFailures()).isEqualTo(1);
    }

    @Test
    void setsFailedWhenTheHandlerThrows(Vertx vertx) throws Exception {
        start(vertx, AgiServer.builder().handler("boom", s -> {
            throw new IllegalStateException("bug");
        }));

        FakeAsteriskAgi.Outcome o = play(vertx, FakeAsteriskAgi.call("boom").build(), server);

        assertThat(o.commands()).containsExactly(STATUS + "\"FAILED\"");
    }

    @Test
    void buildsTypedCommandsWithAsteriskJavaAndParsesTheirReplies(Vertx vertx) throws Exception {
        List<Object> results = new ArrayList<>();
        start(vertx, AgiServer.builder().handler("menu", s -> s.answer()
                .compose(r -> s.streamFile("demo-congrats", "0123456789*#"))
                .compose(r -> {
                    results.add(r.digit());
                    results.add(r.endpos().getAsLong());
                    return s.getData("beep", Duration.ofSeconds(5), 4);
                })
                .compose(r -> {
                    results.add(r.result());
                    return s.setLanguage("es");
                })
                .compose(r -> s.sayNumber(1234, ""))
                .compose(r -> s.sayDigits("1234", ""))
                .compose(r -> s.sayDate(1795393113L, ""))
                .compose(r -> s.waitForDigit(Duration.ofSeconds(2)))
                .compose(r -> {
                    results.add(r.digit());
                    return s.getVariable("NOSUCHVAR");
                })
                .compose(v -> {
                    results.add(v);
                    return s.getVariable("EMPTYVAR");
                })
                .compose(v -> {
                    results.add(v);
                    return s.getFullVariable("${CALLERID(name)}");
                })
                .compose(v -> {
                    results.add(v);
                    return s.exec("NoSuchApp", "foo");
                })
                .compose(r -> {
                    results.add(r.resultAsInt(0));
                    return s.verbose("¡Hola \"José\"!", 1);
                })
                .compose(r -> s.setVariable("X", "a b"))
                .compose(r -> s.hangup())
                .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("menu")
                        .on("ANSWER")
                        .reply("200 result=0")
                        .on("STREAM FILE \"demo-congrats\" \"0123456789*#\"")
                        .reply("200 result=49 endpos=26880")
                        .on("GET DATA \"beep\" 5000 4")
                        .reply("200 result=5678")
                        .on("SET VARIABLE \"CHANNEL(language)\" \"es\"")
                        .reply("200 result=1")
                        .on("SAY NUMBER \"1234\" \"\"")
                        .reply("200 result=0")
                        .on("SAY DIGITS \"1234\" \"\"")
                        .reply("200 result=0")
                        .on("SAY DATETIME 1795393113 \"\" \"ABdY\"")
                        .reply("200 result=0")
                        .on("WAIT FOR DIGIT 2000")
                        .reply("200 result=0")
                        .on("GET VARIABLE \"NOSUCHVAR\"")
                        .reply("200 result=0")
                        .on("GET VARIABLE \"EMPTYVAR\"")
                        .reply("200 result=1 ()")
                        .on("GET FULL VARIABLE \"${CALLERID(name)}\"")
                        .reply("200 result=1 (Zoë Ångström)")
                        .on("EXEC \"NoSuchApp\" \"foo\"")
                        .reply("200 result=-2")
                        .on("VERBOSE \"¡Hola \\\"José\\\"!\" 1")
                        .reply("200 result=1")
                        .on("SET VARIABLE \"X\" \"a b\"")
                        .reply("200 result=1")
                        .on("HANGUP")
                        .reply("200 result=1", "HANGUP")
                        .build(),
                server);

        assertThat(o.followedScript())
                .as("unscripted %s, unused %s", o.unscripted(), o.unusedSteps())
                .isTrue();
        assertThat(results)
                .containsExactly('1', 26880L, "5678", (char) 0, Optional.empty(), Optional.of(""), "Zoë Ångström", -2);
    }

    @Test
    void sendsQueuedCommandsOneAtATimeInCallOrder(Vertx vertx) throws Exception {
        List<String> got = new ArrayList<>();
        start(vertx, AgiServer.builder().reportSuccess(false).handler("q", s -> {
            Future<AgiReply> a = s.getFullVariable("${A}").map(v -> {
                got.add(v);
                return null;
            });
            Future<AgiReply> b = s.getFullVariable("${B}").map(v -> {
                got.add(v);
                return null;
            });
            Future<AgiReply> c = s.getFullVariable("${C}").map(v -> {
                got.add(v);
                return null;
            });
            return Future.all(a, b, c).mapEmpty();
        }));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("q")
                        .on("GET FULL VARIABLE \"${A}\"")
                        .reply("200 result=1 (a)")
                        .on("GET FULL VARIABLE \"${B}\"")
                        .reply("200 result=1 (b)")
                        .on("GET FULL VARIABLE \"${C}\"")
                        .reply("200 result=1 (c)")
                        .build(),
                server);

        assertThat(o.followedScript()).isTrue();
        assertThat(got).containsExactly("a", "b", "c");
    }

    @Test
    void failsMediaCommandsFastAfterHangupButStillRunsDeadSafeOnes(Vertx vertx) throws Exception {
        AtomicReference<Throwable> streamFailure = new AtomicReference<>();
        AtomicReference<Optional<String>> callerId = new AtomicReference<>();
        start(vertx, AgiServer.builder().handler("dead", s -> s.answer()
                .compose(r -> s.send("NOOP")) // the HANGUP line arrives with the ANSWER reply
                .compose(r -> s.getVariable("CALLERID(num)"))
                .compose(v -> {
                    callerId.set(v);
                    assertThat(s.isHungUp()).isTrue();
                    return s.streamFile("beep", "");
                })
                .onFailure(streamFailure::set)
                .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("dead")
                        .on("ANSWER")
                        .reply("200 result=0", "HANGUP")
                        .on("NOOP")
                        .reply("200 result=0")
                        .on("GET VARIABLE \"CALLERID(num)\"")
                        .reply("200 result=1 (5551234)")
                        .build(),
                server);

        assertThat(o.commands()).containsExactly("ANSWER", "NOOP", "GET VARIABLE \"CALLERID(num)\"");
        assertThat(callerId.get()).contains("5551234");
        assertThat(streamFailure.get()).isInstanceOf(AgiHangupException.class).hasMessageContaining("STREAM FILE");
    }

    @Test
    void failsWithHangupWhenAsteriskAnswers511(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        start(vertx, AgiServer.builder().handler("x", s -> s.getData("beep", Duration.ofSeconds(10), 4)
                .compose(r -> {
                    assertThat(r.resultAsInt(0)).isEqualTo(-1);
                    // Sent before the HANGUP line is processed or not at all: both end in a hang-up failure.
                    return s.send("STREAM FILE beep \"\"");
                })
                .onFailure(failure::complete)
                .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("x")
                        .onPrefix("GET DATA")
                        .reply("200 result=-1")
                        .on("STREAM FILE beep \"\"")
                        .reply("511 Command Not Permitted on a dead channel or intercept routine", "HANGUP")
                        .build(),
                server);

        assertThat(failure.get(1, TimeUnit.SECONDS))
                .isInstanceOf(AgiHangupException.class)
                .hasMessageContaining("511");
        assertThat(o.commands()).containsExactly("GET DATA \"beep\" 10000 4", "STREAM FILE beep \"\"");
        assertThat(o.unscripted()).as("nothing is set on a dead channel").isEmpty();
    }

    @Test
    void completesTheCommandInFlightWhenHangupArrivesBeforeItsResult(Vertx vertx) throws Exception {
        CompletableFuture<AgiReply> reply = new CompletableFuture<>();
        CompletableFuture<Boolean> hungUp = new CompletableFuture<>();
        start(vertx, AgiServer.builder().handler("mid", s -> s.getData("beep", Duration.ofSeconds(10), 4)
                .onSuccess(r -> {
                    reply.complete(r);
                    hungUp.complete(s.isHungUp());
                })
                .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("mid")
                        .onPrefix("GET DATA")
                        .reply("HANGUP", "200 result=-1")
                        .build(),
                server);

        assertThat(reply.get(1, TimeUnit.SECONDS).resultAsInt(0)).isEqualTo(-1);
        assertThat(hungUp.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(o.commands()).hasSize(1);
    }

    @Test
    void marksTheSessionHungUpWhenHangupArrivesWhileIdle(Vertx vertx) throws Exception {
        CompletableFuture<AgiSession> session = new CompletableFuture<>();
        Promise<Void> done = Promise.promise();
        start(vertx, AgiServer.builder().handler("idle", s -> {
            session.complete(s);
            return done.future();
        }));
        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("idle")
                .on("NOOP")
                .reply("200 result=0")
                .build()
                .connect(vertx, server.actualPort());
        AgiSession s = session.get(5, TimeUnit.SECONDS);

        call.hangup();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(s::isHungUp);
        AgiReply noop = await(s.send("NOOP"));
        Throwable refused = await(s.answer().<Throwable>map(r -> null).otherwise(t -> t));
        vertx.runOnContext(v -> done.complete());
        FakeAsteriskAgi.Outcome o = await(call.outcome());

        assertThat(noop.isSuccess()).isTrue();
        assertThat(refused).isInstanceOf(AgiHangupException.class);
        assertThat(o.commands()).as("no status is set on a dead channel").containsExactly("NOOP");
    }

    @Test
    void closesAConnectionThatNeverSendsItsEnvironment(Vertx vertx) throws Exception {
        start(vertx, AgiServer.builder().defaultCommandTimeout(Duration.ofMillis(200)));

        Promise<Void> closed = Promise.promise();
        await(vertx.createNetClient().connect(server.actualPort(), "127.0.0.1"))
                .closeHandler(v -> closed.tryComplete());
        await(closed.future());

        AgiTranscriptReplayTest.awaitNoActiveSessions(server);
        assertThat(server.stats().protocolErrors()).isEqualTo(1);
    }

    @Test
    void closesTheConnectionOnAReplyNobodyAskedFor(Vertx vertx) throws Exception {
        Promise<Void> done = Promise.promise();
        start(vertx, AgiServer.builder().handler("x", s -> done.future()));
        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("x").build().connect(vertx, server.actualPort());

        call.send(List.of("200 result=0"));
        FakeAsteriskAgi.Outcome o = await(call.outcome());

        assertThat(o.commands()).isEmpty();
        assertThat(server.stats().protocolErrors()).isEqualTo(1);
    }

    @Test
    void returns510And520RepliesToTheCaller(Vertx vertx) throws Exception {
        List<AgiReply> replies = new ArrayList<>();
        start(vertx, AgiServer.builder().handler("bad", s -> s.send("FOO BAR")
                .compose(r -> {
                    replies.add(r);
                    return s.send("GET DATA");
                })
                .compose(r -> {
                    replies.add(r);
                    return s.getVariable("X");
                })
                .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("bad")
                        .on("FOO BAR")
                        .reply("510 Invalid or unknown command")
                        .on("GET DATA")
                        .reply(
                                "520-Invalid command syntax.  Proper usage follows:",
                                "Stream the given <replaceable>file</replaceable>, and receive DTMF data.",
                                "520 End of proper usage.")
                        .on("GET VARIABLE \"X\"")
                        .reply("520 Invalid command syntax.  Proper usage not available.")
                        .build(),
                server);

        assertThat(replies).extracting(AgiReply::status).containsExactly(510, 520);
        assertThat(replies.get(1).usage()).contains("receive DTMF data");
        assertThat(o.commands()).last().isEqualTo(STATUS + "\"FAILED\"");
    }

    @Test
    void endsTheSessionWhenACommandTimesOut(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> queued = new CompletableFuture<>();
        start(
                vertx,
                AgiServer.builder()
                        .defaultCommandTimeout(Duration.ofMillis(200))
                        .handler("slow", s -> {
                            s.send("NOOP").onFailure(queued::complete);
                            return Future.<Void>succeededFuture().compose(v -> AgiTranscriptReplayTest.<Void>never());
                        }));

        FakeAsteriskAgi.Outcome o =
                play(vertx, FakeAsteriskAgi.call("slow").on("NOOP").noReply().build(), server);

        assertThat(queued.get(1, TimeUnit.SECONDS)).isInstanceOf(AgiCommandTimeoutException.class);
        assertThat(o.serverHalfClosed()).isTrue();
        assertThat(server.stats().commandTimeouts()).isEqualTo(1);
    }

    @Test
    void timesOutAShortCommandOnTimeAfterALongOneWasAnswered(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        start(vertx, AgiServer.builder().handler("mixed", s -> s.send("NOOP", Duration.ofSeconds(60))
                .compose(r -> s.send("VERBOSE \"hi\" 1", Duration.ofMillis(200)))
                .onFailure(failure::complete)
                .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("mixed")
                        .on("NOOP")
                        .reply("200 result=0")
                        .onPrefix("VERBOSE")
                        .noReply()
                        .build(),
                server);

        // The session's reply timer was due in 60 s; the 200 ms command must bring it forward.
        assertThat(failure.get(2, TimeUnit.SECONDS)).isInstanceOf(AgiCommandTimeoutException.class);
        assertThat(o.serverHalfClosed()).isTrue();
        assertThat(server.stats().commandTimeouts()).isEqualTo(1);
    }

    @Test
    void timesOutALaterCommandNoSoonerThanItsOwnDeadline(Vertx vertx) throws Exception {
        CompletableFuture<Long> sentAt = new CompletableFuture<>();
        CompletableFuture<Long> failedAt = new CompletableFuture<>();
        start(
                vertx,
                AgiServer.builder()
                        .defaultCommandTimeout(Duration.ofMillis(300))
                        .handler("late", s -> s.send("NOOP")
                                .compose(r -> {
                                    // The first command armed the timer for its own deadline; this one is sent 150 ms
                                    // later, so that timer must re-arm instead of ending the call early.
                                    Promise<AgiReply> second = Promise.promise();
                                    vertx.setTimer(150, id -> {
                                        sentAt.complete(System.nanoTime());
                                        s.send("VERBOSE \"hi\" 1").onComplete(second);
                                    });
                                    return second.future();
                                })
                                .onFailure(t -> failedAt.complete(
                                        t instanceof AgiCommandTimeoutException ? System.nanoTime() : -1L))
                                .mapEmpty()));

        play(
                vertx,
                FakeAsteriskAgi.call("late")
                        .on("NOOP")
                        .reply("200 result=0")
                        .onPrefix("VERBOSE")
                        .noReply()
                        .build(),
                server);

        long waited = failedAt.get(2, TimeUnit.SECONDS) - sentAt.get(2, TimeUnit.SECONDS);
        assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(server.stats().commandTimeouts()).isEqualTo(1);
    }

    @Test
    void endsTheSessionWhenItExceedsItsMaximumDuration(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        start(
                vertx,
                AgiServer.builder().maxSessionDuration(Duration.ofMillis(300)).handler("long", s -> s.waitForDigit(
                                Duration.ofSeconds(30))
                        .onFailure(failure::complete)
                        .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("long")
                        .onPrefix("WAIT FOR DIGIT")
                        .noReply()
                        .build(),
                server);

        assertThat(failure.get(1, TimeUnit.SECONDS)).isInstanceOf(AgiSessionTimeoutException.class);
        assertThat(o.serverHalfClosed()).isTrue();
        AgiTranscriptReplayTest.awaitNoActiveSessions(server);
    }

    @Test
    void failsPendingCommandsWhenAsteriskClosesTheConnection(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Throwable> after = new CompletableFuture<>();
        start(vertx, AgiServer.builder().handler("crash", s -> s.answer()
                .compose(r -> s.streamFile("long-prompt", ""))
                .onFailure(t -> {
                    failure.complete(t);
                    s.send("NOOP").onFailure(after::complete);
                })
                .mapEmpty()));

        play(
                vertx,
                FakeAsteriskAgi.call("crash")
                        .on("ANSWER")
                        .replyAndClose("200 result=0")
                        .build(),
                server);

        assertThat(failure.get(2, TimeUnit.SECONDS))
                .isInstanceOf(AgiHangupException.class)
                .hasMessageContaining("closed");
        assertThat(after.get(1, TimeUnit.SECONDS)).isInstanceOf(AgiHangupException.class);
        AgiTranscriptReplayTest.awaitNoActiveSessions(server);
    }

    @Test
    void closesTheConnectionOnMalformedInput(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        start(vertx, AgiServer.builder().handler("garbage", s -> s.answer()
                .onFailure(failure::complete)
                .mapEmpty()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("garbage").on("ANSWER").reply("<html>").build(),
                server);

        assertThat(failure.get(1, TimeUnit.SECONDS)).isInstanceOf(AgiProtocolException.class);
        assertThat(o.commands()).containsExactly("ANSWER");
        AgiTranscriptReplayTest.awaitNoActiveSessions(server);
        assertThat(server.stats().protocolErrors()).isEqualTo(1);
    }

    @Test
    void closesAConnectionThatSendsAnOverLongLine(Vertx vertx) throws Exception {
        start(vertx, AgiServer.builder().maxLineLength(256).handler("x", s -> Future.succeededFuture()));

        FakeAsteriskAgi.Outcome o = play(
                vertx,
                FakeAsteriskAgi.call("x").env("calleridname", "x".repeat(1000)).build(),
                server);

        assertThat(o.commands()).isEmpty();
        AgiTranscriptReplayTest.awaitNoActiveSessions(server);
        assertThat(server.stats().protocolErrors()).isEqualTo(1);
    }

    @Test
    void refusesCallsBeyondTheMaximumWithBusy(Vertx vertx) throws Exception {
        Promise<Void> release = Promise.promise();
        start(vertx, AgiServer.builder().maxConcurrentSessions(1).handler("hold", s -> s.answer()
                .compose(r -> release.future())));

        FakeAsteriskAgi.Call first = FakeAsteriskAgi.call("hold")
                .on("ANSWER")
                .reply("200 result=0")
                .build()
                .connect(vertx, server.actualPort());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> first.commands().size() == 1);
        FakeAsteriskAgi.Outcome second =
                play(vertx, FakeAsteriskAgi.call("hold").build(), server);
        vertx.runOnContext(v -> release.complete());
        FakeAsteriskAgi.Outcome firstOutcome = await(first.outcome());

        assertThat(second.commands()).containsExactly(STATUS + "\"BUSY\"");
        assertThat(firstOutcome.commands()).containsExactly("ANSWER", STATUS + "\"SUCCESS\"");
        assertThat(server.stats().refusedSessions()).isEqualTo(1);
        assertThat(server.stats().totalSessions()).isEqualTo(2);
    }

    @Test
    void shutdownLetsLiveCallsFinishAndRefusesNewConnections(Vertx vertx) throws Exception {
        Promise<Void> release = Promise.promise();
        start(vertx, AgiServer.builder().handler("live", s -> s.answer()
                .compose(r -> release.future())
                .compose(v -> s.streamFile("goodbye", ""))
                .mapEmpty()));
        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("live")
                .on("ANSWER")
                .reply("200 result=0")
                .on("STREAM FILE \"goodbye\" \"\"")
                .reply("200 result=0")
                .build()
                .connect(vertx, server.actualPort());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> call.commands().size() == 1);
        int port = server.actualPort();

        Future<Void> shutdown = server.shutdown(Duration.ofSeconds(5));
        // The listener closes asynchronously: within a short bound, while the live call is still held, a new
        // connection must be refused.
        var client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(1000));
        Throwable refused = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(
                        () -> client.connect(port, "127.0.0.1")
                                .compose(so -> so.close().map(v -> (Throwable) null))
                                .toCompletionStage()
                                .toCompletableFuture()
                                .handle((v, t) -> t)
                                .get(5, TimeUnit.SECONDS),
                        t -> t != null);
        assertThat(call.outcome().isComplete())
                .as("live call still in progress")
                .isFalse();
        vertx.runOnContext(v -> release.complete());
        FakeAsteriskAgi.Outcome o = await(call.outcome());
        await(shutdown);

        assertThat(refused).as("new connection refused").isNotNull();
        assertThat(o.commands()).containsExactly("ANSWER", "STREAM FILE \"goodbye\" \"\"", STATUS + "\"SUCCESS\"");
        assertThat(server.stats().activeSessions()).isZero();
        server = null;
    }

    @Test
    void shutdownClosesCallsStillLiveAtTheDeadline(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        start(vertx, AgiServer.builder().handler("stuck", s -> s.answer()
                .compose(r -> s.waitForDigit(Duration.ofSeconds(60)))
                .onFailure(failure::complete)
                .mapEmpty()));
        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("stuck")
                .on("ANSWER")
                .reply("200 result=0")
                .onPrefix("WAIT FOR DIGIT")
                .noReply()
                .build()
                .connect(vertx, server.actualPort());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> call.commands().size() == 2);

        await(server.shutdown(Duration.ofMillis(200)));
        await(call.outcome());

        assertThat(failure.get(1, TimeUnit.SECONDS))
                .isInstanceOf(AgiHangupException.class)
                .hasMessageContaining("shut down");
        assertThat(server.stats().activeSessions()).isZero();
        server = null;
    }

    @Test
    void rejectsCommandLinesWithLineBreaks(Vertx vertx) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        start(vertx, AgiServer.builder().reportSuccess(false).handler("inject", s -> s.send("VERBOSE \"x\"\rHANGUP")
                .onFailure(failure::complete)
                .<Void>mapEmpty()
                .recover(t -> Future.succeededFuture())));

        FakeAsteriskAgi.Outcome o = play(vertx, FakeAsteriskAgi.call("inject").build(), server);

        assertThat(failure.get(1, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThat(o.commands()).isEmpty();
    }

    @Test
    void spreadsConnectionsOverTheConfiguredEventLoops(Vertx vertx) throws Exception {
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        start(vertx, AgiServer.builder().eventLoops(2).handler("t", s -> {
            threads.add(Thread.currentThread().getName());
            return s.answer().mapEmpty();
        }));

        List<Future<FakeAsteriskAgi.Outcome>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(FakeAsteriskAgi.call("t")
                    .on("ANSWER")
                    .reply("200 result=0")
                    .build()
                    .connect(vertx, server.actualPort())
                    .outcome());
        }
        for (Future<FakeAsteriskAgi.Outcome> c : calls) {
            assertThat(await(c).commands()).containsExactly("ANSWER", STATUS + "\"SUCCESS\"");
        }

        assertThat(threads).hasSize(2);
        assertThat(server.stats().totalSessions()).isEqualTo(4);
    }

    @Test
    void acceptsCommandsFromAnotherThread(Vertx vertx) throws Exception {
        CompletableFuture<AgiSession> session = new CompletableFuture<>();
        Promise<Void> done = Promise.promise();
        start(vertx, AgiServer.builder().reportSuccess(false).handler("threads", s -> {
            session.complete(s);
            return done.future();
        }));
        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("threads")
                .on("ANSWER")
                .reply("200 result=0")
                .build()
                .connect(vertx, server.actualPort());

        AgiReply reply = await(session.get(5, TimeUnit.SECONDS).answer());
        vertx.runOnContext(v -> done.complete());

        assertThat(reply.isSuccess()).isTrue();
        assertThat(await(call.outcome()).commands()).containsExactly("ANSWER");
    }
}
