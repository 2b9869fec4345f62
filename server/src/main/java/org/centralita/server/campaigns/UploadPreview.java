package org.centralita.server.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.util.Locale;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.ContactField;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.ImportPreview;
import org.centralita.server.http.ApiException;

/**
 * The column-mapping preview of an upload as JSON: from the first bytes of a file (the browser sends a slice), the
 * detected encoding, delimiter and header, the first rows and the column each standard field would use. The detection
 * is the import's own ({@link ImportPreview}); the person may override encoding, delimiter, header and mapping, and
 * the overrides go with the upload.
 */
final class UploadPreview {
    /** Largest sample the preview reads. */
    static final int MAX_SAMPLE = 64 * 1024;

    private UploadPreview() {}

    /**
     * Builds the preview. Blocking (it parses CSV): call it on a worker.
     *
     * @param encoding a charset name chosen by the person, or null to detect
     * @param delimiter {@code ,}, {@code ;}, {@code tab} or {@code |}, or null to detect
     * @param header whether the first row is a header, or null to detect
     * @param complete whether the sample is the whole file (else its last, partial line is dropped)
     * @param spec the campaign the file is for (its default country decides what a phone number is)
     */
    static JsonObject of(
            byte[] sample, String encoding, String delimiter, Boolean header, boolean complete, CampaignSpec spec) {
        ImportOptions options = ImportOptions.detect();
        if (encoding != null && !encoding.isBlank()) {
            try {
                options = options.withEncoding(Charset.forName(encoding.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("encoding: unknown character set '" + encoding + "'");
            }
        }
        if (delimiter != null && !delimiter.isBlank()) {
            options = new ImportOptions(
                    options.listName(),
                    options.encoding(),
                    parseDelimiter(delimiter),
                    options.hasHeader(),
                    options.mapping(),
                    options.maxBytes());
        }
        if (header != null) {
            options = options.withHeader(header);
        }
        ImportPreview p = ImportPreview.of(sample, complete, options, spec);
        JsonArray columns = new JsonArray();
        for (int i = 0; i < p.columns().size(); i++) {
            String field = p.fieldOf(i).map(UploadPreview::fieldName).orElse(null);
            columns.add(new JsonObject()
                    .put("index", i + 1)
                    .put("name", p.columns().get(i))
                    .put("field", field));
        }
        JsonObject mapping = new JsonObject();
        for (ContactField f : ContactField.values()) {
            p.columnOf(f).ifPresent(c -> mapping.put(fieldName(f), c));
        }
        JsonArray rows = new JsonArray();
        p.rows().forEach(r -> rows.add(new JsonArray(r)));
        return new JsonObject()
                .put("encoding", p.encoding().name())
                .put("bom", p.bom())
                .put("delimiter", p.delimiter() == '\t' ? "TAB" : String.valueOf(p.delimiter()))
                .put("hasHeader", p.hasHeader())
                .put("detectedHeader", p.detectedHeader())
                .put("columns", columns)
                .put("mapping", mapping)
                .put("rows", rows)
                .put("sampleComplete", p.sampleComplete());
    }

    private static String fieldName(ContactField f) {
        return f.name().toLowerCase(Locale.ROOT);
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
}
