package org.centralita.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One real FastAGI transcript from {@code shared/asterisk/agi/} (captured from Asterisk 22), parsed exactly as
 * that directory's README says: {@code # } header lines at the top, then protocol lines prefixed {@code A: }
 * (Asterisk) or {@code C: } (our server), the rest of each line being the exact bytes; every line ended with LF
 * on the wire.
 *
 * @param name the file name without {@code .txt}
 * @param header the comment lines
 * @param lines the protocol lines in socket order
 * @param halfCloseAfter the protocol line number (from 1) after which the server half-closed, or -1 if unknown
 */
public record AgiTranscript(String name, List<String> header, List<Line> lines, int halfCloseAfter) {
    private static final Pattern HALF_CLOSE = Pattern.compile("after protocol line (\\d+) the server half-closed");

    public AgiTranscript {
        Objects.requireNonNull(name, "name");
        header = List.copyOf(header);
        lines = List.copyOf(lines);
    }

    /** Which peer wrote a line. */
    public enum Side {
        ASTERISK,
        CLIENT
    }

    /**
     * One protocol line.
     *
     * @param number the protocol line number, from 1
     * @param side who sent it
     * @param text its exact content, without terminator
     */
    public record Line(int number, Side side, String text) {}

    /**
     * Returns {@code shared/asterisk/agi}, found by walking up from the working directory until a directory that
     * contains {@code shared/asterisk} (the repository root's parent in CI), or under {@code $CENTRALITA_SHARED_DIR}
     * (a directory that contains {@code asterisk/}) when that is set, for checkouts elsewhere.
     *
     * @throws IllegalStateException if there is no such directory
     */
    public static Path directory() {
        String override = System.getenv("CENTRALITA_SHARED_DIR");
        if (override != null && !override.isBlank()) {
            Path agi = Paths.get(override).resolve("asterisk").resolve("agi");
            if (Files.isDirectory(agi)) {
                return agi;
            }
        }
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("asterisk");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve("agi");
            }
        }
        throw new IllegalStateException("no shared/asterisk directory above " + dir);
    }

    /** Loads every transcript in {@link #directory()}, sorted by name. */
    public static List<AgiTranscript> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt"))
                    .sorted()
                    .map(AgiTranscript::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads one transcript by name, e.g. {@code "happy-path-menu"}. */
    public static AgiTranscript named(String name) {
        return load(directory().resolve(name + ".txt"));
    }

    /** Parses one transcript file. */
    public static AgiTranscript load(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".txt") ? fileName.substring(0, fileName.length() - 4) : fileName;
        List<String> header = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        String[] raw = content.split("\n", -1);
        int count = content.endsWith("\n") ? raw.length - 1 : raw.length;
        boolean body = false;
        for (int i = 0; i < count; i++) {
            String l = raw[i];
            boolean protocol = l.startsWith("A: ") || l.startsWith("C: ");
            if (!body && !protocol) {
                if (!l.startsWith("#")) {
                    throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": not a comment before the body");
                }
                header.add(l);
                continue;
            }
            body = true;
            if (!protocol) {
                throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": not an A:/C: line");
            }
            lines.add(new Line(lines.size() + 1, l.charAt(0) == 'A' ? Side.ASTERISK : Side.CLIENT, l.substring(3)));
        }
        int halfClose = -1;
        for (String h : header) {
            Matcher m = HALF_CLOSE.matcher(h);
            if (m.find()) {
                halfClose = Integer.parseInt(m.group(1));
            }
        }
        return new AgiTranscript(name, header, lines, halfClose);
    }

    /** Returns the lines of one side, in order. */
    public List<String> linesOf(Side side) {
        return lines.stream().filter(l -> l.side() == side).map(Line::text).toList();
    }

    /** Returns the environment block: the Asterisk lines up to and including the first empty one. */
    public List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Line l : lines) {
            if (l.side() != Side.ASTERISK) {
                break;
            }
            env.add(l.text());
            if (l.text().isEmpty()) {
                break;
            }
        }
        return env;
    }

    /** Returns the wire bytes Asterisk sent: each of its lines followed by LF. */
    public byte[] asteriskBytes() {
        return wire(Side.ASTERISK);
    }

    /** Returns the wire bytes our server sent: each of its lines followed by LF. */
    public byte[] clientBytes() {
        return wire(Side.CLIENT);
    }

    private byte[] wire(Side side) {
        StringBuilder b = new StringBuilder();
        for (String l : linesOf(side)) {
            b.append(l).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name;
    }
}
