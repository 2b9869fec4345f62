package org.centralita.gateway.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.centralita.gateway.testing.AgiTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgiCodecTest {
    private static final int MAX_LINE = 8192;

    static List<AgiTranscript> transcripts() {
        return AgiTranscript.all();
    }

    private static EmbeddedChannel decoderChannel(int maxLine) {
        return new EmbeddedChannel(new AgiEnvironmentDecoder(maxLine), new AgiReplyDecoder(maxLine));
    }

    private static List<Object> decode(List<byte[]> chunks) {
        EmbeddedChannel ch = decoderChannel(MAX_LINE);
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
        }
        List<Object> out = drain(ch);
        assertThat(ch.finish()).as("nothing left after finish").isFalse();
        return out;
    }

    private static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            assertThat(m).as("no raw bytes reach the session").isNotInstanceOf(ByteBuf.class);
            out.add(m);
        }
        return out;
    }

    /** What the transcript says the decoder must produce, computed from the A: lines independently. */
    private static List<Object> expectedMessages(AgiTranscript t) {
        List<String> a = t.linesOf(AgiTranscript.Side.ASTERISK);
        int envSize = t.environment().size();
        List<Object> expected = new ArrayList<>();
        expected.add(requestOf(t.environment()));
        for (int i = envSize; i < a.size(); i++) {
            String line = a.get(i);
            if (line.equals("HANGUP")) {
                expected.add(AgiHangupLine.INSTANCE);
            } else if (line.startsWith("520-")) {
                StringBuilder raw = new StringBuilder(line);
                List<String> body = new ArrayList<>();
                while (!a.get(++i).startsWith("520 ")) {
                    body.add(a.get(i));
                    raw.append('\n').append(a.get(i));
                }
                raw.append('\n').append(a.get(i));
                expected.add(new AgiReply(520, "", "", OptionalLong.empty(), String.join("\n", body), raw.toString()));
            } else {
                int status = Integer.parseInt(line.substring(0, 3));
                expected.add(
                        status == 200
                                ? AgiReplyDecoder.parseSuccess(line)
                                : new AgiReply(status, "", "", OptionalLong.empty(), "", line));
            }
        }
        return expected;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void decodesEveryAsteriskLineOfTheTranscript(AgiTranscript t) {
        List<Object> out = decode(List.of(t.asteriskBytes()));

        assertThat(out).doesNotHaveAnyElementsOfTypes(AgiMalformedInput.class);
        assertThat(out).containsExactlyElementsOf(expectedMessages(t));
        AgiRequest request = (AgiRequest) out.get(0);
        assertThat(request.env()).containsEntry("network", "yes").containsKey("uniqueid");
        assertThat(request.env().keySet()).first().isEqualTo("network");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void decodesTheSameWhenSplitAtEveryByte(AgiTranscript t) {
        byte[] wire = t.asteriskBytes();
        List<Object> whole = decode(List.of(wire));
        for (int i = 1; i < wire.length; i++) {
            List<Object> split =
                    decode(List.of(Arrays.copyOfRange(wire, 0, i), Arrays.copyOfRange(wire, i, wire.length)));
            assertThat(split).as("split at byte %d", i).isEqualTo(whole);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void decodesTheSameWhenFedOneByteAtATime(AgiTranscript t) {
        byte[] wire = t.asteriskBytes();
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : wire) {
            bytes.add(new byte[] {b});
        }
        assertThat(decode(bytes)).isEqualTo(decode(List.of(wire)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void encodesOurCommandLinesByteForByte(AgiTranscript t) {
        EmbeddedChannel ch = new EmbeddedChannel(AgiCommandEncoder.INSTANCE);
        for (String line : t.linesOf(AgiTranscript.Side.CLIENT)) {
            ch.writeOutbound(new AgiCommandLine(line));
        }
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        assertThat(bytes).isEqualTo(t.clientBytes());
        assertThat(ch.finish()).isFalse();
    }

    private static List<AgiReply> repliesOf(String transcript) {
        return decode(List.of(AgiTranscript.named(transcript).asteriskBytes())).stream()
                .filter(AgiReply.class::isInstance)
                .map(AgiReply.class::cast)
                .toList();
    }

    @Test
    void readsTheDigitAndEndposOfAnInterruptedStreamFile() {
        List<AgiReply> r = repliesOf("happy-path-menu");

        assertThat(r.get(1).digit()).isEqualTo('1');
        assertThat(r.get(1).endpos()).hasValue(26880);
        assertThat(r.get(2).result()).isEqualTo("5678");
    }

    @Test
    void readsTheTimeoutFormatsOfGetDataAndWaitForDigit() {
        List<AgiReply> r = repliesOf("digit-timeouts");

        assertThat(r.get(1).isTimeout()).isTrue();
        assertThat(r.get(1).result()).isEmpty();
        assertThat(r.get(2).resultAsInt(-1)).isZero();
        assertThat(r.get(2).digit()).isEqualTo((char) 0);
        assertThat(r.get(3).digit()).isEqualTo('7');
    }

    @Test
    void tellsUnsetFromEmptyVariables() {
        List<AgiReply> r = repliesOf("variables");

        assertThat(r.get(2).resultAsInt(-1))
                .as("GET VARIABLE of an unset variable")
                .isZero();
        assertThat(r.get(4).resultAsInt(-1))
                .as("GET VARIABLE of an empty variable")
                .isEqualTo(1);
        assertThat(r.get(4).data()).isEmpty();
        assertThat(r.get(8).resultAsInt(-1))
                .as("GET FULL VARIABLE of an unset variable")
                .isEqualTo(1);
        assertThat(r.get(8).data()).isEmpty();
        assertThat(r.get(10).resultAsInt(-1))
                .as("GET FULL VARIABLE on a missing channel")
                .isZero();
    }

    @Test
    void readsMinusTwoForAnUnknownApplication() {
        assertThat(repliesOf("exec").get(3).resultAsInt(0)).isEqualTo(-2);
    }

    @Test
    void readsResultMinusOneThenHangupThen511() {
        List<Object> out =
                decode(List.of(AgiTranscript.named("hangup-during-get-data").asteriskBytes()));

        assertThat(out.subList(2, out.size()))
                .containsExactly(
                        AgiReplyDecoder.parseSuccess("200 result=-1"),
                        AgiHangupLine.INSTANCE,
                        new AgiReply(
                                511,
                                "",
                                "",
                                OptionalLong.empty(),
                                "",
                                "511 Command Not Permitted on a dead channel or intercept routine"),
                        AgiHangupLine.INSTANCE);
    }

    @Test
    void passesUtf8ThroughResults() {
        List<AgiReply> r = repliesOf("utf8-callerid");

        assertThat(r.get(1).data()).isEqualTo("José Núñez");
        assertThat(r.get(3).data()).isEqualTo("Zoë Ångström");
    }

    @Test
    void decodesTwoRepliesInOneBuffer() {
        List<Object> out = decode(
                List.of(
                        bytes(
                                "agi_network: yes\n\n200 result=-1\nHANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n")));

        assertThat(out).hasSize(4);
        assertThat(out.get(1)).isEqualTo(AgiReplyDecoder.parseSuccess("200 result=-1"));
        assertThat(out.get(2)).isEqualTo(AgiHangupLine.INSTANCE);
        assertThat(((AgiReply) out.get(3)).status()).isEqualTo(511);
    }

    @Test
    void keepsRepliesThatArriveInTheSameBufferAsTheEnvironment() {
        List<Object> out = decode(List.of(bytes("agi_network: yes\nagi_network_script: x\n\nHANGUP\n")));

        assertThat(out).hasSize(2);
        assertThat(((AgiRequest) out.get(0)).script()).isEqualTo("x");
        assertThat(out.get(1)).isEqualTo(AgiHangupLine.INSTANCE);
    }

    @Test
    void holdsAPartialReplyUntilItsLineFeedArrives() {
        EmbeddedChannel ch = decoderChannel(MAX_LINE);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("agi_network: yes\n\n200 resu")));
        assertThat(drain(ch)).hasSize(1);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("lt=1 (hello world)\n")));
        assertThat(drain(ch)).containsExactly(AgiReplyDecoder.parseSuccess("200 result=1 (hello world)"));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void parsesEveryResultFormatAsteriskSends() {
        AgiReply timeout = AgiReplyDecoder.parseSuccess("200 result= (timeout)");
        assertThat(timeout.result()).isEmpty();
        assertThat(timeout.isTimeout()).isTrue();

        AgiReply interrupted = AgiReplyDecoder.parseSuccess("200 result=49 endpos=26880");
        assertThat(interrupted.digit()).isEqualTo('1');
        assertThat(interrupted.endpos()).hasValue(26880);

        AgiReply record = AgiReplyDecoder.parseSuccess("200 result=35 (dtmf) endpos=8000");
        assertThat(record.data()).isEqualTo("dtmf");
        assertThat(record.endpos()).hasValue(8000);

        assertThat(AgiReplyDecoder.parseSuccess("200 result=-2").resultAsInt(0)).isEqualTo(-2);
        assertThat(AgiReplyDecoder.parseSuccess("200 result=1 ()").data()).isEmpty();
        assertThat(AgiReplyDecoder.parseSuccess("200 result=0").data()).isEmpty();
        assertThat(AgiReplyDecoder.parseSuccess("200 result=1 (hello world from 5551234)")
                        .data())
                .isEqualTo("hello world from 5551234");
        assertThat(AgiReplyDecoder.parseSuccess("200 result=1 (Zoë Ångström)").data())
                .isEqualTo("Zoë Ångström");
        AgiReply tricky = AgiReplyDecoder.parseSuccess("200 result=1 (a) endpos=5)");
        assertThat(tricky.data()).isEqualTo("a) endpos=5");
        assertThat(tricky.endpos()).isEmpty();
    }

    @Test
    void decodesA520UsageBlockWhoseBodyHasNoPrefix() {
        List<Object> out = decode(List.of(bytes("agi_network: yes\n\n"
                + "520-Invalid command syntax.  Proper usage follows:\n"
                + "Stream the given <replaceable>file</replaceable>, and receive DTMF data.\n"
                + "    <value>SUCCESS</value>\n"
                + "520 End of proper usage.\n"
                + "200 result=0\n")));

        AgiReply usage = (AgiReply) out.get(1);
        assertThat(usage.status()).isEqualTo(520);
        assertThat(usage.usage())
                .isEqualTo("Stream the given <replaceable>file</replaceable>, and receive DTMF data.\n"
                        + "    <value>SUCCESS</value>");
        assertThat(out.get(2)).isEqualTo(AgiReplyDecoder.parseSuccess("200 result=0"));
    }

    @Test
    void decodesAHangupLineInsideNothingButBetweenReplies() {
        List<Object> out = decode(List.of(bytes("agi_network: yes\n\n200 result=1\nHANGUP\nHANGUP\n")));

        assertThat(out.subList(1, out.size()))
                .containsExactly(
                        AgiReplyDecoder.parseSuccess("200 result=1"), AgiHangupLine.INSTANCE, AgiHangupLine.INSTANCE);
    }

    @Test
    void rejectsAnOverLongEnvironmentLineAndDiscardsTheRest() {
        EmbeddedChannel ch = decoderChannel(256);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("agi_network: yes\nagi_x: " + "y".repeat(300))));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("more\n\n200 result=0\n")));

        List<Object> out = drain(ch);
        assertThat(out).hasSize(1);
        assertThat(((AgiMalformedInput) out.get(0)).reason()).contains("longer than 256");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void rejectsAnOverLongReplyLineEvenWhenItArrivesInPieces() {
        EmbeddedChannel ch = decoderChannel(256);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("agi_network: yes\n\n200 result=1 (")));
        for (int i = 0; i < 10; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes("x".repeat(50))));
        }
        List<Object> out = drain(ch);
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isInstanceOf(AgiMalformedInput.class);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(")\n200 result=0\n")));
        assertThat(drain(ch)).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void acceptsALineOfExactlyTheMaximumLength() {
        String value = "v".repeat(256 - "200 result=1 ()".length());
        List<Object> out = new ArrayList<>();
        EmbeddedChannel ch = decoderChannel(256);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("agi_network: yes\n\n200 result=1 (" + value + ")\n")));
        out.addAll(drain(ch));
        assertThat(((AgiReply) out.get(1)).data()).isEqualTo(value);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void rejectsSomethingThatIsNotAnAgiEnvironment() {
        List<Object> out = decode(List.of(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));

        assertThat(out).hasSize(1);
        assertThat(((AgiMalformedInput) out.get(0)).reason()).contains("not an AGI environment line");
    }

    @Test
    void rejectsAnEmptyEnvironment() {
        assertThat(decode(List.of(bytes("\n200 result=0\n")))).singleElement().isInstanceOf(AgiMalformedInput.class);
    }

    @Test
    void rejectsAGarbageReplyLine() {
        List<Object> out = decode(List.of(bytes("agi_network: yes\n\nhello there\n200 result=0\n")));

        assertThat(out).hasSize(2);
        assertThat(((AgiMalformedInput) out.get(1)).reason()).contains("not an AGI reply");
    }

    @Test
    void rejectsAnEndlessUsageBlock() {
        StringBuilder b = new StringBuilder("agi_network: yes\n\n520-Invalid command syntax.  Proper usage follows:\n");
        for (int i = 0; i <= AgiReplyDecoder.MAX_USAGE_LINES; i++) {
            b.append("line\n");
        }
        List<Object> out = decode(List.of(bytes(b.toString())));
        assertThat(out.get(out.size() - 1)).isInstanceOf(AgiMalformedInput.class);
    }

    @Test
    void passesUtf8ThroughTheEnvironmentUnchanged() {
        AgiTranscript t = AgiTranscript.named("utf8-callerid");
        AgiRequest r = (AgiRequest) decode(List.of(t.asteriskBytes())).get(0);

        assertThat(r.callerIdName()).isEqualTo("José Núñez");
        assertThat(r.script()).isEqualTo("utf8-env");
        assertThat(r.parameters())
                .containsExactly(java.util.Map.entry("name", "José"), java.util.Map.entry("city", "Málaga"));
        assertThat(r.arguments()).containsExactly("José Núñez", "two words", "", "último");
        assertThat(r.get("accountcode")).isEqualTo("ACC-42");
    }

    @Test
    void parsesTheScriptQueryAndArgumentsOfTheArgsTranscript() {
        AgiRequest r = (AgiRequest)
                decode(List.of(AgiTranscript.named("args-query-string").asteriskBytes()))
                        .get(0);

        assertThat(r.script()).isEqualTo("balance");
        assertThat(r.parameters()).containsExactly(java.util.Map.entry("lang", "es"));
        assertThat(r.arguments()).containsExactly("arg1", "arg2");
        assertThat(r.get("accountcode")).isEmpty();
    }

    @Test
    void urlDecodesQueryParameters() {
        assertThat(AgiRequests.parseQuery("a=1&b=x%20y&c=%C3%BA&d&e=50%"))
                .containsExactly(
                        java.util.Map.entry("a", "1"),
                        java.util.Map.entry("b", "x y"),
                        java.util.Map.entry("c", "ú"),
                        java.util.Map.entry("d", ""),
                        java.util.Map.entry("e", "50%"));
    }

    private static AgiRequest requestOf(List<String> envLines) {
        List<java.util.Map.Entry<String, String>> entries = new ArrayList<>();
        for (String l : envLines) {
            if (!l.isEmpty()) {
                int colon = l.indexOf(": ");
                entries.add(java.util.Map.entry(l.substring(4, colon), l.substring(colon + 2)));
            }
        }
        return AgiRequests.parse(entries);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
