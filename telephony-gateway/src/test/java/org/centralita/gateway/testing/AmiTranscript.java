package org.centralita.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One byte-exact AMI transcript from {@code shared/asterisk/ami/} (captured from a real Asterisk 22), parsed
 * into the steps of the conversation.
 *
 * <p>The transcripts live beside the repository ({@code ../shared/asterisk} from the repo root); {@link #dir()}
 * finds them by walking up from the working directory. Lines starting with {@code A: } are what Asterisk sent,
 * {@code C: } what the client sent; on the wire every AMI line ends with CRLF.
 */
public final class AmiTranscript {

    /** One step: a message Asterisk sent (banner, response or event) or an action the client sent. */
    public sealed interface Step permits AsteriskMessage, ClientAction {
        /** The protocol lines of this step without terminators (the trailing empty line included, if any). */
        List<String> lines();
    }

    /** A message Asterisk sent: the banner (one line) or a response/event ending with an empty line. */
    public record AsteriskMessage(List<String> lines) implements Step {
        public AsteriskMessage {
            lines = List.copyOf(lines);
        }

        /** Returns whether this is the banner line. */
        public boolean isBanner() {
            return lines.size() == 1 && !lines.get(0).isEmpty();
        }
    }

    /** An action the client wrote, ending with an empty line. */
    public record ClientAction(List<String> lines) implements Step {
        public ClientAction {
            lines = List.copyOf(lines);
        }

        /** Returns the value of the first header named {@code key} (case-insensitive), or {@code ""}. */
        public String get(String key) {
            for (String l : lines) {
                int c = l.indexOf(": ");
                if (c > 0 && l.substring(0, c).equalsIgnoreCase(key)) {
                    return l.substring(c + 2);
                }
            }
            return "";
        }

        /** Returns every value of {@code key} in order. */
        public List<String> getAll(String key) {
            var out = new ArrayList<String>();
            for (String l : lines) {
                int c = l.indexOf(": ");
                if (c > 0 && l.substring(0, c).equalsIgnoreCase(key)) {
                    out.add(l.substring(c + 2));
                }
            }
            return out;
        }

        /** Returns the action name. */
        public String action() {
            return get("Action");
        }
    }

    private static final Pattern COUNT = Pattern.compile("([A-Za-z]+)=(\\d+)");

    private final String name;
    private final List<String> comments;
    private final List<String> protocolLines;
    private final List<Step> steps;

    private AmiTranscript(String name, List<String> fileLines) {
        this.name = name;
        var comments = new ArrayList<String>();
        var protocol = new ArrayList<String>();
        for (String l : fileLines) {
            if (protocol.isEmpty() && l.startsWith("#")) {
                comments.add(l);
            } else if (l.startsWith("A: ") || l.startsWith("C: ")) {
                protocol.add(l);
            } else if (!l.isEmpty()) {
                throw new IllegalArgumentException(name + ": not a protocol line: " + l);
            }
        }
        this.comments = List.copyOf(comments);
        this.protocolLines = List.copyOf(protocol);
        this.steps = List.copyOf(parseSteps(protocol));
    }

    private static List<Step> parseSteps(List<String> protocol) {
        var steps = new ArrayList<Step>();
        var current = new ArrayList<String>();
        Character side = null;
        boolean bannerDone = false;
        for (String l : protocol) {
            char s = l.charAt(0);
            String text = l.substring(3);
            if (s == 'A' && !bannerDone) {
                steps.add(new AsteriskMessage(List.of(text)));
                bannerDone = true;
                continue;
            }
            if (side != null && side != s && !current.isEmpty()) {
                throw new IllegalArgumentException("message interrupted by the other side at: " + l);
            }
            side = s;
            current.add(text);
            if (text.isEmpty()) {
                steps.add(s == 'A' ? new AsteriskMessage(current) : new ClientAction(current));
                current = new ArrayList<>();
                side = null;
            }
        }
        if (!current.isEmpty()) {
            throw new IllegalArgumentException("transcript ends inside a message");
        }
        return steps;
    }

    /** Returns the {@code shared/asterisk} directory, found by walking up from the working directory. */
    public static Path dir() {
        Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            Path candidate = q.resolve("shared").resolve("asterisk");
            if (Files.isDirectory(candidate.resolve("ami"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/asterisk not found above " + p);
    }

    /** Loads {@code ami/<name>.txt} (the {@code .txt} may be omitted). */
    public static AmiTranscript load(String name) {
        String file = name.endsWith(".txt") ? name : name + ".txt";
        Path path = dir().resolve("ami").resolve(file);
        try {
            return new AmiTranscript(
                    file.substring(0, file.length() - 4), Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transcript " + path, e);
        }
    }

    /** Returns the names of every AMI transcript, sorted. */
    public static List<String> names() {
        try (Stream<Path> files = Files.list(dir().resolve("ami"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".txt"))
                    .map(f -> f.substring(0, f.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the scenario name, e.g. {@code call-control}. */
    public String name() {
        return name;
    }

    /** Returns the {@code # } header lines. */
    public List<String> comments() {
        return comments;
    }

    /** Returns the steps in order. */
    public List<Step> steps() {
        return steps;
    }

    /** Returns the actions the client sent, in order. */
    public List<ClientAction> clientActions() {
        return steps.stream()
                .filter(ClientAction.class::isInstance)
                .map(ClientAction.class::cast)
                .toList();
    }

    /** Returns the messages Asterisk sent (banner first), in order. */
    public List<AsteriskMessage> asteriskMessages() {
        return steps.stream()
                .filter(AsteriskMessage.class::isInstance)
                .map(AsteriskMessage.class::cast)
                .toList();
    }

    /** Returns the exact bytes Asterisk sent: every A: line followed by CRLF. */
    public byte[] asteriskBytes() {
        var sb = new StringBuilder();
        for (String l : protocolLines) {
            if (l.startsWith("A: ")) {
                sb.append(l, 3, l.length()).append("\r\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the event counts by type from the header ({@code Events by type (...): X=1, ...}). */
    public Map<String, Integer> eventCounts() {
        return counts("# Events by type");
    }

    /** Returns the response counts by type from the header ({@code Responses by type: Success=3, ...}). */
    public Map<String, Integer> responseCounts() {
        return counts("# Responses by type");
    }

    private Map<String, Integer> counts(String prefix) {
        var out = new LinkedHashMap<String, Integer>();
        boolean in = false;
        for (String c : comments) {
            if (c.startsWith(prefix)) {
                in = true;
                c = c.substring(c.indexOf(':') + 1);
            } else if (in && !c.startsWith("#   ")) {
                break;
            }
            if (in) {
                Matcher m = COUNT.matcher(c);
                while (m.find()) {
                    out.put(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
