package org.centralita.campaigns;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits CSV text into logical records (a quoted field may span lines) with an RFC 4180 quote state machine, so that
 * one unbalanced quote costs one row instead of swallowing the rest of the file: a quoted field that is still open
 * after {@link #MAX_LINES} physical lines, {@link #MAX_CHARS} characters, or at the end of the file, makes its first
 * line a malformed record, and reading resumes at the next physical line. Each good record is then parsed by Commons
 * CSV.
 */
final class RecordReader {
    static final int MAX_LINES = 30;
    static final int MAX_CHARS = 64 * 1024;

    /** One logical record: its first physical line number, its text, and whether its quotes are unbalanced. */
    record Raw(long lineNo, String text, boolean unbalanced) {}

    private final Reader in;
    private final char delimiter;
    private final char[] buf = new char[16384];
    private int pos;
    private int lim;
    private char[] replay = new char[0];
    private int replayPos;
    private long nextLine = 1;
    private boolean eof;

    RecordReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    private int read() throws IOException {
        if (replayPos < replay.length) {
            return replay[replayPos++];
        }
        if (pos == lim) {
            if (eof) {
                return -1;
            }
            lim = in.read(buf, 0, buf.length);
            pos = 0;
            if (lim <= 0) {
                lim = 0;
                eof = true;
                return -1;
            }
        }
        return buf[pos++];
    }

    private void pushBack(CharSequence text) {
        String rest = new String(replay, replayPos, replay.length - replayPos);
        replay = (text + rest).toCharArray();
        replayPos = 0;
    }

    /** Returns the next record, or null at the end of the input. */
    Raw next() throws IOException {
        StringBuilder rec = new StringBuilder(128);
        long startLine = nextLine;
        int secondLineStart = -1;
        int lines = 1;
        boolean quoted = false;
        boolean fieldStart = true;
        boolean quoteSeen = false; // inside quotes, just saw a quote (closing, or first half of "")
        while (true) {
            int c = read();
            if (c == -1) {
                if (quoted && !quoteSeen) {
                    return unbalanced(rec, startLine, secondLineStart);
                }
                if (rec.length() == 0) {
                    return null;
                }
                nextLine++;
                return new Raw(startLine, rec.toString(), false);
            }
            char ch = (char) c;
            if (quoted) {
                if (quoteSeen) {
                    quoteSeen = false;
                    if (ch == '"') {
                        rec.append(ch);
                        continue;
                    }
                    quoted = false; // the quote closed the field; process ch as unquoted below
                } else if (ch == '"') {
                    quoteSeen = true;
                    rec.append(ch);
                    continue;
                } else {
                    if (ch == '\r' || ch == '\n') {
                        if (ch == '\r') {
                            int n = read();
                            if (n != '\n' && n != -1) {
                                pushBack(String.valueOf((char) n));
                            }
                        }
                        rec.append('\n');
                        lines++;
                        nextLine++;
                        if (secondLineStart < 0) {
                            secondLineStart = rec.length();
                        }
                        if (lines > MAX_LINES) {
                            return unbalanced(rec, startLine, secondLineStart);
                        }
                    } else {
                        rec.append(ch);
                    }
                    if (rec.length() > MAX_CHARS) {
                        return unbalanced(rec, startLine, secondLineStart);
                    }
                    continue;
                }
            }
            if (ch == '\r' || ch == '\n') {
                if (ch == '\r') {
                    int n = read();
                    if (n != '\n' && n != -1) {
                        pushBack(String.valueOf((char) n));
                    }
                }
                nextLine++;
                return new Raw(startLine, rec.toString(), false);
            }
            if (ch == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else {
                fieldStart = ch == delimiter;
            }
            rec.append(ch);
            if (rec.length() > MAX_CHARS) {
                // an absurdly long unquoted line: report it and skip to the end of that line
                skipLine();
                nextLine++;
                return new Raw(startLine, rec.substring(0, 200) + "…", true);
            }
        }
    }

    private void skipLine() throws IOException {
        int c;
        while ((c = read()) != -1 && c != '\n') {
            // skip
        }
    }

    private Raw unbalanced(StringBuilder rec, long startLine, int secondLineStart) throws IOException {
        nextLine = startLine + 1;
        if (secondLineStart >= 0) {
            // re-read the following physical lines as fresh records
            pushBack(rec.substring(secondLineStart));
            return new Raw(startLine, rec.substring(0, secondLineStart - 1), true);
        }
        if (!eofAndNoReplay()) {
            skipLine();
        }
        return new Raw(startLine, rec.toString(), true);
    }

    private boolean eofAndNoReplay() {
        return eof && replayPos >= replay.length;
    }
}
