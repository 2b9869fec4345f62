package org.centralita.server.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.centralita.server.http.ApiException;

/**
 * The column-mapping preview of an upload: from the first bytes of a file (the browser sends a slice), the
 * detected encoding, delimiter and header, the first rows and the column each standard field would use. The
 * import itself detects the same things again on the whole file (and reports what it used); the person may
 * override encoding, delimiter, header and mapping, and the overrides go with the upload.
 */
final class UploadPreview {
    /** Largest sample the preview reads. */
    static final int MAX_SAMPLE = 64 * 1024;

    static final int MAX_ROWS = 10;
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Map<String, String> ALIASES = new HashMap<>();

    static {
        alias(
                "phone",
                "telefono",
                "tel",
                "tlf",
                "tfno",
                "telf",
                "phone",
                "phonenumber",
                "telephone",
                "movil",
                "mobile",
                "celular",
                "cell",
                "numero",
                "number",
                "msisdn");
        alias("name", "nombre", "name", "fullname", "nombrecompleto", "contacto", "contact", "cliente", "customername");
        alias("first_name", "firstname", "givenname");
        alias("last_name", "apellidos", "apellido", "lastname", "surname");
        alias("customer_id", "customerid", "idcliente", "ncliente", "nocliente", "cuenta", "account", "accountnumber");
        alias("language", "idioma", "language", "lang", "lengua");
        alias("time_zone", "zonahoraria", "timezone", "tz");
        alias("email", "email", "correo", "mail", "correoelectronico");
    }

    private static void alias(String field, String... names) {
        for (String n : names) {
            ALIASES.put(n, field);
        }
    }

    private UploadPreview() {}

