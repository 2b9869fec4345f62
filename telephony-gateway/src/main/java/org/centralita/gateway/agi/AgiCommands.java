package org.centralita.gateway.agi;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;
import org.asteriskjava.fastagi.command.ExecCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetFullVariableCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.SayDateTimeCommand;
import org.asteriskjava.fastagi.command.SayDigitsCommand;
import org.asteriskjava.fastagi.command.SayNumberCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.command.VerboseCommand;

/**
 * Builds command lines with Asterisk-Java's command classes, always with the Asterisk version set (without it
 * they log a warning and fall back to 1.4 syntax, e.g. {@code |} instead of {@code ,} between EXEC options).
 * Asterisk-Java quotes every string argument and escapes {@code \} and {@code "}; it drops LF but not CR, so the
 * session rejects any line containing either.
 *
 * <p>The factory methods below return the same Asterisk-Java command classes with one change: their {@code
 * escapeAndQuote} is {@link #quote(String)}, which gives the same characters in one pass. Asterisk-Java's own
 * version runs three {@code String.replaceAll} (three regex compilations) and a {@code String.format} per
 * argument; that was about 40% of the server's allocation per command and a large share of its CPU.
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

    /** Asterisk versions already looked up, by major number; at most {@link #MAX_VERSIONS} entries. */
    private static final Map<String, AsteriskVersion> VERSIONS = new ConcurrentHashMap<>();

    private static final int MAX_VERSIONS = 64;

    private AgiCommands() {}

    /**
     * Quotes one command argument exactly as Asterisk-Java's {@code AbstractAgiCommand.escapeAndQuote(String)}
     * does: {@code null} becomes {@code ""}; {@code \} becomes {@code \\}, {@code "} becomes {@code \"}, LF is
     * dropped (CR is kept), and the result is wrapped in double quotes.
     */
    static String quote(String s) {
        if (s == null) {
            return "\"\"";
        }
        StringBuilder b = new StringBuilder(s.length() + 4).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c == '"') {
                b.append("\\\"");
            } else if (c != '\n') {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static AbstractAgiCommand streamFile(String file, String escapeDigits) {
        return new StreamFileCommand(file, escapeDigits) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand getData(String file, long timeoutMs, int maxDigits) {
        return new GetDataCommand(file, timeoutMs, maxDigits) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand sayNumber(String number, String escapeDigits) {
        return new SayNumberCommand(number, escapeDigits) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand sayDigits(String digits, String escapeDigits) {
        return new SayDigitsCommand(digits, escapeDigits) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand sayDateTime(long epochSeconds, String escapeDigits, String format) {
        return new SayDateTimeCommand(epochSeconds, escapeDigits, format) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand setVariable(String name, String value) {
        return new SetVariableCommand(name, value) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand getVariable(String name) {
        return new GetVariableCommand(name) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand getFullVariable(String expression) {
        return new GetFullVariableCommand(expression) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand exec(String application, String... args) {
        return new ExecCommand(application, args) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

    static AbstractAgiCommand verbose(String message, int level) {
        return new VerboseCommand(message, level) {
            @Override
            protected String escapeAndQuote(String s) {
                return quote(s);
            }
        };
    }

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
        if (agiVersion == null || agiVersion.isEmpty()) {
            return AsteriskVersion.ASTERISK_22;
        }
        int dot = agiVersion.indexOf('.');
        String major = dot < 0 ? agiVersion : agiVersion.substring(0, dot);
        // Asterisk-Java's lookup runs a regex per known version; every call of a server reports the same one.
        AsteriskVersion cached = VERSIONS.get(major);
        if (cached != null) {
            return cached;
        }
        AsteriskVersion v = AsteriskVersion.getDetermineVersionFromString("Asterisk " + major);
        AsteriskVersion found = v != null ? v : AsteriskVersion.ASTERISK_22;
        if (VERSIONS.size() < MAX_VERSIONS) {
            VERSIONS.putIfAbsent(major, found);
        }
        return found;
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
