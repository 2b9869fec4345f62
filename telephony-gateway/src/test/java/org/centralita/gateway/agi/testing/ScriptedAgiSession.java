package org.centralita.gateway.agi.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.AgiRequest;
import org.centralita.gateway.agi.AgiSession;

/**
 * A scripted, in-memory {@link AgiSession}: each command sent is matched against the next expected command and
 * answered with a canned {@link AgiReply}. It records every command, can make the caller hang up at any step,
 * and {@link #assertComplete()} fails if a command was unexpected or an expectation was never met.
 *
 * <p>Command lines use the syntax of {@link AgiCommands}, which is what Asterisk 22 accepted in the shared
 * transcripts (e.g. {@code STREAM FILE welcome ""}); the real {@code AgiSessionImpl} quotes every argument through
 * Asterisk-Java ({@code STREAM FILE "welcome" ""}), so write expectations with these helpers or prefixes, and use
 * {@code FakeAsteriskAgi} for byte-level checks. Replies are delivered synchronously (already-completed futures). After the caller hangs up, media
 * commands fail with {@link AgiHangupException} (Asterisk's 511) and dead-safe commands ({@code GET VARIABLE},
 * {@code SET VARIABLE}, {@code GET FULL VARIABLE}, {@code VERBOSE}, {@code NOOP}, {@code HANGUP}) answer
 * {@code 200 result=1} unless an expectation says otherwise.
 *
 * <pre>{@code
 * ScriptedAgiSession s = ScriptedAgiSession.builder().callerId("600111222").build();
 * s.expect("ANSWER").reply(AgiReplies.ok());
 * s.expectPrefix("GET DATA welcome").reply(AgiReplies.data("1"));
 * s.expectPrefix("STREAM FILE goodbye").hangUp();
 * ... run the handler ...
 * s.assertComplete();
 * }</pre>
 */
public final class ScriptedAgiSession implements AgiSession {

    private final AgiRequest request;
    private final Deque<Expectation> expectations = new ArrayDeque<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Function<String, AgiReply> responder;
    private int hangUpAtCommand = -1;
    private boolean hungUp;

    private ScriptedAgiSession(AgiRequest request) {
        this.request = request;
    }

    /** Returns a builder of the session's AGI environment. */
    public static Builder builder() {
        return new Builder();
    }

    /** Expects the next command to equal {@code commandLine} exactly. */
    public synchronized Expectation expect(String commandLine) {
        Objects.requireNonNull(commandLine, "commandLine");
        return add(new Expectation(commandLine::equals, "exactly <" + commandLine + ">"));
    }

