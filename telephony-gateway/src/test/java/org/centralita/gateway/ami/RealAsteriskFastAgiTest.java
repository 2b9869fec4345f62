package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.centralita.gateway.ami.AmiTestSupport.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.agi.AgiSession;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.testing.RealAsterisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opt-in: FastAGI end to end against a real Asterisk (docs/asterisk.md). Asterisk runs
 * {@code AGI(agi://${CENTRALITA_AGI}/<script>)} in {@code [ivr-test]} on the {@code ;1} half of a Local channel whose
 * {@code ;2} half, in {@code [caller-sim]}, answers and sends DTMF; the script runs on our {@link AgiServer}, which
 * listens on an ephemeral port that the test points the dialplan global {@code CENTRALITA_AGI} at.
 */
@ExtendWith(VertxExtension.class)
@EnabledIfEnvironmentVariable(named = RealAsterisk.AMI_ENV, matches = ".+:\\d+")
@EnabledIfEnvironmentVariable(named = RealAsterisk.USER_ENV, matches = ".+")
@EnabledIfEnvironmentVariable(named = RealAsterisk.SECRET_ENV, matches = ".*")
class RealAsteriskFastAgiTest {
    private AmiClient client;
    private AmiCallControl calls;
    private AgiServer agi;
    private final List<AmiEvent> amiEvents = new CopyOnWriteArrayList<>();
    private final List<CallEvent> callEvents = new CopyOnWriteArrayList<>();

    // What the scripts saw, completed by the handlers.
    private final Promise<List<AgiReply>> menu = Promise.promise();
    private final Promise<String> menuVariableSeenByAmi = Promise.promise();
    private final Promise<AgiReply> callerHungUpDuringGetData = Promise.promise();
    private final Promise<Throwable> commandAfterCallerHangup = Promise.promise();
    private final Promise<AgiReply> ourHangup = Promise.promise();
    private final Promise<Throwable> commandAfterOurHangup = Promise.promise();

    @BeforeEach
    void start(Vertx vertx) {
        client = RealAsterisk.client(vertx).build();
        calls = AmiCallControl.create(client);
        client.onEvent(amiEvents::add);
        calls.onEvent(callEvents::add);
        await(client.connect());
        agi = await(AgiServer.builder()
                .host(RealAsterisk.agiHost())
                .port(0)
                .defaultCommandTimeout(Duration.ofSeconds(30))
                .handler("e2e-menu", this::menu)
                .handler("e2e-caller-hangup", this::callerHangsUp)
                .handler("e2e-our-hangup", this::weHangUp)
                .handler("e2e-burst", this::burst)
                .build()
                .start(vertx));
        await(RealAsterisk.pointFastAgiAt(client, agi.actualPort()));
    }

    @AfterEach
    void stop() {
        await(agi.shutdown(Duration.ofSeconds(2)));
        await(client.close());
    }

    /** Answer, a prompt the caller interrupts, GET DATA, SET VARIABLE read back over AGI and AMI; returns. */
    private Future<Void> menu(AgiSession s) {
        List<AgiReply> replies = new ArrayList<>();
        return s.answer()
                .compose(r -> {
                    replies.add(r);
                    return s.streamFile("demo-congrats", "0123456789*#");
                })
                .compose(r -> {
                    replies.add(r);
                    return s.getData("beep", Duration.ofSeconds(8), 4);
                })
                .compose(r -> {
                    replies.add(r);
                    return s.setVariable("E2E_RESULT", "digits-" + r.result());
                })
                .compose(r -> {
                    replies.add(r);
                    return calls.getVar(s.request().channel(), "E2E_RESULT");
                })
                .compose(v -> {
                    menuVariableSeenByAmi.tryComplete(v.orElse("<unset>"));
                    menu.tryComplete(replies);
                    return Future.<Void>succeededFuture();
                })
                .onFailure(menu::tryFail);
    }

    /** GET DATA while the caller hangs up: the reply, then the next command must fail fast with a hang-up. */
    private Future<Void> callerHangsUp(AgiSession s) {
        return s.answer()
                .compose(r -> s.getData("beep", Duration.ofSeconds(20), 10))
                .compose(r -> {
                    callerHungUpDuringGetData.tryComplete(r);
                    return s.streamFile("demo-congrats", "");
                })
                .<Void>mapEmpty()
                .recover(e -> {
                    callerHungUpDuringGetData.tryFail(e);
                    commandAfterCallerHangup.tryComplete(e);
                    return Future.failedFuture(e);
                });
    }

    /** We hang up: {@code 200 result=1}; a later command fails fast with a hang-up. */
    private Future<Void> weHangUp(AgiSession s) {
        return s.answer()
                .compose(r -> s.hangup())
                .compose(r -> {
                    ourHangup.tryComplete(r);
                    return s.streamFile("beep", "");
                })
                .<Void>mapEmpty()
                .recover(e -> {
                    commandAfterOurHangup.tryComplete(e);
                    return Future.failedFuture(e);
                });
    }

    /** A short script for the burst: a prompt, then a variable set and read back, unique to the call. */
    private Future<Void> burst(AgiSession s) {
        String mine = "burst-" + s.request().uniqueId();
        return s.answer()
                .compose(r -> s.streamFile("beep", ""))
                .compose(r -> s.setVariable("E2E_RESULT", mine))
                .compose(r -> s.getVariable("E2E_RESULT"))
                .compose(v -> mine.equals(v.orElse(""))
                        ? Future.<Void>succeededFuture()
                        : Future.<Void>failedFuture(new AssertionError("read back " + v + ", wanted " + mine)));
    }

    private OriginateRequest caller(String callId, String script, Map<String, String> vars) {
        return new OriginateRequest(
                callId,
                "Local/s@caller-sim",
                "ivr-test",
                script,
                1,
                "\"Sim Caller\" <5551234>",
                Duration.ofSeconds(30),
                vars);
    }

    private AmiEvent awaitUserEvent(String name, String channel) {
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> userEvent(name, channel) != null);
        return userEvent(name, channel);
    }

    private AmiEvent userEvent(String name, String channel) {
        return amiEvents.stream()
                .filter(e -> e.is("UserEvent") && name.equals(e.get("UserEvent")) && channel.equals(e.channel()))
                .findFirst()
                .orElse(null);
    }

    @Test
    void menuScriptAnswersIsInterruptedByADigitReadsDigitsAndSetsAVariableTheDialplanSees() {
        var call = await(calls.originate(caller(
                "e2e-menu", "e2e-menu", Map.of("DIGITS", "1234#", "PREWAIT", "2", "DTMFGAP", "400", "HOLDSEC", "15"))));
        assertThat(call.outcome()).isEqualTo(CallOutcome.ANSWERED);

        List<AgiReply> replies = await(menu.future().timeout(20, TimeUnit.SECONDS));
        assertThat(replies.get(0).isSuccess()).as("ANSWER").isTrue();
        AgiReply stream = replies.get(1);
        assertThat(stream.digit())
                .as("STREAM FILE interrupted by the caller's first digit")
                .isEqualTo('1');
        assertThat(stream.endpos()).as("endpos of the interrupted prompt").isPresent();
        assertThat(stream.endpos().getAsLong()).isPositive();
        assertThat(replies.get(2).result()).as("GET DATA, ended by #").isEqualTo("234");
        assertThat(replies.get(3).isSuccess()).as("SET VARIABLE").isTrue();
        assertThat(await(menuVariableSeenByAmi.future())).isEqualTo("digits-234");

        AmiEvent done = awaitUserEvent("AgiDone", call.channel());
        assertThat(done.get("Status")).as("AGISTATUS after the script returned").isEqualTo("SUCCESS");
        assertThat(done.get("Result"))
                .as("the variable, in the dialplan after AGI()")
                .isEqualTo("digits-234");
        assertThat(done.get("Centralita"))
                .as("CENTRALITA_AGISTATUS of a handler that succeeded")
                .isEqualTo("SUCCESS");
    }

    @Test
    void callerHangingUpDuringGetDataEndsItAndTheNextCommandFailsFastWithAHangup() {
        var call = await(calls.originate(caller("e2e-gone", "e2e-caller-hangup", Map.of("HOLDSEC", "2"))));
        assertThat(call.outcome()).isEqualTo(CallOutcome.ANSWERED);

        AgiReply getData = await(callerHungUpDuringGetData.future().timeout(20, TimeUnit.SECONDS));
        assertThat(getData.result()).as("GET DATA on a channel that hung up").isEqualTo("-1");
        assertThat(await(commandAfterCallerHangup.future().timeout(10, TimeUnit.SECONDS)))
                .isInstanceOf(AgiHangupException.class);
        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                        agi.stats().activeSessions())
                .as("session freed")
                .isZero());
        assertThat(agi.stats().protocolErrors()).isZero();
    }

    @Test
    void scriptHangingUpEndsTheCallAndLaterCommandsFailFast() {
        var call = await(calls.originate(caller("e2e-hup", "e2e-our-hangup", Map.of("HOLDSEC", "20"))));
        assertThat(call.outcome()).isEqualTo(CallOutcome.ANSWERED);

        assertThat(await(ourHangup.future().timeout(20, TimeUnit.SECONDS)).result())
                .isEqualTo("1");
        assertThat(await(commandAfterOurHangup.future().timeout(10, TimeUnit.SECONDS)))
                .isInstanceOf(AgiHangupException.class);
        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(callEvents)
                .filteredOn(CallEvent.ChannelHangup.class::isInstance)
                .map(e -> ((CallEvent.ChannelHangup) e).channel())
                .contains(call.channel()));
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(agi.stats().activeSessions()).isZero());
        assertThat(userEvent("AgiDone", call.channel()))
                .as("the dialplan does not go on after AGI hung up the channel")
                .isNull();
    }

    @Test
    void fortySimultaneousCallsEachRunTheirOwnScriptWithoutAProtocolError() {
        int n = 40;
        List<Future<OriginateResult>> originates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            originates.add(calls.originate(caller("e2e-burst-" + i, "e2e-burst", Map.of("HOLDSEC", "10"))));
        }
        List<OriginateResult> answered = new ArrayList<>();
        for (Future<OriginateResult> f : originates) {
            OriginateResult r = await(f);
            assertThat(r.outcome()).isEqualTo(CallOutcome.ANSWERED);
            answered.add(r);
        }

        for (OriginateResult call : answered) {
            AmiEvent done = awaitUserEvent("AgiDone", call.channel());
            assertThat(done.get("Status")).isEqualTo("SUCCESS");
            assertThat(done.get("Centralita")).isEqualTo("SUCCESS");
            assertThat(done.get("Result"))
                    .as("each script read back its own variable")
                    .isEqualTo("burst-" + call.uniqueId());
        }
        assertThat(agi.stats().totalSessions()).isEqualTo(n);
        assertThat(agi.stats().failures()).isZero();
    }

    @Test
    void unknownScriptReturnsTheCallToTheDialplanWithNotFound() {
        var call = await(calls.originate(caller("e2e-404", "no-such-script", Map.of("HOLDSEC", "10"))));
        assertThat(call.outcome()).isEqualTo(CallOutcome.ANSWERED);

        AmiEvent done = awaitUserEvent("AgiDone", call.channel());
        assertThat(done.get("Centralita")).isEqualTo("NOT_FOUND");
        assertThat(agi.stats().notFoundSessions()).isEqualTo(1);
    }
}
