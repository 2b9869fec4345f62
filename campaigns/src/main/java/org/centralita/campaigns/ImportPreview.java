package org.centralita.campaigns;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an import would detect in a file, from its first bytes: the column-mapping preview shown before an upload. It
 * runs the import's own detection (encoding and byte-order mark, delimiter, header, header aliases, phone column), so
 * the preview and the import cannot disagree.
 *
 * @param encoding the charset the file is read with (detected, or the one in the options)
 * @param bom whether the file starts with a byte-order mark
 * @param delimiter {@code ','}, {@code ';'}, {@code '|'} or tab
 * @param hasHeader whether the first row is read as a header (detected, or the one in the options)
 * @param detectedHeader whether detection alone takes the first row for a header
 * @param columns one name per column: the header's (made unique) or {@code column n}
 * @param mapping the 0-based column each standard field comes from; no {@link ContactField#PHONE} means the import
 *     would refuse the file without an explicit mapping
 * @param rows the first data rows (after the header); a record the import will reject as malformed is one raw cell
 * @param sampleComplete whether the bytes were the whole file
 */
public record ImportPreview(
        Charset encoding,
        boolean bom,
        char delimiter,
        boolean hasHeader,
        boolean detectedHeader,
        List<String> columns,
        Map<ContactField, Integer> mapping,
        List<List<String>> rows,
        boolean sampleComplete) {

    /** Rows a preview shows by default. */
    public static final int DEFAULT_ROWS = 10;

    public ImportPreview {
        Objects.requireNonNull(encoding, "encoding");
        columns = List.copyOf(columns);
        Map<ContactField, Integer> m = new EnumMap<>(ContactField.class);
        m.putAll(mapping);
        mapping = java.util.Collections.unmodifiableMap(m);
        List<List<String>> r = new ArrayList<>(rows.size());
        rows.forEach(row -> r.add(List.copyOf(row)));
        rows = List.copyOf(r);
    }

    /**
     * Previews a file from its first bytes, detecting what {@code options} leaves open exactly as the import of that
     * file into a campaign with {@code spec} would.
     *
     * @param head the first bytes of the file (the whole file if {@code complete}); a partial last line is ignored
     * @param complete whether {@code head} is the whole file
     * @param options the person's overrides (encoding, delimiter, header, mapping)
     * @param spec the campaign the file goes to (its default country decides which cells are phone numbers)
     * @throws ImportException EMPTY_FILE, BINARY_FILE, or BAD_MAPPING for an explicit mapping to a missing column
     */
    public static ImportPreview of(byte[] head, boolean complete, ImportOptions options, CampaignSpec spec) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(spec, "spec");
        return ContactImporter.preview(head, complete, options, spec, DEFAULT_ROWS);
    }

    /** Returns the column a field is read from, as the import's mapping accepts it: its header name, or {@code #n}. */
    public Optional<String> columnOf(ContactField field) {
        Integer i = mapping.get(field);
        if (i == null) {
            return Optional.empty();
        }
        return Optional.of(hasHeader && i < columns.size() ? columns.get(i) : "#" + (i + 1));
    }

    /** Returns the field read from a 0-based column, if any. */
    public Optional<ContactField> fieldOf(int column) {
        return mapping.entrySet().stream()
                .filter(e -> e.getValue() == column)
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
