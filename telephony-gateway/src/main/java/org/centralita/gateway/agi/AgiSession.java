package org.centralita.gateway.agi;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * One live FastAGI call. Commands are sent one at a time in call order (a command issued while another is
 * outstanding is queued); each returns a future completed with Asterisk's reply.
 *
 * <p>After the caller hangs up, media commands fail with {@link AgiHangupException}; so does every command
 * once the session is closed. A 510 or 520 reply completes the future normally with that status: callers
 * check {@link AgiReply#isSuccess()}.
 */
public interface AgiSession {

    /** Returns the environment Asterisk sent. */
    AgiRequest request();

    /** Returns a short id for logs (the channel's uniqueid). */
    default String id() {
        return request().uniqueId();
    }

    /** Returns whether Asterisk has reported the channel hung up. */
    boolean isHungUp();

    /** Sends a raw command line built by one of Asterisk-Java's command classes' {@code buildCommand()}. */
    Future<AgiReply> send(String commandLine);

    /** Sends a raw command line with its own timeout instead of the session's default. */
    Future<AgiReply> send(String commandLine, Duration timeout);

    /** ANSWER. */
    Future<AgiReply> answer();

    /** HANGUP of this channel. */
    Future<AgiReply> hangup();

    /** STREAM FILE; the reply's {@link AgiReply#digit()} is the escape digit pressed, if any. */
    Future<AgiReply> streamFile(String file, String escapeDigits);

    /** GET DATA: plays a prompt and collects up to {@code maxDigits} digits (the reply's result). */
    Future<AgiReply> getData(String file, Duration timeout, int maxDigits);

    /** WAIT FOR DIGIT; the reply's {@link AgiReply#digit()} is the digit, {@code 0} on timeout. */
    Future<AgiReply> waitForDigit(Duration timeout);

    /** SAY NUMBER in the channel's language. */
    Future<AgiReply> sayNumber(long number, String escapeDigits);

    /** SAY DIGITS in the channel's language. */
    Future<AgiReply> sayDigits(String digits, String escapeDigits);

    /** SAY DATE ({@code epochSeconds}) in the channel's language. */
    Future<AgiReply> sayDate(long epochSeconds, String escapeDigits);

    /** Sets the channel language used by SAY and prompt lookup ({@code SET VARIABLE CHANNEL(language) es}). */
    Future<AgiReply> setLanguage(String language);

    /** GET VARIABLE; empty if the variable is unset. */
    Future<Optional<String>> getVariable(String name);

    /** GET FULL VARIABLE (evaluates an expression such as {@code ${CALLERID(num)}}). */
    Future<String> getFullVariable(String expression);

    /** SET VARIABLE. */
    Future<AgiReply> setVariable(String name, String value);

    /** EXEC an application; result -2 means the application does not exist. */
    Future<AgiReply> exec(String application, String... args);

    /** VERBOSE, to the Asterisk console. */
    Future<AgiReply> verbose(String message, int level);
}
