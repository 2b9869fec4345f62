package org.centralita.gateway.agi.testing;

import java.time.Duration;

/** Builds AGI command lines in the exact syntax Asterisk 22 was seen to accept (see shared/asterisk). */
public final class AgiCommands {

    private AgiCommands() {}

    /** Wraps {@code value} in double quotes, escaping quotes and backslashes. */
    public static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** {@code STREAM FILE file "escape"}. */
    public static String streamFile(String file, String escapeDigits) {
        return "STREAM FILE " + file + " " + quote(escapeDigits);
    }

    /** {@code GET DATA file timeoutMillis maxDigits}. */
    public static String getData(String file, Duration timeout, int maxDigits) {
        return "GET DATA " + file + " " + timeout.toMillis() + " " + maxDigits;
    }

    /** {@code WAIT FOR DIGIT timeoutMillis}. */
    public static String waitForDigit(Duration timeout) {
        return "WAIT FOR DIGIT " + timeout.toMillis();
    }

    /** {@code SAY NUMBER n "escape"}. */
    public static String sayNumber(long number, String escapeDigits) {
        return "SAY NUMBER " + number + " " + quote(escapeDigits);
    }

    /** {@code SAY DIGITS d "escape"}. */
    public static String sayDigits(String digits, String escapeDigits) {
        return "SAY DIGITS " + digits + " " + quote(escapeDigits);
    }

    /** {@code SAY DATE epochSeconds "escape"}. */
    public static String sayDate(long epochSeconds, String escapeDigits) {
        return "SAY DATE " + epochSeconds + " " + quote(escapeDigits);
    }

    /** {@code SET VARIABLE CHANNEL(language) es}. */
    public static String setLanguage(String language) {
        return "SET VARIABLE CHANNEL(language) " + language;
    }

    /** {@code SET VARIABLE name "value"}. */
    public static String setVariable(String name, String value) {
        return "SET VARIABLE " + name + " " + quote(value);
    }

    /** {@code GET VARIABLE name}. */
    public static String getVariable(String name) {
        return "GET VARIABLE " + name;
    }

    /** {@code GET FULL VARIABLE expression}. */
    public static String getFullVariable(String expression) {
        return "GET FULL VARIABLE " + (expression.contains(" ") ? quote(expression) : expression);
    }

    /** {@code EXEC App arg1,arg2} (the argument list quoted if it holds a space). */
    public static String exec(String application, String... args) {
        String joined = String.join(",", args);
        if (joined.isEmpty()) {
            return "EXEC " + application;
        }
        return "EXEC " + application + " " + (joined.contains(" ") ? quote(joined) : joined);
    }

    /** {@code VERBOSE "message" level}. */
    public static String verbose(String message, int level) {
        return "VERBOSE " + quote(message) + " " + level;
    }
}
