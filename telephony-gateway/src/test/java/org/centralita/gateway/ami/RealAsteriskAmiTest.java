package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.centralita.gateway.ami.AmiTestSupport.await;
import static org.centralita.gateway.ami.AmiTestSupport.awaitFailure;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.PingAction;
import org.awaitility.Awaitility;
import org.centralita.gateway.agi.AgiServer;
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
 * Opt-in suite against a real Asterisk: runs only when {@code CENTRALITA_ASTERISK_AMI} (host:port),
 * {@code CENTRALITA_ASTERISK_USER} and {@code CENTRALITA_ASTERISK_SECRET} are set. Needs the dialplan of
 * docs/asterisk/extensions.conf ({@code customer-sim}, {@code test-misc}, {@code caller-sim}, {@code ivr-test}); the
 * DTMF test also starts our FastAGI server on an ephemeral port and points the dialplan global
 * {@code CENTRALITA_AGI} at it.
 */
@ExtendWith(VertxExtension.class)
@EnabledIfEnvironmentVariable(named = "CENTRALITA_ASTERISK_AMI", matches = ".+:\\d+")
@EnabledIfEnvironmentVariable(named = "CENTRALITA_ASTERISK_USER", matches = ".+")
@EnabledIfEnvironmentVariable(named = "CENTRALITA_ASTERISK_SECRET", matches = ".*")
class RealAsteriskAmiTest {
    private AmiClient client;
    private AmiCallControl calls;
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    private static AmiClient.Builder builder(Vertx vertx) {
        return RealAsterisk.client(vertx);
    }

    @BeforeEach
    void connect(Vertx vertx) {
        client = builder(vertx).build();
        calls = AmiCallControl.create(client);
        calls.onEvent(events::add);
        await(client.connect());
    }

    @AfterEach
    void close() {
        await(client.close());
    }

    private static OriginateRequest request(String callId, String destination, Duration ring) {
        return new OriginateRequest(
                callId,
                destination,
                "test-misc",
                "park",
                1,
                "\"Centralita\" <1000>",
                ring,
                Map.of("RINGSEC", "1", "TALKSEC", "30", "CAMPAIGN", "real-suite"));
    }

    @Test
    void pingsAndListsChannelsAsOneEventList() {
        assertThat(await(client.send(new PingAction())).get("Ping")).isEqualTo("Pong");

        AmiResponse list = await(client.send(new CoreShowChannelsAction()));

        assertThat(list.startsEventList()).isTrue();
        assertThat(list.events()).last().satisfies(e -> assertThat(e.completesEventList())
                .isTrue());
    }

    @Test
    void refusesAWrongSecretWithAnAuthenticationError(Vertx vertx) {
        AmiClient wrong = builder(vertx).secret("definitely-not-the-secret").build();

        assertThat(awaitFailure(wrong.connect())).isInstanceOf(AmiAuthenticationException.class);
        await(wrong.close());
    }

    @Test
    void answeredCallCanBeReadWrittenAndHungUpWithACause() {
        OriginateResult call =
                await(calls.originate(request("real-1", "Local/s@customer-sim", Duration.ofSeconds(30))));

        assertThat(call.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(await(calls.getVar(call.channel(), "CAMPAIGN"))).contains("real-suite");
        assertThat(await(calls.getVar(call.channel(), "NOSUCHVAR"))).isEmpty();
        await(calls.setVar(call.channel(), "AGENT", "agent-42"));
        assertThat(await(calls.getVar(call.channel(), "AGENT"))).contains("agent-42");
        assertThat(awaitFailure(calls.getVar("Local/nosuch-00000000;1", "AGENT")))
                .isInstanceOf(AmiNoSuchChannelException.class);
        assertThat(client.channel(call.uniqueId())).isPresent();

        await(calls.hangup(call.channel(), 16));

        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(events)
                .filteredOn(CallEvent.ChannelHangup.class::isInstance)
                .map(e -> (CallEvent.ChannelHangup) e)
                .anyMatch(e -> e.uniqueId().equals(call.uniqueId()) && e.cause() == 16));
    }

    @Test
    void digitsSentByTheCallerArriveAtOurFastAgiServer(Vertx vertx) {
        Promise<String> digits = Promise.promise();
        AgiServer agi = await(AgiServer.builder()
                .host(RealAsterisk.agiHost())
                .port(0)
                .handler("dtmf-check", session -> session.answer()
                        .compose(r -> session.getData("beep", Duration.ofSeconds(10), 4))
                        .compose(r -> {
                            digits.tryComplete(r.result());
                            return session.hangup().<Void>mapEmpty();
                        }))
                .build()
                .start(vertx));
        await(RealAsterisk.pointFastAgiAt(client, agi.actualPort()));
        try {
            var request = new OriginateRequest(
                    "real-dtmf",
                    "Local/s@caller-sim",
                    "ivr-test",
                    "dtmf-check",
                    1,
                    "\"Sim Caller\" <5551234>",
                    Duration.ofSeconds(30),
                    Map.of("DIGITS", "5678", "PREWAIT", "2", "DTMFGAP", "300", "HOLDSEC", "20"));

            assertThat(await(calls.originate(request)).outcome()).isEqualTo(CallOutcome.ANSWERED);
            assertThat(await(digits.future())).isEqualTo("5678");
        } finally {
            await(agi.shutdown(Duration.ofSeconds(2)));
        }
    }

    @Test
    void failedCallsReportBusyCongestionNoAnswerAndFailed() {
        var busy = calls.originate(request("real-busy", "Local/busy@customer-sim", Duration.ofSeconds(30)));
        var congestion = calls.originate(request("real-cong", "Local/congestion@customer-sim", Duration.ofSeconds(30)));
        var noAnswer = calls.originate(request("real-na", "Local/noanswer@customer-sim", Duration.ofSeconds(5)));
        var badContext = calls.originate(request("real-bad", "Local/s@no-such-context", Duration.ofSeconds(30)));

        assertThat(await(busy).outcome()).isEqualTo(CallOutcome.BUSY);
        assertThat(await(congestion).outcome()).isEqualTo(CallOutcome.CONGESTION);
        assertThat(await(noAnswer).outcome()).isEqualTo(CallOutcome.NO_ANSWER);
        assertThat(await(badContext).outcome()).isEqualTo(CallOutcome.FAILED);
    }
}
