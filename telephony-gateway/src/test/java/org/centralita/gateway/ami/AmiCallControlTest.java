package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.centralita.gateway.ami.AmiTestSupport.await;
import static org.centralita.gateway.ami.AmiTestSupport.awaitFailure;
import static org.centralita.gateway.ami.AmiTestSupport.client;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.testing.AmiTranscript;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.centralita.gateway.testing.FakeAsteriskAmi.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
class AmiCallControlTest {
    private FakeAsteriskAmi fake;
    private AmiClient client;
    private AmiCallControl calls;
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(Vertx vertx) {
        fake = await(FakeAsteriskAmi.start(vertx));
        client = client(vertx, fake).build();
        calls = AmiCallControl.create(client);
        calls.onEvent(events::add);
    }

    @AfterEach
    void stop() {
        await(client.close());
        fake.close();
    }

    private static OriginateRequest request(String callId, String destination) {
        var vars = new LinkedHashMap<String, String>();
        vars.put("CAMPAIGN", "spring");
        vars.put("CONTACT", "42");
        return new OriginateRequest(
                callId, destination, "test-misc", "park", 1, "\"Encuestas\" <910000000>", Duration.ofSeconds(25), vars);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void answeredOriginateCompletesWithTheAnsweredChannelWhateverTheOrderOfOriginateResponseAndNewstate(
            boolean responseFirst) {
        fake.originateResponseBeforeUp(responseFirst);
        await(client.connect());

        OriginateResult result = await(calls.originate(request("c-1", "Local/s@customer-sim")));

        assertThat(result.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(result.callId()).isEqualTo("c-1");
        assertThat(result.reason()).isEqualTo(4);
        assertThat(result.channel()).startsWith("Local/s@customer-sim-").endsWith(";1");
        assertThat(result.uniqueId())
                .isEqualTo(fake.channels().get(result.channel()).get("Uniqueid"));
        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.ChannelState.class::isInstance)
                .map(e -> (CallEvent.ChannelState) e)
                .anyMatch(e -> e.channel().equals(result.channel()) && e.state().equals("Up")));
    }

