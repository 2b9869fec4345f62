package org.centralita.campaigns;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Clock;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Imports a do-not-call CSV in one transaction: the phone column (by alias, else the first), header optional. */
final class DncImporter {
    private final Database db;
    private final Clock clock;

    DncImporter(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    DncImportReport run(String fileName, InputStream source, long totalBytes, String region, ImportOptions options) {
        if (totalBytes > options.maxBytes()) {
            throw new ImportException(
                    ImportException.Failure.TOO_LARGE,
                    "the file is " + Formats.bytes(totalBytes) + "; the upload limit is "
                            + Formats.bytes(options.maxBytes()));
        }
        PhoneNormalizer phones = new PhoneNormalizer(region == null ? "ZZ" : region, "UTC");
        try {
            BufferedInputStream in =
                    new BufferedInputStream(new CountingInputStream(source, options.maxBytes()), 1 << 17);
            byte[] sample = new byte[65536];
            in.mark(sample.length + 1);
            int n = in.readNBytes(sample, 0, sample.length);
            boolean eof = n < sample.length;
            in.reset();
            CsvSniffer.Sniffed s = CsvSniffer.sniff(sample, n, eof, options.encoding());
            in.skipNBytes(s.bomLength());
            Charset cs = s.charset();
            String text = new String(sample, s.bomLength(), n - s.bomLength(), cs);
            if (text.isBlank() && eof) {
                throw new ImportException(ImportException.Failure.EMPTY_FILE, "the file has no rows");
            }
            char delimiter = options.delimiter() != null ? options.delimiter() : CsvSniffer.delimiter(text);
            RecordReader records = new RecordReader(
                    new InputStreamReader(
                            in,
                            cs.newDecoder()
                                    .onMalformedInput(CodingErrorAction.REPORT)
                                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
                    delimiter);
            CSVFormat format =
                    CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get();
            return db.transactionBlocking(c -> {
                long rows = 0;
                long added = 0;
                long already = 0;
                long invalid = 0;
                int phoneCol = -1;
                try {
                    RecordReader.Raw raw;
                    while ((raw = records.next()) != null) {
                        if (raw.text().isBlank()) {
                            continue;
                        }
                        List<String> cells = raw.unbalanced() ? null : cells(raw.text(), format);
                        if (phoneCol < 0) {
                            phoneCol = 0;
                            if (cells != null) {
                                for (int i = 0; i < cells.size(); i++) {
                                    if (ColumnAliases.match(cells.get(i)).orElse(null) == ContactField.PHONE) {
                                        phoneCol = i;
                                        break;
                                    }
                                }
                                if (ColumnAliases.anyMatch(cells)) {
                                    continue; // header row
                                }
                            }
                        }
                        rows++;
                        PhoneNormalizer.Result r = cells == null || phoneCol >= cells.size()
                                ? null
                                : phones.normalise(cells.get(phoneCol));
                        if (r == null || !r.valid()) {
                            invalid++;
                        } else if (Dialing.addDnc(c, r.e164(), "upload", fileName, clock.instant())) {
                            added++;
                        } else {
                            already++;
                        }
                    }
                } catch (IOException e) {
                    throw new ImportException(ImportException.Failure.READ_ERROR, "cannot read the upload: " + e, e);
                }
                return new DncImportReport(rows, added, already, invalid);
            });
        } catch (IOException e) {
            throw new ImportException(ImportException.Failure.READ_ERROR, "cannot read the upload: " + e, e);
        }
    }

    private static List<String> cells(String text, CSVFormat format) {
        try (CSVParser p = CSVParser.parse(text, format)) {
            List<CSVRecord> rs = p.getRecords();
            return rs.isEmpty() ? List.of() : rs.get(0).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }
}