    /** Expects the next command to start with {@code prefix}. */
    public synchronized Expectation expectPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return add(new Expectation(c -> c.startsWith(prefix), "starting with <" + prefix + ">"));
    }

    /** Expects the next command to satisfy {@code matcher}, described as {@code description} in failures. */
    public synchronized Expectation expect(Predicate<String> matcher, String description) {
        return add(new Expectation(Objects.requireNonNull(matcher, "matcher"), description));
    }

    private Expectation add(Expectation e) {
        expectations.add(e);
        return e;
    }

    /**
     * Answers every command that arrives when no expectation is queued with {@code responder} instead of failing
     * (a simulated caller). A {@code null} reply from the responder counts as unexpected.
     */
    public synchronized ScriptedAgiSession otherwise(Function<String, AgiReply> responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
        return this;
    }

    /**
     * Makes the caller hang up while command number {@code index} (0-based, counting every command sent) runs: a
     * media command gets {@code 200 result=-1}, and every later media command fails.
     */
    public synchronized ScriptedAgiSession hangUpAtCommand(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        this.hangUpAtCommand = index;
        return this;
    }

    /** Makes the caller hang up now, between commands (Asterisk's unprompted {@code HANGUP} line). */
    public synchronized void callerHangsUp() {
        hungUp = true;
    }

    /** Returns every command line sent so far, in order. */
    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    /** Returns the commands that were not expected, with the reason. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Returns the number of expectations not met yet. */
    public synchronized int pending() {
        return expectations.size();
    }

    /**
     * Asserts that every expectation was met and no unexpected command arrived.
     *
     * @throws AssertionError naming the unmet expectations, the unexpected commands and the commands sent
     */
    public synchronized void assertComplete() {
        if (!failures.isEmpty() || !expectations.isEmpty()) {
            StringBuilder sb = new StringBuilder("scripted AGI session was not completed as expected");
            for (String f : failures) {
                sb.append("\n  unexpected: ").append(f);
            }
            for (Expectation e : expectations) {
                sb.append("\n  never sent: a command ").append(e.description);
            }
            sb.append("\n  commands sent:");
            for (String c : commands) {
                sb.append("\n    ").append(c);
            }
            throw new AssertionError(sb.toString());
        }
    }

    @Override
    public AgiRequest request() {
        return request;
    }

    @Override
    public synchronized boolean isHungUp() {
        return hungUp;
    }

    @Override
    public Future<AgiReply> send(String commandLine) {
        return dispatch(Objects.requireNonNull(commandLine, "commandLine"));
    }

    @Override
    public Future<AgiReply> send(String commandLine, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return dispatch(Objects.requireNonNull(commandLine, "commandLine"));
    }

    private synchronized Future<AgiReply> dispatch(String command) {
        int index = commands.size();
        commands.add(command);
        boolean media = isMedia(command);
        if (index == hangUpAtCommand) {
            hungUp = true;
            if (media) {
                return Future.succeededFuture(AgiReplies.hungUp());
            }
        }
        Expectation next = expectations.peek();
        if (next != null && next.matcher.test(command)) {
            expectations.poll();
            if (next.hangUpBefore) {
                hungUp = true;
            }
            AgiReply reply = next.reply != null ? next.reply : media ? AgiReplies.hungUp() : AgiReplies.one();
            if (next.hangUpAfter) {
                hungUp = true;
            }
            return Future.succeededFuture(reply);
        }
        if (hungUp) {
            return media
                    ? Future.failedFuture(new AgiHangupException("511 on dead channel: " + command))
                    : Future.succeededFuture(AgiReplies.one());
        }
        if (next == null && responder != null) {
            AgiReply reply = responder.apply(command);
            if (reply != null) {
                return Future.succeededFuture(reply);
            }
        }
        String reason = next == null
                ? "<" + command + "> (no more commands expected)"
                : "<" + command + "> (expected a command " + next.description + ")";
        failures.add(reason);
        return Future.failedFuture(new AssertionError("unexpected AGI command " + reason));
    }

    private static boolean isMedia(String command) {
        return !(command.startsWith("GET VARIABLE")
                || command.startsWith("GET FULL VARIABLE")
                || command.startsWith("SET VARIABLE")
                || command.startsWith("VERBOSE")
                || command.startsWith("NOOP")
                || command.equals("HANGUP"));
    }

    @Override
    public Future<AgiReply> answer() {
        return send("ANSWER");
    }

    @Override
    public Future<AgiReply> hangup() {
        return send("HANGUP");
    }

    @Override
    public Future<AgiReply> streamFile(String file, String escapeDigits) {
        return send(AgiCommands.streamFile(file, escapeDigits));
    }

    @Override
    public Future<AgiReply> getData(String file, Duration timeout, int maxDigits) {
        return send(AgiCommands.getData(file, timeout, maxDigits));
    }

    @Override
    public Future<AgiReply> waitForDigit(Duration timeout) {
        return send(AgiCommands.waitForDigit(timeout));
    }

    @Override
    public Future<AgiReply> sayNumber(long number, String escapeDigits) {
        return send(AgiCommands.sayNumber(number, escapeDigits));
    }

    @Override
    public Future<AgiReply> sayDigits(String digits, String escapeDigits) {
        return send(AgiCommands.sayDigits(digits, escapeDigits));
    }

    @Override
    public Future<AgiReply> sayDate(long epochSeconds, String escapeDigits) {
        return send(AgiCommands.sayDate(epochSeconds, escapeDigits));
    }

    @Override
    public Future<AgiReply> setLanguage(String language) {
        return send(AgiCommands.setLanguage(language));
    }

    @Override
    public Future<Optional<String>> getVariable(String name) {
        return send(AgiCommands.getVariable(name))
                .map(r -> r.resultAsInt(0) == 1 ? Optional.of(r.data()) : Optional.<String>empty());
    }

    @Override
    public Future<String> getFullVariable(String expression) {
        return send(AgiCommands.getFullVariable(expression)).map(AgiReply::data);
    }

    @Override
    public Future<AgiReply> setVariable(String name, String value) {
        return send(AgiCommands.setVariable(name, value));
    }

    @Override
    public Future<AgiReply> exec(String application, String... args) {
        return send(AgiCommands.exec(application, args));
    }

    @Override
    public Future<AgiReply> verbose(String message, int level) {
        return send(AgiCommands.verbose(message, level));
    }

    /** One expected command and what the fake Asterisk does when it arrives. */
    public static final class Expectation {
        private final Predicate<String> matcher;
        private final String description;
        private AgiReply reply = AgiReplies.ok();
        private boolean hangUpBefore;
        private boolean hangUpAfter;

        private Expectation(Predicate<String> matcher, String description) {
            this.matcher = matcher;
            this.description = description;
        }

        /** Answers the command with {@code reply} (default {@code 200 result=0}). */
        public Expectation reply(AgiReply reply) {
            this.reply = Objects.requireNonNull(reply, "reply");
            return this;
        }

        /** Answers the command with a reply line such as {@code 200 result=1 (hello)}. */
        public Expectation reply(String replyLine) {
            return reply(AgiReplies.parse(replyLine));
        }

        /**
         * The caller hangs up during this command: a media command gets {@code 200 result=-1}, a dead-safe one
         * its reply, and every later media command fails.
         */
        public Expectation hangUp() {
            this.hangUpBefore = true;
            this.reply = null;
            return this;
        }

        /** The caller hangs up just after this command is answered with its reply. */
        public Expectation thenHangUp() {
            this.hangUpAfter = true;
            return this;
        }
    }

    /** Builds the session's {@link AgiRequest}. */
    public static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final List<String> arguments = new ArrayList<>();
        private String script = "main";

        private Builder() {
            env.put("network", "yes");
            env.put("uniqueid", "1700000000.1");
            env.put("channel", "Local/s@caller-sim-00000001;1");
            env.put("language", "en");
            env.put("callerid", "unknown");
            env.put("calleridname", "unknown");
            env.put("dnid", "unknown");
        }

        /** Sets one {@code agi_*} value (key without the prefix). */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the script name (the path of {@code agi_network_script}). */
        public Builder script(String script) {
            this.script = Objects.requireNonNull(script, "script");
            return this;
        }

        /** Sets the caller ID number. */
        public Builder callerId(String number) {
            return env("callerid", number);
        }

        /** Sets the channel uniqueid. */
        public Builder uniqueId(String uniqueId) {
            return env("uniqueid", uniqueId);
        }

        /** Adds a query-string parameter of the script. */
        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        /** Adds one {@code agi_arg_N}. */
        public Builder argument(String value) {
            arguments.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Returns a new session with no expectations. */
        public ScriptedAgiSession build() {
            Map<String, String> all = new LinkedHashMap<>(env);
            all.putIfAbsent("network_script", script);
            all.putIfAbsent("request", "agi://127.0.0.1:4573/" + script);
            for (int i = 0; i < arguments.size(); i++) {
                all.put("arg_" + (i + 1), arguments.get(i));
            }
            return new ScriptedAgiSession(new AgiRequest(all, script, parameters, arguments));
        }
    }
}
