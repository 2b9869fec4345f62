package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.centralita.gateway.ami.AmiTestSupport.await;
import static org.centralita.gateway.ami.AmiTestSupport.awaitFailure;
import static org.centralita.gateway.ami.AmiTestSupport.client;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.centralita.gateway.testing.AmiTranscript;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixture itself must behave like the recorded Asterisk, or the client tests prove nothing. */
@ExtendWith(io.vertx.junit5.VertxExtension.class)
class FakeAsteriskAmiTest {

    /** A raw blocking TCP peer on the test thread that records every byte the fake sends. */
    private static final class Raw {
        final java.net.Socket socket;
        final StringBuilder received = new StringBuilder();
        boolean closed;

        Raw(Vertx vertx, int port) {
            try {
                socket = new java.net.Socket("127.0.0.1", port);
                socket.setSoTimeout(100);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            awaitText("Asterisk Call Manager/11.0.0\r\n");
        }

        void send(String... lines) {
            try {
                socket.getOutputStream()
                        .write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Reads until {@code text} has arrived or the fake closed the connection (10 s at most). */
        void awaitText(String text) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            byte[] buf = new byte[8192];
            while (!received.toString().contains(text) && !closed && System.nanoTime() < deadline) {
                try {
                    int n = socket.getInputStream().read(buf);
                    if (n < 0) {
                        closed = true;
                    } else {
                        received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // poll again until the deadline
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
        }

        void awaitClose() {
            awaitText("\u0000never");
        }
    }

    @ParameterizedTest
    @MethodSource("org.centralita.gateway.ami.AmiFrameDecoderTest#transcripts")
    void replaysEveryTranscriptByteForByteToAClientThatSendsTheRecordedActions(String name, Vertx vertx) {
        AmiTranscript t = AmiTranscript.load(name);
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx)).replay(t);
        var raw = new Raw(vertx, fake.port());
        for (AmiTranscript.ClientAction a : t.clientActions()) {
            raw.send(a.lines().subList(0, a.lines().size() - 1).toArray(String[]::new));
        }

        raw.awaitClose();

        assertThat(raw.closed)
                .as("Asterisk closes at the end of every transcript")
                .isTrue();
        assertThat(raw.received.toString()).isEqualTo(new String(t.asteriskBytes(), StandardCharsets.UTF_8));
        assertThat(fake.mismatches()).isEmpty();
        fake.close();
    }

    @Test
    void sendsTheBannerWithoutABlankLineAndDeniesActionsBeforeLoginKeepingTheConnection(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        var raw = new Raw(vertx, fake.port());
        raw.awaitText("\r\n");
        assertThat(raw.received.toString()).isEqualTo("Asterisk Call Manager/11.0.0\r\n");

        raw.send("Action: Ping", "ActionID: p-1");
        raw.awaitText("Permission denied");
        raw.send("Action: Login", "ActionID: l-1", "Username: dialer", "Secret: dialer-secret");
        raw.awaitText("Event: SuccessfulAuth");

        String text = raw.received.toString();
        assertThat(text)
                .contains("Response: Error\r\nActionID: p-1\r\nMessage: Permission denied\r\n\r\n")
                .contains("Response: Success\r\nActionID: l-1\r\nMessage: Authentication accepted\r\n\r\n")
                .contains("Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: ");
        String fullyBooted = text.substring(text.indexOf("Event: FullyBooted"), text.indexOf("Event: SuccessfulAuth"));
        assertThat(fullyBooted).doesNotContain("Timestamp:");
        assertThat(raw.closed).isFalse();
        fake.close();
    }

    @Test
    void refusesAWrongSecretAfterTheDelayAndThenCloses(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx)).loginFailureDelay(Duration.ofMillis(50));
        var raw = new Raw(vertx, fake.port());

        long start = System.nanoTime();
        raw.send("Action: Login", "ActionID: l-1", "Username: dialer", "Secret: nope");
        raw.awaitClose();
        assertThat(raw.closed).isTrue();

        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(raw.received.toString())
                .endsWith("Response: Error\r\nActionID: l-1\r\nMessage: Authentication failed\r\n\r\n");
        fake.close();
    }

    @Test
    void reportsAnUnknownActionWithRequestBadFormatAfterTheNextResponse(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        var raw = new Raw(vertx, fake.port());
        raw.send("Action: Login", "ActionID: l-1", "Username: dialer", "Secret: dialer-secret");
        raw.send("Action: NoSuchAction", "ActionID: bogus-1");
        raw.awaitText("ActionID: bogus-1\r\nMessage: Invalid/unknown command: NoSuchAction. Use Action: ListCommands"
                + " to show available commands.\r\n\r\n");
        assertThat(raw.received.toString()).doesNotContain("RequestBadFormat");

        raw.send("Action: Getvar", "ActionID: g-1");
        raw.awaitText("AccountID: dialer\r\n\r\n");

        String text = raw.received.toString();
        assertThat(text.indexOf("Message: No variable specified")).isLessThan(text.indexOf("Event: RequestBadFormat"));
        assertThat(text).contains("RequestType: Action: NoSuchAction");
        fake.close();
    }

    @Test
    void listsLiveChannelsAsAnEventListWithDifferentlyCapitalisedMarkers(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        fake.addCall("Local/s@customer-sim", "Up");
        var raw = new Raw(vertx, fake.port());
        raw.send("Action: Login", "ActionID: l-1", "Username: dialer", "Secret: dialer-secret");
        raw.send("Action: CoreShowChannels", "ActionID: c-1");
        raw.awaitText("ListItems: 2");

        String text = raw.received.toString();
        assertThat(text).contains("EventList: start").contains("EventList: Complete");
        assertThat(text).contains("Event: CoreShowChannel\r\nActionID: c-1\r\nChannel: ");
        fake.close();
    }

    @Test
    void recordsAMismatchWhenTheClientDeviatesFromTheReplayedTranscript(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx)).replay(AmiTranscript.load("call-control"));
        AmiClient c = client(vertx, fake).build();
        await(c.connect());

        await(c.send(AmiAction.of(
                "Originate",
                "Channel",
                "Local/s@customer-sim",
                "Context",
                "test-misc",
                "Exten",
                "park",
                "Priority",
                "1",
                "CallerID",
                "\"Dialer\" <1000>",
                "Timeout",
                "30000",
                "Variable",
                "RINGSEC=1",
                "Async",
                "true")));

        assertThat(fake.mismatches()).singleElement().asString().contains("variable: TALKSEC=120");
        await(c.close());
        fake.close();
    }

    @Test
    void goSilentStopsAnsweringWithoutClosing(Vertx vertx) {
        FakeAsteriskAmi fake = await(FakeAsteriskAmi.start(vertx));
        AmiClient c = client(vertx, fake).actionTimeout(Duration.ofMillis(300)).build();
        await(c.connect());

        fake.goSilent();

        assertThat(awaitFailure(c.send(AmiAction.of("Ping")))).isInstanceOf(AmiTimeoutException.class);
        assertThat(fake.openConnections()).isEqualTo(1);
        assertThat(c.isConnected()).isTrue();
        var closing = c.close();
        await(closing);
        fake.close();
        assertThat(List.of(fake.connectionCount())).containsExactly(1);
    }
}
