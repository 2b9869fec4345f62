package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.centralita.gateway.testing.AmiTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AmiFrameDecoderTest {

    static Stream<String> transcripts() {
        return AmiTranscript.names().stream();
    }

    static Stream<String> transcriptsWithoutBurst() {
        return AmiTranscript.names().stream().filter(n -> !n.startsWith("burst"));
    }

    private static final class Harness {
        final AmiFrameDecoder decoder;
        final EmbeddedChannel channel;

        Harness(int maxLine, int maxHeaders) {
            decoder = new AmiFrameDecoder(maxLine, maxHeaders);
            channel = new EmbeddedChannel(decoder);
        }

        Harness() {
            this(AmiFrameDecoder.DEFAULT_MAX_LINE_LENGTH, AmiFrameDecoder.DEFAULT_MAX_HEADERS);
        }

        void write(byte[] bytes, int from, int to) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, to - from));
        }

        void write(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            write(b, 0, b.length);
        }

        List<Object> drain() {
            var out = new ArrayList<Object>();
            Object o;
            while ((o = channel.readInbound()) != null) {
                out.add(o);
            }
            return out;
        }
    }

    /** The messages the transcript says Asterisk sent, as the decoder should produce them. */
    private static List<Object> expected(AmiTranscript t) {
        var out = new ArrayList<Object>();
        for (AmiTranscript.AsteriskMessage m : t.asteriskMessages()) {
            if (m.isBanner()) {
                out.add(new AmiBanner(m.lines().get(0)));
                continue;
            }
            var headers = new ArrayList<AmiHeader>();
            for (String l : m.lines()) {
                if (l.isEmpty()) {
                    continue;
                }
                int c = l.indexOf(": ");
                headers.add(new AmiHeader(l.substring(0, c), l.substring(c + 2)));
            }
            AmiHeaders h = AmiHeaders.of(headers);
            out.add(headers.get(0).is("Event") ? new AmiEvent(h) : AmiResponse.of(h));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void decodesEveryTranscriptIntoExactlyTheMessagesAsteriskSent(String name) {
        AmiTranscript t = AmiTranscript.load(name);
        var h = new Harness();
        byte[] bytes = t.asteriskBytes();
        h.write(bytes, 0, bytes.length);

        List<Object> decoded = h.drain();

        assertThat(decoded).containsExactlyElementsOf(expected(t));
        assertThat(decoded.get(0)).isEqualTo(new AmiBanner("Asterisk Call Manager/11.0.0"));
        assertThat(h.decoder.buffered()).isZero();
        Map<String, Integer> events = new TreeMap<>();
        Map<String, Integer> responses = new TreeMap<>();
        for (Object o : decoded) {
            if (o instanceof AmiEvent e) {
                events.merge(e.name(), 1, Integer::sum);
                if (e.is("OriginateResponse")) {
                    responses.merge(e.get("Response"), 1, Integer::sum); // the header counts these too
                }
            } else if (o instanceof AmiResponse r) {
                responses.merge(r.response(), 1, Integer::sum);
            }
        }
        assertThat(events).isEqualTo(new TreeMap<>(t.eventCounts()));
        assertThat(responses).isEqualTo(new TreeMap<>(t.responseCounts()));
        assertThat(h.channel.finish()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void decodesEveryTranscriptFedOneByteAtATime(String name) {
        AmiTranscript t = AmiTranscript.load(name);
        var h = new Harness();
        byte[] bytes = t.asteriskBytes();
        var decoded = new ArrayList<Object>();
        for (int i = 0; i < bytes.length; i++) {
            h.write(bytes, i, i + 1);
            Object o;
            while ((o = h.channel.readInbound()) != null) {
                decoded.add(o);
            }
        }

        assertThat(decoded).containsExactlyElementsOf(expected(t));
        assertThat(h.decoder.buffered()).isZero();
    }

    @ParameterizedTest
    @MethodSource("transcriptsWithoutBurst")
    void decodesEachKindOfMessageSplitInTwoAtEveryByte(String name) {
        AmiTranscript t = AmiTranscript.load(name);
        List<Object> expected = expected(t);
        var h = new Harness();
        h.write("Asterisk Call Manager/11.0.0\r\n");
        assertThat(h.drain()).containsExactly(new AmiBanner("Asterisk Call Manager/11.0.0"));
        var messages = t.asteriskMessages();
        var shapes = new java.util.HashSet<String>(); // one message of each kind keeps this fast
        for (int m = 1; m < messages.size(); m++) {
            if (!shapes.add(messages.get(m).lines().get(0))) {
                continue;
            }
            byte[] frame = (String.join("\r\n", messages.get(m).lines()) + "\r\n").getBytes(StandardCharsets.UTF_8);
            for (int split = 1; split < frame.length; split++) {
                h.write(frame, 0, split);
                boolean earlyOutput = !h.channel.inboundMessages().isEmpty();
                h.write(frame, split, frame.length);
                List<Object> out = h.drain();
                // Plain checks in this hot loop; AssertJ only to report a failure.
                if (earlyOutput
                        || out.size() != 1
                        || !out.get(0).equals(expected.get(m))
                        || h.decoder.buffered() != 0) {
                    assertThat(out)
                            .as("%s message %d split at %d", name, m, split)
                            .containsExactly(expected.get(m));
                    assertThat(earlyOutput)
                            .as("output before the frame was complete")
                            .isFalse();
                    assertThat(h.decoder.buffered()).isZero();
                }
            }
        }
    }

    @Test
    void decodesTwoMessagesArrivingInOneBuffer() {
        var h = new Harness();
        h.write("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: a-1\r\nPing: Pong\r\n\r\n"
                + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n");

        List<Object> out = h.drain();

        assertThat(out).hasSize(3);
        assertThat(((AmiResponse) out.get(1)).actionId()).isEqualTo("a-1");
        assertThat(((AmiEvent) out.get(2)).name()).isEqualTo("FullyBooted");
        assertThat(((AmiEvent) out.get(2)).timestamp()).isEmpty();
    }

    @Test
    void keepsBothChannelHeadersOfAnAmdResultUserEvent() {
        AmiTranscript t = AmiTranscript.load("amd-human");
        var h = new Harness();
        byte[] bytes = t.asteriskBytes();
        h.write(bytes, 0, bytes.length);

        AmiEvent user = h.drain().stream()
                .filter(AmiEvent.class::isInstance)
                .map(AmiEvent.class::cast)
                .filter(e -> e.is("UserEvent"))
                .findFirst()
                .orElseThrow();

        assertThat(user.getAll("Channel")).hasSize(2).allMatch(c -> c.startsWith("Local/s@customer-sim-"));
        assertThat(user.headers().list().stream().filter(x -> x.is("Channel")).count())
                .isEqualTo(2);
        assertThat(user.get("UserEvent")).isEqualTo("AmdResult");
        assertThat(user.get("Status")).isEqualTo("HUMAN");
    }

    @Test
    void keepsEmptyValuesAsEmptyStrings() {
        var h = new Harness();
        h.write("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: g-2\r\nVariable: NOSUCHVAR\r\n"
                + "Value: \r\n\r\n");

        AmiResponse r = (AmiResponse) h.drain().get(1);

        assertThat(r.headers().has("Value")).isTrue();
        assertThat(r.get("Value")).isEmpty();
    }

    @Test
    void acceptsBareLineFeedsAndIgnoresStrayBlankLines() {
        var h = new Harness();
        h.write("Asterisk Call Manager/11.0.0\n\r\n\nEvent: Hangup\nCause: 16\n\n");

        List<Object> out = h.drain();

        assertThat(out)
                .containsExactly(
                        new AmiBanner("Asterisk Call Manager/11.0.0"), AmiEvent.of("Event", "Hangup", "Cause", "16"));
    }

    @Test
    void turnsAnOverLongLineIntoAFatalErrorAndDiscardsTheRest() {
        var h = new Harness(64, 100);
        h.write("Asterisk Call Manager/11.0.0\r\nEvent: Big\r\nData: " + "x".repeat(200));
        h.write("\r\n\r\nEvent: After\r\n\r\n");

        List<Object> out = h.drain();

        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isInstanceOfSatisfying(AmiDecodeError.class, e -> {
            assertThat(e.fatal()).isTrue();
            assertThat(e.reason()).contains("longer than 64");
        });
        assertThat(h.decoder.buffered()).isZero();
    }

    @Test
    void detectsAnOverLongLineBeforeItsEndArrives() {
        var h = new Harness(64, 100);
        h.write("Asterisk Call Manager/11.0.0\r\n");
        h.drain();
        for (int i = 0; i < 10; i++) {
            h.write("y".repeat(10));
        }

        assertThat(h.drain()).singleElement().isInstanceOf(AmiDecodeError.class);
    }

    @Test
    void turnsTooManyHeadersIntoAFatalError() {
        var h = new Harness(64, 3);
        h.write("Asterisk Call Manager/11.0.0\r\nEvent: X\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");

        List<Object> out = h.drain();

        assertThat(out.get(1)).isInstanceOfSatisfying(AmiDecodeError.class, e -> assertThat(e.fatal())
                .isTrue());
    }

    @Test
    void reportsAMessageWithNeitherResponseNorEventAsANonFatalError() {
        var h = new Harness();
        h.write("Asterisk Call Manager/11.0.0\r\nFoo: bar\r\n\r\nEvent: Ok\r\n\r\n");

        List<Object> out = h.drain();

        assertThat(out.get(1)).isInstanceOfSatisfying(AmiDecodeError.class, e -> assertThat(e.fatal())
                .isFalse());
        assertThat(out.get(2)).isEqualTo(AmiEvent.of("Event", "Ok"));
    }
}
