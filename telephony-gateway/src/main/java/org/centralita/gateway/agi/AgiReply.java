package org.centralita.gateway.agi;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One reply from Asterisk to one AGI command.
 *
 * <p>Examples: {@code 200 result=49 endpos=26880} has status 200, result {@code "49"}, endpos 26880;
 * {@code 200 result= (timeout)} has result {@code ""} and data {@code "timeout"}; {@code 200 result=1 (hello
 * world)} has data {@code "hello world"}; {@code 520-Invalid command syntax...} has status 520 and the usage
 * text in {@link #usage()}.
 *
 * @param status the three-digit status: 200 success, 510 invalid command, 511 dead channel, 520 usage
 * @param result the text after {@code result=} up to the first space; empty if absent
 * @param data the text inside the parentheses after the result (e.g. {@code timeout}, {@code dtmf}); empty if
 *     absent
 * @param endpos the {@code endpos=} value of stream commands, if present
 * @param usage for 520 replies, the usage text between the first and last line; otherwise empty
 * @param raw the reply line(s) as received, for logs
 */
public record AgiReply(int status, String result, String data, OptionalLong endpos, String usage, String raw) {
    public AgiReply {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits, was " + status);
        }
        result = Objects.requireNonNullElse(result, "");
        data = Objects.requireNonNullElse(data, "");
        endpos = Objects.requireNonNullElse(endpos, OptionalLong.empty());
        usage = Objects.requireNonNullElse(usage, "");
        raw = Objects.requireNonNullElse(raw, "");
    }

    /** Returns whether the status is 200. */
    public boolean isSuccess() {
        return status == 200;
    }

    /** Returns the result as an integer, or {@code defaultValue} if it is empty or not a number. */
    public int resultAsInt(int defaultValue) {
        try {
            return result.isEmpty() ? defaultValue : Integer.parseInt(result);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** Returns whether the data says {@code timeout}. */
    public boolean isTimeout() {
        return "timeout".equals(data);
    }

    /**
     * Returns the DTMF digit a stream, say or wait command was interrupted with (result is its ASCII code), or
     * {@code 0} if none.
     */
    public char digit() {
        int code = resultAsInt(0);
        return code > 0 && code < 128 ? (char) code : 0;
    }
}