    /**
     * Builds the preview.
     *
     * @param encoding a charset name chosen by the person, or null to detect
     * @param delimiter {@code ,}, {@code ;}, {@code tab} or {@code |}, or null to detect
     * @param header whether the first row is a header, or null to detect
     * @param complete whether the sample is the whole file (else its last, partial line is dropped)
     */
    static JsonObject of(byte[] sample, String encoding, String delimiter, Boolean header, boolean complete) {
        if (sample.length == 0) {
            throw new ApiException(422, "empty_file", "the file is empty");
        }
        int bom = 0;
        Charset charset;
        if (startsWith(sample, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (startsWith(sample, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (startsWith(sample, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else {
            if (startsWith(sample, 'P', 'K', 3, 4) || startsWith(sample, 0xD0, 0xCF, 0x11, 0xE0)) {
                throw new ApiException(
                        422,
                        "binary_file",
                        "this is an Excel workbook, not CSV: in Excel use Save As > CSV and upload that file");
            }
            for (byte b : sample) {
                if (b == 0) {
                    throw new ApiException(422, "binary_file", "this is a binary file, not CSV text");
                }
            }
            charset = isUtf8(sample, complete) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        }
        if (encoding != null && !encoding.isBlank()) {
            try {
                charset = Charset.forName(encoding.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("encoding: unknown character set '" + encoding + "'");
            }
        }
        String text = new String(sample, bom, sample.length - bom, charset);
        if (!complete) {
            int cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
            if (cut > 0) {
                text = text.substring(0, cut);
            }
        }
        char delim = delimiter == null || delimiter.isBlank() ? detectDelimiter(text) : parseDelimiter(delimiter);
        List<List<String>> rows = parse(text, delim);
        if (rows.isEmpty()) {
            throw new ApiException(422, "empty_file", "the file has no rows");
        }
        List<String> first = rows.get(0);
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        Map<String, Integer> byAlias = new HashMap<>();
        for (int i = 0; i < first.size(); i++) {
            String f = ALIASES.get(normalise(first.get(i)));
            if (f != null) {
                byAlias.putIfAbsent(f, i);
            }
        }
        int phoneColumn = phoneColumn(rows.subList(1, rows.size()), width);
        boolean detectedHeader = !byAlias.isEmpty()
                || (phoneColumn >= 0 && phoneColumn < first.size() && !looksLikePhone(first.get(phoneColumn)));
        boolean hasHeader = header != null ? header : detectedHeader;
        JsonArray columns = new JsonArray();
        JsonObject mapping = new JsonObject();
        for (int i = 0; i < width; i++) {
            String name = hasHeader && i < first.size() && !first.get(i).isBlank()
                    ? first.get(i).trim()
                    : "column " + (i + 1);
            String field = null;
            if (hasHeader) {
                for (var e : byAlias.entrySet()) {
                    if (e.getValue() == i) {
                        field = e.getKey();
                    }
                }
            }
            if (field == null && i == phoneColumn && !mapping.containsKey("phone")) {
                field = "phone";
            }
            if (field != null && !mapping.containsKey(field)) {
                mapping.put(field, hasHeader ? name : "#" + (i + 1));
            }
            columns.add(new JsonObject().put("index", i + 1).put("name", name).put("field", field));
        }
        JsonArray sampleRows = new JsonArray();
        rows.stream().skip(hasHeader ? 1 : 0).limit(MAX_ROWS).forEach(r -> sampleRows.add(new JsonArray(r)));
        return new JsonObject()
                .put("encoding", charset.name())
                .put("bom", bom > 0)
                .put("delimiter", delim == '\t' ? "TAB" : String.valueOf(delim))
                .put("hasHeader", hasHeader)
                .put("detectedHeader", detectedHeader)
                .put("columns", columns)
                .put("mapping", mapping)
                .put("rows", sampleRows)
                .put("sampleComplete", complete);
    }

    static char parseDelimiter(String d) {
        String v = d.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case ",", "comma" -> ',';
            case ";", "semicolon" -> ';';
            case "tab", "\\t" -> '\t';
            case "|", "pipe" -> '|';
            default -> {
                if (d.equals("\t")) {
                    yield '\t';
                }
                throw ApiException.invalid("delimiter must be ',', ';', '|' or tab, got '" + d + "'");
            }
        };
    }

    private static char detectDelimiter(String text) {
        String[] lines = text.lines().filter(l -> !l.isBlank()).limit(50).toArray(String[]::new);
        char best = ',';
        double bestScore = -1;
        for (char d : new char[] {';', ',', '\t', '|'}) {
            int[] counts = new int[lines.length];
            for (int i = 0; i < lines.length; i++) {
                counts[i] = count(lines[i], d);
            }
            if (counts.length == 0 || counts[0] == 0) {
                continue;
            }
            int same = 0;
            for (int c : counts) {
                if (c == counts[0]) {
                    same++;
                }
            }
            double score = (double) same / counts.length * 1000 + counts[0];
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }

    private static int count(String line, char d) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == d && !quoted) {
                n++;
            }
        }
        return n;
    }

    private static List<List<String>> parse(String text, char delim) {
        List<List<String>> rows = new ArrayList<>();
        CSVFormat whole = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delim)
                .setIgnoreEmptyLines(true)
                .get();
        try (CSVParser p = CSVParser.parse(new StringReader(text), whole)) {
            var records = p.iterator();
            while (rows.size() <= MAX_ROWS && records.hasNext()) {
                List<String> cells = records.next().toList();
                if (!cells.stream().allMatch(String::isBlank)) {
                    rows.add(cells);
                }
            }
            return rows;
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            // an unbalanced quote: keep the rows before it, else fall back to one record per line below
            if (!rows.isEmpty()) {
                return rows;
            }
        }
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delim)
                .setIgnoreEmptyLines(true)
                .get();
        for (String line : text.split("\\r\\n|\\r|\\n")) {
            if (rows.size() > MAX_ROWS + 1) {
                break;
            }
            if (line.replace(String.valueOf(delim), "").isBlank()) {
                continue;
            }
            try (CSVParser p = CSVParser.parse(new StringReader(line), format)) {
                for (CSVRecord r : p) {
                    rows.add(r.toList());
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // A row the import will reject (e.g. an unbalanced quote): show it raw as one cell.
                rows.add(List.of(line));
            }
        }
        return rows;
    }

    private static int phoneColumn(List<List<String>> rows, int width) {
        int best = -1;
        int bestCount = 0;
        for (int col = 0; col < width; col++) {
            int n = 0;
            for (List<String> r : rows) {
                if (col < r.size() && looksLikePhone(r.get(col))) {
                    n++;
                }
            }
            if (n > bestCount) {
                bestCount = n;
                best = col;
            }
        }
        return best;
    }

    private static boolean looksLikePhone(String cell) {
        String v = cell.trim();
        if (!v.matches("[+0-9 ()./-]{6,25}")) {
            return false;
        }
        long digits = v.chars().filter(Character::isDigit).count();
        return digits >= 6 && digits <= 15;
    }

    static String normalise(String header) {
        String s = Normalizer.normalize(header.trim().toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return s.replaceAll("\\p{M}", "").replaceAll("[^a-z0-9]", "");
    }

    private static boolean startsWith(byte[] b, int... sig) {
        if (b.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUtf8(byte[] b, boolean complete) {
        int len = b.length;
        if (!complete) {
            // do not fail on a multi-byte character cut at the end of the slice
            int back = 0;
            while (back < 3 && len - back - 1 >= 0 && (b[len - back - 1] & 0xC0) == 0x80) {
                back++;
            }
            if (len - back - 1 >= 0 && (b[len - back - 1] & 0xC0) == 0xC0) {
                len = len - back - 1;
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, 0, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