    @ParameterizedTest
    @CsvSource({"BUSY,BUSY,5", "NO_ANSWER,NO_ANSWER,3", "CONGESTION,CONGESTION,8", "FAILED,FAILED,0"})
    void failedOriginateCompletesWithTheOutcomeOfItsReasonCode(Outcome scripted, CallOutcome expected, int reason) {
        fake.onOriginate("Local/x@customer-sim", scripted);
        await(client.connect());

        OriginateResult result = await(calls.originate(request("c-2", "Local/x@customer-sim")));

        assertThat(result.outcome()).isEqualTo(expected);
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.uniqueId()).isEmpty();
        assertThat(result.channel()).isEmpty();
        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.ChannelHangup.class::isInstance)
                .hasSize(2));
    }

    @ParameterizedTest
    @CsvSource({"17,BUSY", "19,NO_ANSWER", "18,NO_ANSWER", "34,CONGESTION", "21,FAILED", "0,FAILED"})
    void genericOriginateFailureTakesItsOutcomeFromTheHangupCauseThatFollows(int cause, CallOutcome expected) {
        fake.onOriginateHangup("PJSIP/600@trunk", cause);
        await(client.connect());

        OriginateResult result = await(calls.originate(request("c-h", "PJSIP/600@trunk")));

        assertThat(result.outcome()).isEqualTo(expected);
        assertThat(result.reason()).isEqualTo(1);
        assertThat(result.uniqueId()).isEmpty();
    }

    @Test
    void originateSendsVariablesCallerIdTimeoutAndAnActionIdBuiltFromTheCallId() {
        await(client.connect());

        await(calls.originate(request("call-77", "Local/s@customer-sim")));

        var sent = fake.receivedActions("Originate").get(0);
        assertThat(sent.get("ActionID")).startsWith("call-77-");
        assertThat(sent.get("Channel")).isEqualTo("Local/s@customer-sim");
        assertThat(sent.get("Context")).isEqualTo("test-misc");
        assertThat(sent.get("Exten")).isEqualTo("park");
        assertThat(sent.get("Priority")).isEqualTo("1");
        assertThat(sent.get("CallerID")).isEqualTo("\"Encuestas\" <910000000>");
        assertThat(sent.get("Timeout")).isEqualTo("25000");
        assertThat(sent.get("Async")).isEqualTo("true");
        assertThat(sent.getAll("Variable"))
                .containsExactly(
                        "CAMPAIGN=spring",
                        "CONTACT=42",
                        AmiCallControl.CORRELATION_VARIABLE + "=" + sent.get("ActionID"));
    }

    @Test
    void manyConcurrentOriginatesAreEachCorrelatedToTheirOwnOutcome() {
        fake.onOriginate("Local/busy@customer-sim", Outcome.BUSY);
        await(client.connect());

        var answered = calls.originate(request("a", "Local/s@customer-sim"));
        var busy = calls.originate(request("b", "Local/busy@customer-sim"));
        var answered2 = calls.originate(request("c", "Local/s@customer-sim"));

        assertThat(await(answered).outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(await(busy).outcome()).isEqualTo(CallOutcome.BUSY);
        assertThat(await(answered2).outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(await(answered).channel()).isNotEqualTo(await(answered2).channel());
    }

    @Test
    void originateWhileDisconnectedFailsFastWithoutSendingAnything() {
        Throwable err = awaitFailure(calls.originate(request("c-3", "Local/s@customer-sim")));

        assertThat(err).isInstanceOf(AmiNotConnectedException.class).hasMessageContaining("c-3");
        assertThat(fake.receivedActions()).isEmpty();
    }

    @Test
    void originateRejectedByAsteriskFailsAndTheConnectionStaysUsable() {
        fake.deny("Originate");
        await(client.connect());

        Throwable err = awaitFailure(calls.originate(request("c-4", "Local/s@customer-sim")));

        assertThat(err).isInstanceOf(AmiActionException.class).hasMessageContaining("Permission denied");
        assertThat(client.isConnected()).isTrue();
        assertThat(await(client.send(AmiAction.of("Ping"))).get("Ping")).isEqualTo("Pong");
    }

    @Test
    void connectionLostWhileRingingFailsTheOriginateAsOutcomeUnknownAndPublishesTheDisconnect() {
        fake.defaultOutcome(Outcome.RING_FOREVER);
        await(client.connect());
        var ringing = calls.originate(request("c-5", "Local/s@customer-sim"));
        Awaitility.await().until(() -> fake.receivedActions("Originate").size() == 1);

        fake.dropConnections();

        assertThat(awaitFailure(ringing))
                .isInstanceOf(AmiNotConnectedException.class)
                .hasMessageContaining("outcome unknown");
        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.ConnectionChanged.class::isInstance)
                .map(e -> ((CallEvent.ConnectionChanged) e).connected())
                .containsSubsequence(true, false, true));
    }

    @Test
    void getVarReturnsTheValueAndEmptyForAnUnsetVariable() {
        await(client.connect());
        OriginateResult call = await(calls.originate(request("c-6", "Local/s@customer-sim")));

        assertThat(await(calls.getVar(call.channel(), "CAMPAIGN"))).contains("spring");
        assertThat(await(calls.getVar(call.channel(), "NOSUCHVAR"))).isEmpty();
        await(calls.setVar(call.channel(), "AGENT", "agent-42"));
        assertThat(await(calls.getVar(call.channel(), "AGENT"))).isEqualTo(Optional.of("agent-42"));
    }

    @Test
    void actionsOnAnUnknownChannelFailWithNoSuchChannel() {
        await(client.connect());

        for (var f : List.of(
                calls.getVar("Local/nosuch-00000000;1", "X"),
                calls.setVar("Local/nosuch-00000000;1", "X", "1"),
                calls.hangup("Local/nosuch-00000000;1", 16),
                calls.redirect("Local/nosuch-00000000;1", "ctx", "s", 1),
                calls.bridge("Local/nosuch-00000000;1", "Local/nosuch-00000001;1"))) {
            assertThat(awaitFailure(f))
                    .isInstanceOfSatisfying(AmiNoSuchChannelException.class, e -> assertThat(e.channel())
                            .startsWith("Local/nosuch-00000000;1"));
        }
    }

    @Test
    void hangupWithCauseEmitsChannelHangupEventsWithThatCause() {
        await(client.connect());
        OriginateResult call = await(calls.originate(request("c-7", "Local/s@customer-sim")));

        await(calls.hangup(call.channel(), 16));

        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.ChannelHangup.class::isInstance)
                .map(e -> (CallEvent.ChannelHangup) e)
                .anyMatch(e -> e.uniqueId().equals(call.uniqueId())
                        && e.cause() == 16
                        && e.causeText().equals("Normal Clearing")));
        Awaitility.await().until(() -> client.channel(call.uniqueId()).isEmpty());
    }

    @Test
    void bridgeEmitsBridgedWithBothChannels() {
        await(client.connect());
        OriginateResult a = await(calls.originate(request("c-8", "Local/s@customer-sim")));
        OriginateResult b = await(calls.originate(request("c-9", "Local/s@customer-sim")));

        await(calls.bridge(a.channel(), b.channel()));

        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.Bridged.class::isInstance)
                .map(e -> (CallEvent.Bridged) e)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.channel1()).isEqualTo(a.channel());
                    assertThat(e.channel2()).isEqualTo(b.channel());
                    assertThat(e.bridgeId()).isNotBlank();
                }));
    }

    @Test
    void redirectSucceedsOnALiveChannel() {
        await(client.connect());
        OriginateResult call = await(calls.originate(request("c-10", "Local/s@customer-sim")));

        await(calls.redirect(call.channel(), "test-misc", "echo", 1));

        var sent = fake.receivedActions("Redirect").get(0);
        assertThat(sent.get("Channel")).isEqualTo(call.channel());
        assertThat(sent.get("Exten")).isEqualTo("echo");
    }

    @Test
    void rejectsBlankArgumentsAtOnce() {
        assertThatThrownBy(() -> calls.hangup(" ", 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calls.getVar("Local/x;1", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calls.redirect("Local/x;1", "ctx", "s", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"amd-human,true,HUMAN-801-800", "amd-machine,false,LONGGREETING-1500-1500"})
    void answeringMachineDetectionIsReportedOnceFromVarSetAndUserEvent(
            String transcript, boolean human, String cause, Vertx vertx) {
        AmiTranscript t = AmiTranscript.load(transcript);
        FakeAsteriskAmi replay = await(FakeAsteriskAmi.start(vertx)).replay(t);
        AmiClient c = client(vertx, replay).build();
        AmiCallControl cc = AmiCallControl.create(c);
        List<CallEvent> seen = new CopyOnWriteArrayList<>();
        cc.onEvent(seen::add);
        await(c.connect());

        OriginateResult result =
                await(cc.originate(AmiTestSupport.requestFrom(t.clientActions().get(1), "amd")));
        await(c.close());

        var amd = seen.stream()
                .filter(CallEvent.AmdDetected.class::isInstance)
                .map(e -> (CallEvent.AmdDetected) e)
                .toList();
        assertThat(amd).singleElement().satisfies(e -> {
            assertThat(e.human()).isEqualTo(human);
            assertThat(e.cause()).isEqualTo(cause);
            assertThat(e.uniqueId()).isEqualTo(result.uniqueId());
            assertThat(e.channel()).isEqualTo(result.channel());
        });
        assertThat(replay.mismatches()).isEmpty();
        replay.close();
    }

    @ParameterizedTest
    @CsvSource({"ANSWERED_BY_HUMAN,true", "ANSWERED_BY_MACHINE,false"})
    void scriptedAnsweringMachineDetectionReachesTheDialerOnce(Outcome outcome, boolean human) {
        fake.defaultOutcome(outcome);
        await(client.connect());

        OriginateResult call = await(calls.originate(request("c-amd", "Local/s@customer-sim")));

        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.AmdDetected.class::isInstance)
                .map(e -> (CallEvent.AmdDetected) e)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.human()).isEqualTo(human);
                    assertThat(e.channel()).isEqualTo(call.channel());
                }));
    }

    @Test
    void personHangingUpDuringAmdIsNoVerdictOnlyTheHangupReachesTheDialer() {
        // Real Asterisk 22: AMD() sets AMDSTATUS=HANGUP and an empty AMDCAUSE, then the channel hangs up.
        fake.defaultOutcome(Outcome.HUNG_UP_DURING_AMD);
        await(client.connect());

        OriginateResult call = await(calls.originate(request("c-amd-gone", "Local/s@customer-sim")));

        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.ChannelHangup.class::isInstance)
                .map(e -> ((CallEvent.ChannelHangup) e).channel())
                .contains(call.channel()));
        assertThat(events).noneMatch(CallEvent.AmdDetected.class::isInstance);
    }

    @Test
    void callsRingForTheScriptedTimeAndEndByThemselvesAfterTheTalkTime() {
        fake.ringTime(Duration.ofMillis(150)).talkTime(Duration.ofMillis(100));
        await(client.connect());
        long start = System.nanoTime();

        OriginateResult call = await(calls.originate(request("c-talk", "Local/s@customer-sim")));

        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(call.outcome()).isEqualTo(CallOutcome.ANSWERED);
        Awaitility.await().untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.ChannelHangup.class::isInstance)
                .map(e -> (CallEvent.ChannelHangup) e)
                .anyMatch(e -> e.uniqueId().equals(call.uniqueId()) && e.cause() == 16));
        assertThat(fake.channels()).isEmpty();
    }

    @Test
    void varSetEventsFillTheChannelRegistryVariablesInOrder(Vertx vertx) {
        await(client.connect());
        OriginateResult call = await(calls.originate(request("c-11", "Local/s@customer-sim")));

        Map<String, String> vars = client.channel(call.uniqueId()).orElseThrow().variables();

        // Asterisk sets Originate variables on ;1 in reverse order.
        assertThat(vars.keySet()).containsExactly(AmiCallControl.CORRELATION_VARIABLE, "CONTACT", "CAMPAIGN");
        assertThat(vars).containsEntry("CAMPAIGN", "spring").containsEntry("CONTACT", "42");
    }
}
