package org.centralita.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one upload into a campaign in one transaction: sniff, split records, map columns, normalise numbers,
 * de-duplicate, scrub do-not-call, insert in batches, and report every row. Runs on a worker thread.
 */
final class ContactImporter {
    private static final Logger LOG = LoggerFactory.getLogger(ContactImporter.class);
    private static final int SAMPLE = 64 * 1024;
    static final int CHUNK = 1000;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
    private static final ConcurrentHashMap<Long, Object> CAMPAIGN_LOCKS = new ConcurrentHashMap<>();

    private final Database db;
    private final Clock clock;

    ContactImporter(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A row that passed parsing and number validation, waiting for the do-not-call and campaign checks. */
    private record Pending(
            long lineNo,
            String e164,
            String name,
            String customerId,
            String language,
            String zone,
            String email,
            String fields,
            String raw) {}

    private record Columns(
            List<String> names, Map<ContactField, Integer> standard, List<Integer> custom, List<String> customNames) {}

    ImportReport run(
            Campaign campaign,
            String fileName,
            InputStream source,
            long totalBytes,
            ImportOptions options,
            Consumer<ImportProgress> progress) {
        if (totalBytes > options.maxBytes()) {
            throw new ImportException(
                    ImportException.Failure.TOO_LARGE,
                    "the file is " + Formats.bytes(totalBytes) + "; the upload limit is "
                            + Formats.bytes(options.maxBytes()));
        }
        Object lock = CAMPAIGN_LOCKS.computeIfAbsent(campaign.id(), k -> new Object());
        synchronized (lock) {
            try {
                return importLocked(campaign, fileName, source, totalBytes, options, progress);
            } catch (UncheckedIOException e) {
                throw readError(e.getCause());
            }
        }
    }

    private static ImportException readError(IOException e) {
        if (e instanceof CharacterCodingException) {
            return new ImportException(
                    ImportException.Failure.ENCODING_ERROR,
                    "the file is not valid in the detected or chosen encoding (" + e.getMessage()
                            + "); choose its encoding explicitly (e.g. windows-1252 or ISO-8859-1)",
                    e);
        }
        return new ImportException(ImportException.Failure.READ_ERROR, "cannot read the upload: " + e.getMessage(), e);
    }

    private ImportReport importLocked(
            Campaign campaign,
            String fileName,
            InputStream source,
            long totalBytes,
            ImportOptions options,
            Consumer<ImportProgress> progress) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        CountingInputStream counting = new CountingInputStream(source, options.maxBytes());
        BufferedInputStream in = new BufferedInputStream(counting, SAMPLE * 2);
        byte[] sample = new byte[SAMPLE];
        int n;
        boolean eof;
        Charset charset;
        String sampleText;
        try {
            in.mark(SAMPLE + 1);
            n = in.readNBytes(sample, 0, SAMPLE);
            eof = n < SAMPLE || in.read() == -1;
            in.reset();
            CsvSniffer.Sniffed sniffed = CsvSniffer.sniff(sample, n, eof, options.encoding());
            charset = sniffed.charset();
            in.skipNBytes(sniffed.bomLength());
            sampleText = new String(sample, sniffed.bomLength(), n - sniffed.bomLength(), charset);
        } catch (IOException e) {
            throw readError(e);
        }
        if (sampleText.isBlank() && eof) {
            throw new ImportException(ImportException.Failure.EMPTY_FILE, "the file has no rows (only blank lines)");
        }
        char delimiter = options.delimiter() != null ? options.delimiter() : CsvSniffer.delimiter(sampleText);
        Reader reader = new InputStreamReader(
                in,
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        RecordReader records = new RecordReader(reader, delimiter);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setQuote('"')
                .setIgnoreEmptyLines(false)
                .get();

        Counts counts = new Counts();
        List<RecordReader.Raw> before = new ArrayList<>();
        RecordReader.Raw first = nextNonBlank(records, counts, before);
        if (first == null) {
            throw new ImportException(ImportException.Failure.EMPTY_FILE, "the file has no rows (only blank lines)");
        }
        List<String> firstCells = first.unbalanced() ? null : parse(first.text(), format);
        if (firstCells == null) {
            firstCells = List.of(first.text());
        }
        PhoneNormalizer phones = new PhoneNormalizer(
                campaign.spec().defaultCountry(),
                campaign.spec().defaultTimeZone().getId());
        boolean header = options.hasHeader() != null
                ? options.hasHeader()
                : ColumnAliases.anyMatch(firstCells) || !looksLikeData(firstCells, phones);
        Columns columns = header
                ? mapHeader(firstCells, options)
                : mapPositional(firstCells, options, phones, records, format, before, counts);

        String listName = options.listName() != null ? options.listName() : fileName;
        final List<RecordReader.Raw> replay = header ? before : prepend(first, before);
        final boolean hasHeader = header;
        long[] ids = db.transactionBlocking(conn -> {
            long listId = insertReturningId(
                    conn,
                    "INSERT INTO contact_lists (campaign_id, name, status, created_at) VALUES (?, ?, 'IMPORTING', ?)",
                    campaign.id(),
                    truncate(listName, 255),
                    Formats.ts(now));
            DialingCache.touch(conn, campaign.id()); // claims learn of the new list before its first rows commit
            long importId = insertReturningId(
                    conn,
                    "INSERT INTO imports (campaign_id, list_id, file_name, encoding, delimiter, has_header, rows_read,"
                            + " accepted, rejected, report, started_at, finished_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, '{}', ?, ?)",
                    campaign.id(),
                    listId,
                    truncate(fileName, 255),
                    charset.name(),
                    delimiterName(delimiter),
                    hasHeader,
                    Formats.ts(now),
                    Formats.ts(now));
            return new long[] {listId, importId};
        });
        long listId = ids[0];
        long importId = ids[1];
        try {
            return db.transactionBlocking(conn -> importRows(
                    conn,
                    campaign,
                    fileName,
                    listId,
                    importId,
                    now,
                    started,
                    charset,
                    delimiter,
                    hasHeader,
                    format,
                    columns,
                    phones,
                    records,
                    replay,
                    counting,
                    totalBytes,
                    counts,
                    progress));
        } catch (RuntimeException | Error e) {
            discard(listId, importId, e);
            throw e;
        }
    }

    /** Removes everything a failed import committed (its list is still IMPORTING, so nothing of it was dialed). */
    private void discard(long listId, long importId, Throwable cause) {
        try {
            db.transactionBlocking(conn -> {
                deleteImport(conn, listId, importId);
                return null;
            });
        } catch (RuntimeException cleanup) {
            cause.addSuppressed(cleanup);
        }
        LOG.warn("import {} into list {} failed and was discarded: {}", importId, listId, cause.toString());
    }

    static void deleteImport(Connection conn, long listId, long importId) throws SQLException {
        Long campaignId = null;
        try (PreparedStatement ps = conn.prepareStatement("SELECT campaign_id FROM contact_lists WHERE id = ?")) {
            ps.setLong(1, listId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    campaignId = rs.getLong(1);
                }
            }
        }
        for (String sql : List.of(
                // scoped by campaign: on H2 no index starts with list_id (see V102)
                "DELETE FROM contacts WHERE campaign_id = (SELECT campaign_id FROM contact_lists WHERE id = ?)"
                        + " AND list_id = ?",
                "DELETE FROM import_rejects WHERE import_id IN (SELECT id FROM imports WHERE list_id = ?)",
                "DELETE FROM imports WHERE list_id = ?",
                "DELETE FROM contact_lists WHERE id = ?")) {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 1; i <= sql.chars().filter(ch -> ch == '?').count(); i++) {
                    ps.setLong(i, listId);
                }
                ps.executeUpdate();
            }
        }
        // lists before campaigns, as in setListStatus and the import's own transactions
        if (campaignId != null) {
            DialingCache.touch(conn, campaignId);
        }
    }

    /**
     * Deletes the half-imported lists left by a crash (status IMPORTING). Call once at start-up, before any import
     * runs; returns how many lists were removed.
     */
    int recoverInterrupted() {
        return db.transactionBlocking(conn -> {
            List<long[]> lists = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                            "SELECT l.id, i.id FROM contact_lists l LEFT JOIN imports i ON i.list_id = l.id"
                                    + " WHERE l.status = 'IMPORTING'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lists.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
            for (long[] l : lists) {
                deleteImport(conn, l[0], l[1]);
                LOG.warn("removed list {} left half-imported by a crash", l[0]);
            }
            return lists.size();
        });
    }

    private ImportReport importRows(
            Connection conn,
            Campaign campaign,
            String fileName,
            long listId,
            long importId,
            Instant now,
            long started,
            Charset charset,
            char delimiter,
            boolean hasHeader,
            CSVFormat format,
            Columns columns,
            PhoneNormalizer phones,
            RecordReader records,
            List<RecordReader.Raw> replay,
            CountingInputStream counting,
            long totalBytes,
            Counts counts,
            Consumer<ImportProgress> progress)
            throws SQLException {
        {
            Batch batch = new Batch(conn, campaign.id(), listId, importId, now, counts);
            LongIntMap seen = new LongIntMap(1 << 16);
            long lastProgress = System.nanoTime() - PROGRESS_EVERY_NANOS; // the first chunk always reports
            Iterator<RecordReader.Raw> replayIt = replay.iterator();
            try {
                while (true) {
                    RecordReader.Raw raw = replayIt.hasNext() ? replayIt.next() : records.next();
                    if (raw == null) {
                        break;
                    }
                    if (isBlank(raw, delimiter)) {
                        counts.blank++;
                        continue;
                    }
                    counts.rows++;
                    handleRow(raw, format, columns, phones, seen, batch, counts);
                    if (batch.pending.size() >= CHUNK) {
                        batch.flush();
                        long t = System.nanoTime();
                        if (progress != null && t - lastProgress >= PROGRESS_EVERY_NANOS) {
                            lastProgress = t;
                            progress.accept(new ImportProgress(counts.rows, counting.count(), totalBytes));
                        }
                    }
                }
            } catch (IOException e) {
                throw readError(e);
            }
            batch.flush();
            batch.finish();
            Set<String> missing = new LinkedHashSet<>(campaign.survey().placeholders());
            missing.removeIf(p -> hasPlaceholder(p, columns));
            Map<ContactField, String> mapping = new EnumMap<>(ContactField.class);
            columns.standard().forEach((f, i) -> mapping.put(f, columns.names().get(i)));
            ImportReport report = new ImportReport(
                    importId,
                    campaign.id(),
                    listId,
                    fileName,
                    charset.name(),
                    delimiterName(delimiter),
                    hasHeader,
                    mapping,
                    columns.customNames(),
                    counts.rows,
                    counts.blank,
                    counts.accepted,
                    counts.rejected,
                    missing,
                    counting.count(),
                    (System.nanoTime() - started) / 1_000_000);
            saveReport(conn, report, clock.instant());
            ZoneSets.add(conn, campaign.id(), batch.zones);
            try (PreparedStatement ps =
                    conn.prepareStatement("UPDATE contact_lists SET status = 'ACTIVE' WHERE id = ?")) {
                ps.setLong(1, listId);
                ps.executeUpdate();
            }
            DialingCache.touch(conn, campaign.id());
            if (progress != null) {
                progress.accept(new ImportProgress(counts.rows, counting.count(), totalBytes));
            }
            LOG.info(
                    "campaign {}: imported '{}' into list {}: {} rows, {} accepted, {} rejected",
                    campaign.id(),
                    fileName,
                    listId,
                    counts.rows,
                    counts.accepted,
                    report.rejectedTotal());
            return report;
        }
    }

    private static List<RecordReader.Raw> prepend(RecordReader.Raw first, List<RecordReader.Raw> rest) {
        List<RecordReader.Raw> l = new ArrayList<>(rest.size() + 1);
        l.add(first);
        l.addAll(rest);
        return l;
    }

    private static boolean hasPlaceholder(String p, Columns columns) {
        String norm = ColumnAliases.normalise(p);
        if (Set.of("phone", "name", "customerid", "email", "language").contains(norm)) {
            return true;
        }
        return columns.customNames().stream()
                .anyMatch(c -> c.equals(p) || ColumnAliases.normalise(c).equals(norm));
    }

    private static String delimiterName(char d) {
        return d == '\t' ? "TAB" : String.valueOf(d);
    }

    static final class Counts {
        long rows;
        long blank;
        long accepted;
        final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);

        void reject(RejectReason r) {
            rejected.merge(r, 1L, Long::sum);
        }
    }

    private static RecordReader.Raw nextNonBlank(RecordReader records, Counts counts, List<RecordReader.Raw> unused) {
        try {
            while (true) {
                RecordReader.Raw r = records.next();
                if (r == null) {
                    return null;
                }
                if (r.text().isBlank()) {
                    counts.blank++;
                    continue;
                }
                return r;
            }
        } catch (IOException e) {
            throw readError(e);
        }
    }

    private static boolean isBlank(RecordReader.Raw raw, char delimiter) {
        String t = raw.text();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != delimiter && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses one logical record; returns null if it is not valid CSV. A record without any quote is split on the
     * delimiter directly (exactly what Commons CSV does with it, without building a parser per row); a record with
     * quotes is parsed by Commons CSV.
     */
    private static List<String> parse(String text, CSVFormat format) {
        if (text.indexOf('"') < 0) {
            char d = format.getDelimiterString().charAt(0);
            List<String> cells = new ArrayList<>(8);
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == d) {
                    cells.add(text.substring(start, i));
                    start = i + 1;
                }
            }
            cells.add(text.substring(start));
            return cells;
        }
        try (CSVParser p = CSVParser.parse(text, format)) {
            Iterator<CSVRecord> it = p.iterator();
            if (!it.hasNext()) {
                return List.of("");
            }
            CSVRecord r = it.next();
            if (it.hasNext()) {
                return null;
            }
            return r.toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    private static boolean looksLikeData(List<String> cells, PhoneNormalizer phones) {
        for (String c : cells) {
            if (c != null
                    && c.chars().filter(Character::isDigit).count() >= 6
                    && phones.normalise(c).valid()) {
                return true;
            }
        }
        return false;
    }

    private static Columns mapHeader(List<String> header, ImportOptions options) {
        List<String> names = uniqueNames(header);
        Map<ContactField, Integer> standard = standardFromHeader(names, options);
        if (!standard.containsKey(ContactField.PHONE)) {
            throw new ImportException(
                    ImportException.Failure.NO_PHONE_COLUMN,
                    "no phone column: none of the columns " + names
                            + " is named like a phone column (telefono, teléfono, móvil, phone, mobile, tel...);"
                            + " rename it or map it explicitly");
        }
        return columns(names, standard);
    }

    /** Maps standard fields to header columns: the explicit mapping first, then the header aliases. */
    private static Map<ContactField, Integer> standardFromHeader(List<String> names, ImportOptions options) {
        Map<ContactField, Integer> standard = new EnumMap<>(ContactField.class);
        for (Map.Entry<ContactField, String> e : options.mapping().entrySet()) {
            standard.put(e.getKey(), resolve(e.getValue(), names, e.getKey()));
        }
        for (int i = 0; i < names.size(); i++) {
            final int col = i;
            if (standard.containsValue(col)) {
                continue;
            }
            ColumnAliases.match(names.get(i)).ifPresent(f -> standard.putIfAbsent(f, col));
        }
        return standard;
    }

    private static int resolve(String column, List<String> names, ContactField field) {
        if (column.startsWith("#")) {
            try {
                int i = Integer.parseInt(column.substring(1)) - 1;
                if (i >= 0 && i < Math.max(names.size(), 1000)) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ImportException(
                    ImportException.Failure.BAD_MAPPING,
                    "mapping for " + field + ": bad column number '" + column + "'");
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(column.trim())) {
                return i;
            }
        }
        String norm = ColumnAliases.normalise(column);
        for (int i = 0; i < names.size(); i++) {
            if (ColumnAliases.normalise(names.get(i)).equals(norm)) {
                return i;
            }
        }
        throw new ImportException(
                ImportException.Failure.BAD_MAPPING,
                "mapping for " + field + ": the file has no column '" + column + "' (columns: " + names + ")");
    }

    private static Columns mapPositional(
            List<String> firstCells,
            ImportOptions options,
            PhoneNormalizer phones,
            RecordReader records,
            CSVFormat format,
            List<RecordReader.Raw> lookahead,
            Counts counts) {
        // read up to 50 more rows to find the column that holds phone numbers
        List<List<String>> rows = new ArrayList<>();
        rows.add(firstCells);
        try {
            while (lookahead.size() < 50) {
                RecordReader.Raw r = records.next();
                if (r == null) {
                    break;
                }
                lookahead.add(r);
                if (!r.unbalanced()) {
                    List<String> cells = parse(r.text(), format);
                    if (cells != null) {
                        rows.add(cells);
                    }
                }
            }
        } catch (IOException e) {
            throw readError(e);
        }
        int width = rows.stream().mapToInt(List::size).max().orElse(1);
        List<String> names = positionalNames(width);
        Map<ContactField, Integer> standard = standardPositional(rows, names, options, phones);
        if (!standard.containsKey(ContactField.PHONE)) {
            throw new ImportException(
                    ImportException.Failure.NO_PHONE_COLUMN,
                    "no phone column: the file has no header and no column holds phone numbers");
        }
        return columns(names, standard);
    }

    private static List<String> positionalNames(int width) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            names.add("column " + (i + 1));
        }
        return names;
    }

    /**
     * Maps standard fields in a file without header: the explicit mapping first, then the phone goes to the column
     * holding the most valid phone numbers (absent if none holds any).
     */
    private static Map<ContactField, Integer> standardPositional(
            List<List<String>> rows, List<String> names, ImportOptions options, PhoneNormalizer phones) {
        Map<ContactField, Integer> standard = new EnumMap<>(ContactField.class);
        for (Map.Entry<ContactField, String> e : options.mapping().entrySet()) {
            standard.put(e.getKey(), resolve(e.getValue(), names, e.getKey()));
        }
        if (!standard.containsKey(ContactField.PHONE)) {
            int best = -1;
            int bestHits = 0;
            for (int c = 0; c < names.size(); c++) {
                int hits = 0;
                for (List<String> row : rows) {
                    if (c < row.size() && phones.normalise(row.get(c)).valid()) {
                        hits++;
                    }
                }
                if (hits > bestHits) {
                    best = c;
                    bestHits = hits;
                }
            }
            if (best >= 0) {
                standard.put(ContactField.PHONE, best);
            }
        }
        return standard;
    }

    /**
     * Previews an upload from its first bytes with the very detection the import uses: encoding and BOM, delimiter,
     * header, column mapping (header aliases or, without header, the column of phone numbers over up to 50 more rows),
     * and the first {@code maxRows} data rows. A missing phone column is not an error here: the mapping lacks it.
     */
    static ImportPreview preview(byte[] head, boolean complete, ImportOptions options, CampaignSpec spec, int maxRows) {
        CsvSniffer.Sniffed sniffed = CsvSniffer.sniff(head, head.length, complete, options.encoding());
        Charset charset = sniffed.charset();
        int bom = sniffed.bomLength();
        String text = new String(head, bom, head.length - bom, charset);
        if (!complete) {
            // the last line of a slice is cut short: leave it out
            int cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
            if (cut > 0) {
                text = text.substring(0, cut);
            }
        }
        if (text.isBlank()) {
            throw new ImportException(ImportException.Failure.EMPTY_FILE, "the file has no rows (only blank lines)");
        }
        char delimiter = options.delimiter() != null ? options.delimiter() : CsvSniffer.delimiter(text);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setQuote('"')
                .setIgnoreEmptyLines(false)
                .get();
        // the first non-blank record, then up to 50 more (as many as the import looks at without a header)
        RecordReader records = new RecordReader(new java.io.StringReader(text), delimiter);
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> parsedRows = new ArrayList<>();
        try {
            RecordReader.Raw r;
            while (rows.size() < 51 && (r = records.next()) != null) {
                if (rows.isEmpty() ? r.text().isBlank() : isBlank(r, delimiter)) {
                    continue;
                }
                List<String> cells = r.unbalanced() ? null : parse(r.text(), format);
                if (cells != null) {
                    parsedRows.add(cells);
                }
                // a record the import will reject (e.g. an unbalanced quote) is shown raw, as one cell
                rows.add(cells == null ? List.of(r.text()) : cells);
            }
        } catch (IOException e) {
            throw readError(e);
        }
        if (rows.isEmpty()) {
            throw new ImportException(ImportException.Failure.EMPTY_FILE, "the file has no rows (only blank lines)");
        }
        List<String> firstCells = rows.get(0);
        PhoneNormalizer phones = new PhoneNormalizer(
                spec.defaultCountry(), spec.defaultTimeZone().getId());
        boolean detectedHeader = ColumnAliases.anyMatch(firstCells) || !looksLikeData(firstCells, phones);
        boolean header = options.hasHeader() != null ? options.hasHeader() : detectedHeader;
        int width = rows.stream().mapToInt(List::size).max().orElse(1);
        List<String> names;
        Map<ContactField, Integer> standard;
        if (header) {
            names = new ArrayList<>(uniqueNames(firstCells));
            for (int i = names.size(); i < width; i++) {
                names.add("column " + (i + 1));
            }
            standard = standardFromHeader(names.subList(0, firstCells.size()), options);
        } else {
            names = positionalNames(width);
            standard = standardPositional(parsedRows, names, options, phones);
        }
        List<List<String>> data = rows.subList(header ? 1 : 0, rows.size()).stream()
                .limit(maxRows)
                .toList();
        return new ImportPreview(charset, bom > 0, delimiter, header, detectedHeader, names, standard, data, complete);
    }

    private static Columns columns(List<String> names, Map<ContactField, Integer> standard) {
        List<Integer> custom = new ArrayList<>();
        List<String> customNames = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!standard.containsValue(i)) {
                custom.add(i);
                customNames.add(names.get(i));
            }
        }
        return new Columns(names, standard, custom, customNames);
    }

    private static List<String> uniqueNames(List<String> header) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i) == null ? "" : header.get(i).strip();
            if (h.isEmpty()) {
                h = "column " + (i + 1);
            }
            int k = seen.merge(h.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            names.add(k == 1 ? h : h + " (" + k + ")");
        }
        return names;
    }

    private void handleRow(
            RecordReader.Raw raw,
            CSVFormat format,
            Columns columns,
            PhoneNormalizer phones,
            LongIntMap seen,
            Batch batch,
            Counts counts)
            throws SQLException {
        if (raw.unbalanced()) {
            batch.reject(raw, RejectReason.UNBALANCED_QUOTES, "a quoted field is never closed; the row was skipped");
            return;
        }
        List<String> cells = parse(raw.text(), format);
        if (cells == null) {
            batch.reject(raw, RejectReason.MALFORMED_ROW, "the row is not valid CSV (text after a closing quote?)");
            return;
        }
        String phoneCell = cell(cells, columns.standard().get(ContactField.PHONE));
        PhoneNormalizer.Result phone = phones.normalise(phoneCell);
        if (!phone.valid()) {
            batch.reject(raw, phone.reason(), phone.detail());
            return;
        }
        String zone = phone.timeZone();
        String tzCell = strip(cell(cells, columns.standard().get(ContactField.TIME_ZONE)));
        if (tzCell != null && !tzCell.isEmpty()) {
            try {
                zone = ZoneId.of(tzCell).getId();
            } catch (RuntimeException e) {
                batch.reject(raw, RejectReason.INVALID_TIME_ZONE, "unknown time zone '" + tzCell + "'");
                return;
            }
        }
        // "Nombre" + "Apellidos" (or first + last name) make the full name
        String name = strip(cell(cells, columns.standard().get(ContactField.NAME)));
        if (name == null || name.isEmpty()) {
            name = strip(cell(cells, columns.standard().get(ContactField.FIRST_NAME)));
        }
        String lastName = strip(cell(cells, columns.standard().get(ContactField.LAST_NAME)));
        String joined = ((name == null ? "" : name) + " " + (lastName == null ? "" : lastName)).strip();
        name = joined.isEmpty() ? null : joined;
        String customerId = strip(cell(cells, columns.standard().get(ContactField.CUSTOMER_ID)));
        String language = strip(cell(cells, columns.standard().get(ContactField.LANGUAGE)));
        String email = strip(cell(cells, columns.standard().get(ContactField.EMAIL)));
        String tooLong = tooLong(name, 300, "name");
        tooLong = tooLong != null ? tooLong : tooLong(customerId, 200, "customer id");
        tooLong = tooLong != null ? tooLong : tooLong(language, 35, "language");
        tooLong = tooLong != null ? tooLong : tooLong(email, 320, "email");
        if (tooLong != null) {
            batch.reject(raw, RejectReason.MALFORMED_ROW, tooLong);
            return;
        }
        JsonObject fields = new JsonObject(new LinkedHashMap<>());
        List<Integer> custom = columns.custom();
        for (int i = 0; i < custom.size(); i++) {
            int c = custom.get(i);
            if (c < cells.size()) {
                fields.put(columns.customNames().get(i), cells.get(c));
            }
        }
        for (int c = columns.names().size(); c < cells.size(); c++) {
            if (!cells.get(c).isEmpty()) {
                fields.put("column " + (c + 1), cells.get(c));
            }
        }
        String fieldsJson = fields.encode();
        if (fieldsJson.length() > 100_000) {
            batch.reject(raw, RejectReason.MALFORMED_ROW, "the row's other columns exceed 100000 characters");
            return;
        }
        long key = PhoneNormalizer.key(phone.e164());
        int firstLine = seen.putIfAbsent(key, (int) Math.min(Integer.MAX_VALUE, raw.lineNo()));
        if (firstLine >= 0) {
            batch.reject(raw, RejectReason.DUPLICATE_IN_FILE, "same number " + phone.e164() + " as line " + firstLine);
            return;
        }
        batch.pending.add(new Pending(
                raw.lineNo(), phone.e164(), name, customerId, language, zone, email, fieldsJson, raw.text()));
    }

    private static String tooLong(String v, int max, String what) {
        return v != null && v.length() > max ? "the " + what + " is longer than " + max + " characters" : null;
    }

    private static String cell(List<String> cells, Integer index) {
        return index == null || index >= cells.size() ? null : cells.get(index);
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private void saveReport(Connection conn, ImportReport r, Instant finished) throws SQLException {
        JsonObject rejected = new JsonObject();
        r.rejected().forEach((k, v) -> rejected.put(k.name(), v));
        JsonObject mapping = new JsonObject();
        r.mapping().forEach((k, v) -> mapping.put(k.name(), v));
        JsonObject json = new JsonObject()
                .put("blankLines", r.blankLines())
                .put("rejected", rejected)
                .put("mapping", mapping)
                .put("customFields", new JsonArray(r.customFields()))
                .put("missingPlaceholders", new JsonArray(List.copyOf(r.missingPlaceholders())))
                .put("bytesRead", r.bytesRead())
                .put("durationMillis", r.durationMillis());
        try (PreparedStatement ps = conn.prepareStatement(
                "UPDATE imports SET rows_read = ?, accepted = ?, rejected = ?, report = ?, finished_at = ? WHERE id = ?")) {
            ps.setLong(1, r.rowsRead());
            ps.setLong(2, r.accepted());
            ps.setLong(3, r.rejectedTotal());
            ps.setString(4, json.encode());
            ps.setObject(5, Formats.ts(finished));
            ps.setLong(6, r.importId());
            ps.executeUpdate();
        }
    }

    static long insertReturningId(Connection conn, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql, new String[] {"id"})) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key for " + sql);
                }
                return keys.getLong(1);
            }
        }
    }

    /** Batches inserts of contacts and rejects; checks each chunk against do-not-call and the campaign. */
    private static final class Batch {
        private static final String INSERT_CONTACT = "INSERT INTO contacts (campaign_id, list_id, line_no, phone, name,"
                + " customer_id, language, time_zone, email, fields, state, priority, next_due_at, attempts,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'READY', 1, ?, 0, ?)";
        private static final String INSERT_REJECT =
                "INSERT INTO import_rejects (import_id, line_no, reason, detail, raw) VALUES (?, ?, ?, ?, ?)";

        final List<Pending> pending = new ArrayList<>(CHUNK);
        final Set<String> zones = new HashSet<>();
        private final Connection conn;
        private final long campaignId;
        private final long listId;
        private final long importId;
        private final Counts counts;
        private final PreparedStatement insertContact;
        private final PreparedStatement insertReject;
        private final PreparedStatement dncLookup;
        private final PreparedStatement campaignLookup;
        private final boolean checkDnc;
        private final boolean checkCampaign;
        private final java.time.LocalDateTime now;
        private int rejectsPending;

        Batch(Connection conn, long campaignId, long listId, long importId, Instant now, Counts counts)
                throws SQLException {
            this.conn = conn;
            this.campaignId = campaignId;
            this.listId = listId;
            this.importId = importId;
            this.counts = counts;
            this.now = Formats.ts(now);
            insertContact = conn.prepareStatement(INSERT_CONTACT);
            insertReject = conn.prepareStatement(INSERT_REJECT);
            dncLookup = conn.prepareStatement("SELECT phone FROM dnc WHERE phone IN (" + marks(CHUNK) + ")");
            campaignLookup = conn.prepareStatement(
                    "SELECT phone FROM contacts WHERE campaign_id = ? AND list_id <> ? AND phone IN (" + marks(CHUNK)
                            + ")");
            checkDnc = exists(conn, "SELECT 1 FROM dnc", -1);
            checkCampaign = exists(conn, "SELECT 1 FROM contacts WHERE campaign_id = ?", campaignId);
        }

        private static boolean exists(Connection conn, String sql, long param) throws SQLException {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setMaxRows(1);
                if (param >= 0) {
                    ps.setLong(1, param);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }

        private static String marks(int n) {
            return String.join(", ", java.util.Collections.nCopies(n, "?"));
        }

        void reject(RecordReader.Raw raw, RejectReason reason, String detail) throws SQLException {
            reject(raw.lineNo(), raw.text(), reason, detail);
        }

        void reject(long lineNo, String rawText, RejectReason reason, String detail) throws SQLException {
            counts.reject(reason);
            insertReject.setLong(1, importId);
            insertReject.setLong(2, lineNo);
            insertReject.setString(3, reason.name());
            insertReject.setString(4, truncate(detail == null ? "" : detail, 500));
            insertReject.setString(5, truncate(rawText, 100_000));
            insertReject.addBatch();
            if (++rejectsPending >= CHUNK) {
                insertReject.executeBatch();
                rejectsPending = 0;
            }
        }

        private Set<String> lookup(PreparedStatement ps, int offset) throws SQLException {
            Set<String> found = new HashSet<>();
            for (int i = 0; i < CHUNK; i++) {
                ps.setString(
                        offset + i + 1,
                        pending.get(Math.min(i, pending.size() - 1)).e164());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }

        void flush() throws SQLException {
            if (pending.isEmpty()) {
                return;
            }
            Set<String> dnc = checkDnc ? lookup(dncLookup, 0) : Set.of();
            Set<String> existing = Set.of();
            if (checkCampaign) {
                campaignLookup.setLong(1, campaignId);
                campaignLookup.setLong(2, listId);
                existing = lookup(campaignLookup, 2);
            }
            for (Pending p : pending) {
                if (dnc.contains(p.e164())) {
                    reject(p.lineNo(), p.raw(), RejectReason.DO_NOT_CALL, p.e164() + " is on the do-not-call list");
                    continue;
                }
                if (existing.contains(p.e164())) {
                    reject(
                            p.lineNo(),
                            p.raw(),
                            RejectReason.DUPLICATE_IN_CAMPAIGN,
                            p.e164() + " is already in this campaign");
                    continue;
                }
                PreparedStatement ps = insertContact;
                ps.setLong(1, campaignId);
                ps.setLong(2, listId);
                ps.setLong(3, p.lineNo());
                ps.setString(4, p.e164());
                ps.setString(5, p.name());
                ps.setString(6, p.customerId());
                ps.setString(7, p.language());
                ps.setString(8, p.zone());
                ps.setString(9, p.email());
                ps.setString(10, p.fields());
                ps.setObject(11, now);
                ps.setObject(12, now);
                ps.addBatch();
                zones.add(p.zone());
                counts.accepted++;
            }
            insertContact.executeBatch();
            pending.clear();
            conn.commit();
        }

        void finish() throws SQLException {
            if (rejectsPending > 0) {
                insertReject.executeBatch();
            }
            for (Statement s : List.of(insertContact, insertReject, dncLookup, campaignLookup)) {
                s.close();
            }
        }
    }
}
