package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.centralita.gateway.ami.AmiTestSupport.await;
import static org.centralita.gateway.ami.AmiTestSupport.awaitFailure;
import static org.centralita.gateway.ami.AmiTestSupport.client;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.centralita.gateway.testing.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Login, keep-alive, reconnect with back-off, registry rebuild and protocol faults. */
@ExtendWith(VertxExtension.class)
class AmiConnectionTest {

    @Test
    void detectsAHalfOpenConnectionWithTheKeepAlivePingWithin30Seconds(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        var time = new ManualScheduler();
        AmiClient client = client(vertx, fake)
                .scheduler(time)
                .pingInterval(Duration.ofSeconds(10))
                .actionTimeout(Duration.ofSeconds(10))
                .build();
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        client.onConnectionChange(changes::add);
        await(client.connect());
        assertThat(time.pendingDelays()).containsExactly(10_000L);

        fake.goSilent();
        time.advance(10_000); // the keep-alive Ping goes out and gets no answer
        Awaitility.await().until(() -> time.pendingDelays().equals(List.of(10_000L)));
        time.advance(10_000);

        Awaitility.await().until(() -> changes.contains(false));
        assertThat(time.nowMillis()).isLessThanOrEqualTo(30_000);
        assertThat(client.isConnected()).isFalse();

        time.advance(100); // the reconnect back-off (10-50 ms here)
        Awaitility.await().until(() -> changes.equals(List.of(true, false, true)));
        assertThat(fake.loginCount()).isEqualTo(2);
        await(client.close());
        fake.close();
    }

