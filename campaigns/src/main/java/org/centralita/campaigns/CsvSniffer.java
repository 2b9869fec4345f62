package org.centralita.campaigns;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Detects a CSV upload's encoding, byte-order mark, binary content and delimiter from its first bytes. */
final class CsvSniffer {
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final char[] DELIMITERS = {';', ',', '\t'};

    record Sniffed(Charset charset, int bomLength) {}

    private CsvSniffer() {}

    /**
     * Detects the encoding of a sample (the first bytes of the file).
     *
     * @param override a charset chosen by the user, or null to detect
     * @param eof whether the sample is the whole file
     * @throws ImportException EMPTY_FILE or BINARY_FILE
     */
    static Sniffed sniff(byte[] b, int len, boolean eof, Charset override) {
        if (len == 0) {
            throw new ImportException(ImportException.Failure.EMPTY_FILE, "the file is empty");
        }
        if (len >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return new Sniffed(override == null ? StandardCharsets.UTF_8 : override, 3);
        }
        if (len >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return new Sniffed(override == null ? StandardCharsets.UTF_16LE : override, 2);
        }
        if (len >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return new Sniffed(override == null ? StandardCharsets.UTF_16BE : override, 2);
        }
        rejectBinary(b, len);
        if (override != null) {
            return new Sniffed(override, 0);
        }
        return new Sniffed(isUtf8(b, len, eof) ? StandardCharsets.UTF_8 : WINDOWS_1252, 0);
    }

    private static void rejectBinary(byte[] b, int len) {
        if (startsWith(b, len, 'P', 'K', 3, 4)) {
            throw new ImportException(
                    ImportException.Failure.BINARY_FILE,
                    "this is an Excel workbook (.xlsx) or a ZIP archive, not CSV: in Excel use Save As > CSV");
        }
        if (startsWith(b, len, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw new ImportException(
                    ImportException.Failure.BINARY_FILE,
                    "this is an old Excel workbook (.xls), not CSV: in Excel use Save As > CSV");
        }
        if (startsWith(b, len, '%', 'P', 'D', 'F')) {
            throw new ImportException(ImportException.Failure.BINARY_FILE, "this is a PDF document, not CSV");
        }
        int control = 0;
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xff;
            if (c == 0) {
                throw new ImportException(
                        ImportException.Failure.BINARY_FILE,
                        "this is a binary file, not CSV text (it contains a NUL byte at offset " + i + ")");
            }
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') {
                control++;
            }
        }
        if (control > Math.max(8, len / 100)) {
            throw new ImportException(
                    ImportException.Failure.BINARY_FILE,
                    "this is a binary file, not CSV text (" + control + " control bytes in the first " + len + ")");
        }
    }

    private static boolean startsWith(byte[] b, int len, int... sig) {
        if (len < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUtf8(byte[] b, int len, boolean eof) {
        int end = len;
        if (!eof) {
            // do not judge a multi-byte sequence cut by the end of the sample
            int back = 0;
            while (back < 3 && end > 0 && (b[end - 1] & 0xC0) == 0x80) {
                end--;
                back++;
            }
            if (end > 0 && (b[end - 1] & 0xC0) == 0xC0) {
                end--;
            } else {
                end = len;
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Picks the delimiter (';', ',' or tab) whose count per line is the most consistent over the sample lines. */
    static char delimiter(String sample) {
        String[] lines = sample.split("\r\n|\n|\r", 60);
        char best = ',';
        double bestScore = 0;
        for (char d : DELIMITERS) {
            int[] counts = new int[Math.min(lines.length, 50)];
            int n = 0;
            for (int i = 0; i < counts.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                counts[n++] = countOutsideQuotes(lines[i], d);
            }
            if (n == 0) {
                continue;
            }
            // mode of the non-zero counts
            int mode = 0;
            int modeFreq = 0;
            for (int i = 0; i < n; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                int f = 0;
                for (int j = 0; j < n; j++) {
                    if (counts[j] == counts[i]) {
                        f++;
                    }
                }
                if (f > modeFreq || (f == modeFreq && counts[i] > mode)) {
                    mode = counts[i];
                    modeFreq = f;
                }
            }
            if (mode == 0) {
                continue;
            }
            double score = (double) modeFreq / n + mode * 1e-4;
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char d) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == d && !quoted) {
                count++;
            }
        }
        return count;
    }
}
