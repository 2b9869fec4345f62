package org.centralita.gateway.agi;

import java.util.Locale;
import java.util.Set;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;

/**
 * Builds command lines with Asterisk-Java's command classes, always with the Asterisk version set (without it
 * they log a warning and fall back to 1.4 syntax, e.g. {@code |} instead of {@code ,} between EXEC options).
 * Asterisk-Java quotes every string argument and escapes {@code \} and {@code "}; it drops LF but not CR, so the
 * session rejects any line containing either.
 */
final class AgiCommands {
    /** Commands Asterisk's res_agi runs on a hung-up channel ("Runs Dead: Yes"); all others get 511. */
    private static final Set<String> DEAD_SAFE = Set.of(
            "NOOP",
            "GET VARIABLE",
            "GET FULL VARIABLE",
            "SET VARIABLE",
            "VERBOSE",
            "HANGUP",
            "EXEC",
            "GOSUB",
            "DATABASE GET",
            "DATABASE PUT",
            "DATABASE DEL",
            "DATABASE DELTREE",
            "ASYNCAGI BREAK");

    private AgiCommands() {}

    /** Returns the command line of an Asterisk-Java command built for the given Asterisk version. */
    static String build(AbstractAgiCommand command, AsteriskVersion version) {
        command.setAsteriskVersion(version);
        return command.buildCommand();
    }

    /**
     * Returns the Asterisk version named by {@code agi_version} (e.g. {@code 22.10.1}), or Asterisk 22 if it is
     * absent or unknown.
     */
    static AsteriskVersion versionOf(String agiVersion) {
        if (agiVersion != null && !agiVersion.isEmpty()) {
            int dot = agiVersion.indexOf('.');
            String major = dot < 0 ? agiVersion : agiVersion.substring(0, dot);
            AsteriskVersion v = AsteriskVersion.getDetermineVersionFromString("Asterisk " + major);
            if (v != null) {
                return v;
            }
        }
        return AsteriskVersion.ASTERISK_22;
    }

    /** Returns whether Asterisk runs this command line on a dead channel instead of answering 511. */
    static boolean runsOnDeadChannel(String line) {
        String upper = line.stripLeading().toUpperCase(Locale.ROOT);
        for (String verb : DEAD_SAFE) {
            if (upper.startsWith(verb) && (upper.length() == verb.length() || upper.charAt(verb.length()) == ' ')) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether the line is a HANGUP of the session's own channel (no channel argument). */
    static boolean isOwnHangup(String line) {
        return line.strip().equalsIgnoreCase("HANGUP");
    }

    /** Returns the first one or two words of a command line, for logs (never its arguments). */
    static String verbOf(String line) {
        String[] words = line.strip().split(" ", 3);
        if (words.length >= 2
                && (words[0].equals("GET")
                        || words[0].equals("SET")
                        || words[0].equals("SAY")
                        || words[0].equals("STREAM")
                        || words[0].equals("WAIT")
                        || words[0].equals("DATABASE"))) {
            return words[0] + " " + words[1];
        }
        return words[0];
    }
}
