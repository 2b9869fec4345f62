package org.centralita.gateway.agi;

import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decodes Asterisk's replies to AGI commands into {@link AgiReply} messages, and bare {@code HANGUP} lines into
 * {@link AgiHangupLine}, which may arrive at any time (between replies, after a result, after our half-close).
 *
 * <p>States: {@code LINE} (expecting a reply or HANGUP) and {@code USAGE} (inside a {@code 520-} block, whose
 * body lines carry no prefix, until a line starting with {@code "520 "}). Replies: {@code 200 result=X [(data)]
 * [endpos=N]}, {@code 100 ...} (provisional), {@code 510 ...}, {@code 511 ...}, {@code 520 ...} and any other
 * three-digit status. Anything else is malformed.
 */
final class AgiReplyDecoder extends AgiLineDecoder {
    static final int MAX_USAGE_LINES = 500;
    private static final String HANGUP = "HANGUP";
    private static final String RESULT = "result=";

    private enum State {
        LINE,
        USAGE
    }

    private State state = State.LINE;
    /** The 520 block being read; allocated on the first one, as most calls never get one. */
    private StringBuilder usage;

    private StringBuilder raw;
    private int usageLines;

    AgiReplyDecoder(int maxLineLength) {
        super(maxLineLength);
    }

    @Override
    protected void onLine(ChannelHandlerContext ctx, String line, List<Object> out) {
        if (state == State.USAGE) {
            onUsageLine(line, out);
            return;
        }
        if (line.equals(HANGUP)) {
            out.add(AgiHangupLine.INSTANCE);
            return;
        }
        int status = statusOf(line);
        if (status < 0) {
            fail("not an AGI reply: '" + excerpt(line) + "'", out);
            return;
        }
        if (status == 520 && line.charAt(3) == '-') {
            state = State.USAGE;
            usageLines = 0;
            if (usage == null) {
                usage = new StringBuilder();
                raw = new StringBuilder();
            }
            usage.setLength(0);
            raw.setLength(0);
            raw.append(line);
            return;
        }
        if (line.length() > 3 && line.charAt(3) != ' ') {
            fail("not an AGI reply: '" + excerpt(line) + "'", out);
            return;
        }
        out.add(status == 200 ? parseSuccess(line) : new AgiReply(status, "", "", OptionalLong.empty(), "", line));
    }

    private void onUsageLine(String line, List<Object> out) {
        raw.append('\n').append(line);
        if (line.startsWith("520 ")) {
            state = State.LINE;
            out.add(new AgiReply(520, "", "", OptionalLong.empty(), usage.toString(), raw.toString()));
            usage.setLength(0);
            raw.setLength(0);
            return;
        }
        if (++usageLines > MAX_USAGE_LINES) {
            fail("520 usage block longer than " + MAX_USAGE_LINES + " lines", out);
            return;
        }
        if (usage.length() > 0) {
            usage.append('\n');
        }
        usage.append(line);
    }

    /** Returns the three-digit status at the start of the line, or -1. */
    private static int statusOf(String line) {
        if (line.length() < 3) {
            return -1;
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            status = status * 10 + (c - '0');
        }
        return status >= 100 ? status : -1;
    }

    /**
     * Parses {@code 200 result=X [(data)] [endpos=N]}. The data runs from the first '(' to the last ')' so
     * variable values containing parentheses or spaces are kept whole; UTF-8 passes through unchanged.
     */
    static AgiReply parseSuccess(String line) {
        // Indexes into the line rather than a copy of "result=...": one String fewer per reply.
        if (line.length() <= 4 || !line.startsWith(RESULT, 4)) {
            return new AgiReply(200, "", "", OptionalLong.empty(), "", line);
        }
        int from = 4 + RESULT.length();
        int space = line.indexOf(' ', from);
        String result = space < 0 ? line.substring(from) : line.substring(from, space);
        String tail = space < 0 ? "" : line.substring(space + 1);
        OptionalLong endpos = OptionalLong.empty();
        String data = "";
        if (!tail.endsWith(")")) {
            int e = tail.lastIndexOf("endpos=");
            if (e >= 0 && (e == 0 || tail.charAt(e - 1) == ' ') && isDigits(tail, e + 7)) {
                endpos = OptionalLong.of(Long.parseLong(tail.substring(e + 7)));
                tail = tail.substring(0, e).stripTrailing();
            }
        }
        if (tail.startsWith("(") && tail.endsWith(")") && tail.length() >= 2) {
            data = tail.substring(1, tail.length() - 1);
        }
        return new AgiReply(200, result, data, endpos, "", line);
    }

    private static boolean isDigits(String s, int from) {
        if (from >= s.length() || s.length() - from > 18) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