    @Test
    void detectsAHalfOpenConnectionInRealTimeWithAShortPingInterval(Vertx vertx, VertxTestContext test) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        AmiClient client = client(vertx, fake)
                .pingInterval(Duration.ofMillis(100))
                .actionTimeout(Duration.ofMillis(200))
                .build();
        var checkpoint = test.checkpoint(3);
        var changes = new ArrayList<Boolean>();
        client.onConnectionChange(up -> {
            changes.add(up);
            if (changes.size() == 1) {
                fake.goSilent();
            }
            if (changes.size() > 3) {
                return; // the close below
            }
            checkpoint.flag();
            if (changes.size() == 3) {
                test.verify(() -> assertThat(changes).containsExactly(true, false, true));
                client.close().onComplete(x -> fake.close());
            }
        });
        client.connect();
    }

    @Test
    void reconnectsAfterADropAndRebuildsTheChannelRegistryFromCoreShowChannels(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        String leaving = fake.addCall("Local/a@customer-sim", "Up");
        String staying = fake.addCall("Local/b@customer-sim", "Up");
        var time = new ManualScheduler();
        AmiClient client = client(vertx, fake).scheduler(time).build();
        AmiCallControl calls = AmiCallControl.create(client);
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        calls.onEvent(events::add);
        await(client.connect());
        assertThat(client.channels()).hasSize(4);
        var originated = await(calls.originate(new OriginateRequest(
                "r-1",
                "Local/s@customer-sim",
                "test-misc",
                "park",
                1,
                "",
                Duration.ofSeconds(30),
                java.util.Map.of("CAMPAIGN", "spring"))));
        assertThat(client.channels()).hasSize(6);

        fake.dropConnections();
        Awaitility.await().until(() -> !client.isConnected());
        fake.hangupFromNetwork(leaving, 16); // while we are away: no Hangup event reaches the client
        time.advance(100);
        Awaitility.await()
                .until(() -> events.stream()
                                .filter(CallEvent.ConnectionChanged.class::isInstance)
                                .count()
                        == 3);

        var fakeChannels = fake.channels();
        assertThat(client.channels().keySet())
                .containsExactlyInAnyOrderElementsOf(fakeChannels.values().stream()
                        .map(m -> m.get("Uniqueid"))
                        .toList());
        assertThat(client.channels()).hasSize(4);
        assertThat(client.channelByName(leaving)).isEmpty();
        assertThat(client.channelByName(staying))
                .get()
                .extracting(AmiChannel::state)
                .isEqualTo("Up");
        assertThat(client.channel(originated.uniqueId())).get().satisfies(c -> {
            assertThat(c.variables()).containsEntry("CAMPAIGN", "spring");
            assertThat(c.linkedId()).isEqualTo(originated.uniqueId());
            assertThat(c.channel()).isEqualTo(originated.channel());
        });
        assertThat(events)
                .filteredOn(CallEvent.ConnectionChanged.class::isInstance)
                .map(e -> ((CallEvent.ConnectionChanged) e).connected())
                .containsExactly(true, false, true);
        await(client.close());
        fake.close();
    }

    @Test
    void refusedLoginRetriesOnlyAtTheMaximumBackoff(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx)).loginFailureDelay(Duration.ofMillis(1));
        var time = new ManualScheduler();
        AmiClient client = client(vertx, fake)
                .secret("wrong-secret")
                .scheduler(time)
                .jitter(() -> 1.0)
                .reconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .build();

        assertThat(awaitFailure(client.connect())).isInstanceOf(AmiAuthenticationException.class);
        Awaitility.await().until(() -> time.pendingDelays().equals(List.of(30_000L)));
        time.advance(29_999);
        assertThat(fake.connectionCount()).isEqualTo(1);
        time.advance(1);
        Awaitility.await().until(() -> fake.connectionCount() == 2);
        Awaitility.await().until(() -> time.pendingDelays().equals(List.of(30_000L)));

        assertThat(fake.loginCount()).isZero();
        assertThat(fake.connectionCount()).isEqualTo(2);
        await(client.close());
        assertThat(time.pendingDelays()).isEmpty();
        fake.close();
    }

    @Test
    void reconnectBackoffDoublesFromTheMinimumUpToTheCapWithJitter(Vertx vertx) {
        FakeAsteriskAmi closed = await(FakeAsteriskAmi.start(vertx));
        int port = closed.port();
        await(closed.stop());
        for (double jitter : new double[] {1.0, 0.0}) {
            var time = new ManualScheduler();
            AmiClient client = AmiClient.builder(vertx)
                    .port(port)
                    .username("dialer")
                    .secret("x")
                    .scheduler(time)
                    .jitter(() -> jitter)
                    .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000))
                    .build();
            assertThat(awaitFailure(client.connect())).isInstanceOf(AmiNotConnectedException.class);
            var delays = new ArrayList<Long>();
            for (int i = 0; i < 6; i++) {
                Awaitility.await().until(() -> time.pendingDelays().size() == 1);
                long d = time.pendingDelays().get(0);
                delays.add(d);
                time.advance(d);
            }
            if (jitter == 1.0) {
                assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
            } else {
                assertThat(delays).containsExactly(50L, 100L, 200L, 400L, 500L, 500L);
            }
            await(client.close());
        }
    }

    @Test
    void malformedInputClosesTheConnectionAndTheClientReconnects(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        AmiClient client = client(vertx, fake).limits(1024, 100).build();
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        client.onConnectionChange(changes::add);
        await(client.connect());

        fake.emit(AmiEvent.of("Event", "Big", "Data", "x".repeat(5000)).headers());

        Awaitility.await().until(() -> changes.equals(List.of(true, false, true)));
        assertThat(fake.connectionCount()).isEqualTo(2);
        await(client.close());
        fake.close();
    }

    @Test
    void unansweredActionTimesOutWithoutDroppingTheConnection(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        var time = new ManualScheduler();
        AmiClient client = client(vertx, fake).scheduler(time).build();
        await(client.connect());
        fake.goSilent();

        var status = client.send(AmiAction.of("CoreStatus"));
        Awaitility.await().until(() -> time.pendingDelays().contains(5_000L));
        time.advance(5_000);

        assertThat(awaitFailure(status)).isInstanceOf(AmiTimeoutException.class).hasMessageContaining("CoreStatus");
        assertThat(client.isConnected()).isTrue();
        var closing = client.close(); // the Logoff gets no answer either: close gives up after 2 s
        Awaitility.await().until(() -> time.pendingDelays().contains(2_000L));
        time.advance(2_000);
        await(closing);
        fake.close();
    }

    @Test
    void sendBeforeLoginFailsFastAndNothingReachesAsterisk(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        AmiClient client = client(vertx, fake).build();

        assertThat(awaitFailure(client.send(AmiAction.of("Ping")))).isInstanceOf(AmiNotConnectedException.class);

        assertThat(fake.receivedActions()).isEmpty();
        fake.close();
    }

    @Test
    void closeLogsOffAndStopsReconnecting(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        var time = new ManualScheduler();
        AmiClient client = client(vertx, fake).scheduler(time).build();
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        client.onConnectionChange(changes::add);
        await(client.connect());

        await(client.close());

        assertThat(fake.receivedActions("Logoff")).hasSize(1);
        assertThat(client.isConnected()).isFalse();
        assertThat(time.pendingDelays()).isEmpty();
        assertThat(changes).containsExactly(true, false);
        fake.close();
    }

    @Test
    void deliversEventsOnTheClientsContextInArrivalOrderEvenWhenTimestampsGoBackwards(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        Context context = vertx.getOrCreateContext();
        AmiClient client = client(vertx, fake).context(context).build();
        List<String> names = new CopyOnWriteArrayList<>();
        List<Boolean> onContext = new CopyOnWriteArrayList<>();
        client.onEvent(e -> {
            names.add(e.name() + "/" + e.get("Seq"));
            onContext.add(Vertx.currentContext() == context);
        });
        await(client.connect());

        for (int i = 0; i < 50; i++) {
            // Timestamps run backwards, as they sometimes do on a real Asterisk: arrival order must win.
            String ts = "1795393264." + String.format("%06d", 999_999 - i);
            fake.emit(AmiEvent.of("Event", "Custom", "Timestamp", ts, "Seq", String.valueOf(i))
                    .headers());
        }

        Awaitility.await().until(() -> names.size() == 52);
        assertThat(names.subList(0, 2)).containsExactly("FullyBooted/", "SuccessfulAuth/");
        for (int i = 0; i < 50; i++) {
            assertThat(names.get(i + 2)).isEqualTo("Custom/" + i);
        }
        assertThat(onContext).containsOnly(true);
        await(client.close());
        fake.close();
    }
}
