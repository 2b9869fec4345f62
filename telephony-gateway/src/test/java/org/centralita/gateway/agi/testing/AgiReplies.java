package org.centralita.gateway.agi.testing;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.centralita.gateway.agi.AgiReply;

/** Builds {@link AgiReply} values from reply lines as Asterisk writes them, for test doubles. */
public final class AgiReplies {

    private static final Pattern REPLY =
            Pattern.compile("^(\\d{3})(?: result=(\\S*))?(?: \\((.*?)\\))?(?: endpos=(\\d+))?.*$", Pattern.DOTALL);

    private AgiReplies() {}

    /**
     * Parses one reply line such as {@code 200 result=49 endpos=26880} or {@code 200 result= (timeout)}.
     *
     * @throws IllegalArgumentException if the line does not start with a three-digit status
     */
    public static AgiReply parse(String line) {
        Matcher m = REPLY.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an AGI reply line: " + line);
        }
        int status = Integer.parseInt(m.group(1));
        OptionalLong endpos = m.group(4) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(4)));
        String usage = status == 520 ? line : "";
        return new AgiReply(status, m.group(2), m.group(3), endpos, usage, line);
    }

    /** {@code 200 result=0}: a command that succeeded with no digit. */
    public static AgiReply ok() {
        return parse("200 result=0");
    }

    /** {@code 200 result=1}. */
    public static AgiReply one() {
        return parse("200 result=1");
    }

    /** A STREAM FILE / SAY / WAIT FOR DIGIT reply interrupted by {@code digit}. */
    public static AgiReply digit(char digit) {
        return parse("200 result=" + (int) digit + " endpos=8000");
    }

    /** A GET DATA reply with the digits typed (empty string: nothing typed before the terminator). */
    public static AgiReply data(String digits) {
        return parse("200 result=" + digits);
    }

    /** A GET DATA reply when the caller typed nothing: {@code 200 result= (timeout)}. */
    public static AgiReply timeout() {
        return parse("200 result= (timeout)");
    }

    /** A GET DATA reply with digits typed and then a timeout: {@code 200 result=12 (timeout)}. */
    public static AgiReply dataThenTimeout(String digits) {
        return parse("200 result=" + digits + " (timeout)");
    }

    /** A GET VARIABLE reply for a set variable. */
    public static AgiReply variable(String value) {
        return parse("200 result=1 (" + value + ")");
    }

    /** {@code 511 Command Not Permitted on a dead channel or intercept routine}. */
    public static AgiReply deadChannel() {
        return parse("511 Command Not Permitted on a dead channel or intercept routine");
    }

    /** {@code 200 result=-1}: the channel hung up during the command. */
    public static AgiReply hungUp() {
        return parse("200 result=-1");
    }
}
