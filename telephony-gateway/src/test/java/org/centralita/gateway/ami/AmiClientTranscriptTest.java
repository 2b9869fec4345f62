package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.centralita.gateway.ami.AmiTestSupport.await;
import static org.centralita.gateway.ami.AmiTestSupport.awaitFailure;
import static org.centralita.gateway.ami.AmiTestSupport.client;
import static org.centralita.gateway.ami.AmiTestSupport.originateResponse;
import static org.centralita.gateway.ami.AmiTestSupport.rawAction;
import static org.centralita.gateway.ami.AmiTestSupport.requestFrom;
import static org.centralita.gateway.ami.AmiTestSupport.responseTo;
import static org.centralita.gateway.ami.AmiTestSupport.value;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.testing.AmiTranscript;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every real Asterisk transcript through {@link FakeAsteriskAmi} to the client: the client's actions must
 * match the transcript's C: blocks, and every response, outcome and event must reach the caller.
 */
@ExtendWith(VertxExtension.class)
class AmiClientTranscriptTest {

    static Stream<String> replayable() {
        // login-fail and action-before-login start with something our client never sends; tested below.
        return AmiTranscript.names().stream().filter(n -> !n.equals("login-fail") && !n.equals("action-before-login"));
    }

    private record Call(AmiTranscript.ClientAction action, Future<?> future, boolean viaCallControl) {}

    @ParameterizedTest
    @MethodSource("replayable")
    void replaysTranscriptWithMatchingActionsAndEveryResponseOutcomeAndEventDelivered(String name, Vertx vertx) {
        AmiTranscript t = AmiTranscript.load(name);
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx)).replay(t);
        AmiTranscript.ClientAction login = t.clientActions().get(0);
        AmiClient client = client(vertx, fake)
                .username(login.get("Username"))
                .secret(login.get("Secret"))
                .build();
        AmiCallControl calls = AmiCallControl.create(client);
        List<AmiEvent> events = new CopyOnWriteArrayList<>();
        List<CallEvent> callEvents = new CopyOnWriteArrayList<>();
        client.onEvent(events::add);
        calls.onEvent(callEvents::add);

        await(client.connect());
        var sent = new ArrayList<Call>();
        int n = 0;
        for (AmiTranscript.ClientAction a : t.clientActions()) {
            String action = a.action().toLowerCase(java.util.Locale.ROOT);
            if (action.equals("login") || action.equals("logoff")) {
                continue;
            }
            n++;
            Future<?> f;
            boolean cc = true;
            switch (action) {
                case "originate" -> {
                    if (a.get("Context").isEmpty()) {
                        f = client.send(rawAction(a));
                        cc = false;
                    } else {
                        f = calls.originate(requestFrom(a, "call" + n));
                    }
                }
                case "bridge" -> f = calls.bridge(a.get("Channel1"), a.get("Channel2"));
                case "hangup" ->
                    f = calls.hangup(a.get("Channel"), a.get("Cause").isEmpty() ? 0 : Integer.parseInt(a.get("Cause")));
                case "redirect" ->
                    f = calls.redirect(
                            a.get("Channel"), a.get("Context"), a.get("Exten"), Integer.parseInt(a.get("Priority")));
                case "getvar" -> {
                    if (a.get("Variable").isEmpty()) {
                        f = client.send(rawAction(a));
                        cc = false;
                    } else {
                        f = calls.getVar(a.get("Channel"), a.get("Variable"));
                    }
                }
                case "setvar" -> f = calls.setVar(a.get("Channel"), a.get("Variable"), a.get("Value"));
                default -> {
                    f = client.send(rawAction(a));
                    cc = false;
                }
            }
            sent.add(new Call(a, f, cc));
        }

        var listEvents = new ArrayList<AmiEvent>();
        for (Call call : sent) {
            String id = call.action().get("ActionID");
            if (call.viaCallControl() && call.action().action().equalsIgnoreCase("Originate")) {
                List<String> expected = originateResponse(t, id);
                OriginateResult result = (OriginateResult) await(call.future());
                int reason = Integer.parseInt(value(expected, "Reason"));
                // Independent of the code under test: the Reason codes Asterisk documents and the README lists.
                var byReason = Map.of(
                        4, CallOutcome.ANSWERED,
                        5, CallOutcome.BUSY,
                        3, CallOutcome.NO_ANSWER,
                        8, CallOutcome.CONGESTION,
                        0, CallOutcome.FAILED);
                assertThat(result.outcome()).isEqualTo(byReason.get(reason));
                assertThat(result.reason()).isEqualTo(reason);
                if (result.answered()) {
                    assertThat(result.channel()).isEqualTo(value(expected, "Channel"));
                    assertThat(result.uniqueId()).isEqualTo(value(expected, "Uniqueid"));
                } else {
                    assertThat(result.uniqueId()).isEmpty();
                }
                continue;
            }
            List<String> expected = responseTo(t, id);
            if (value(expected, "Response").equals("Error")) {
                Throwable err = awaitFailure(call.future());
                assertThat(err).isInstanceOf(AmiActionException.class);
                assertThat(((AmiActionException) err).response().message()).isEqualTo(value(expected, "Message"));
                if (value(expected, "Message").equals("No such channel")) {
                    assertThat(err).isInstanceOf(AmiNoSuchChannelException.class);
                }
                continue;
            }
            Object result = await(call.future());
            if (result instanceof AmiResponse r) {
                List<AmiHeader> got = id.isEmpty()
                        ? r.headers().list().stream()
                                .filter(h -> !h.is("ActionID"))
                                .toList()
                        : r.headers().with("ActionID", id).list();
                assertThat(got)
                        .hasSize(expected.size() - 1)
                        .extracting(AmiHeader::toString)
                        .containsExactlyElementsOf(expected.subList(0, expected.size() - 1));
                listEvents.addAll(r.events());
            }
            if (call.action().action().equalsIgnoreCase("Getvar")) {
                String v = value(expected, "Value");
                assertThat(result).isEqualTo(v.isEmpty() ? Optional.empty() : Optional.of(v));
            }
        }
        await(client.close());

        assertThat(fake.mismatches()).isEmpty();
        Map<String, Integer> counts = new TreeMap<>();
        events.forEach(e -> counts.merge(e.name(), 1, Integer::sum));
        listEvents.forEach(e -> counts.merge(e.name(), 1, Integer::sum));
        assertThat(counts).isEqualTo(new TreeMap<>(t.eventCounts()));
        long hangups = events.stream().filter(e -> e.is("Hangup")).count();
        assertThat(callEvents.stream().filter(CallEvent.ChannelHangup.class::isInstance))
                .hasSize((int) hangups);
        fake.close();
    }

    @Test
    void reportsARefusedLoginAsAnAuthenticationFailure(Vertx vertx) {
        AmiTranscript t = AmiTranscript.load("login-fail");
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx)).replay(t);
        AmiClient client = client(vertx, fake)
                .secret(t.clientActions().get(0).get("Secret"))
                .reconnectBackoff(java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(5))
                .build();

        Throwable err = awaitFailure(client.connect());

        assertThat(err)
                .isInstanceOf(AmiAuthenticationException.class)
                .hasMessageContaining("Authentication failed")
                .hasMessageContaining("dialer");
        assertThat(client.isConnected()).isFalse();
        assertThat(fake.mismatches()).isEmpty();
        assertThat(fake.connectionCount()).isEqualTo(1);
        await(client.close());
        fake.close();
    }
}
