package org.centralita.campaigns;

import java.nio.charset.Charset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to read an upload; every field may be left to detection.
 *
 * @param listName name of the contact list created by the upload (defaults to the file name)
 * @param encoding the file's charset, or null to detect (UTF-8 with or without BOM, else Windows-1252)
 * @param delimiter {@code ','}, {@code ';'} or tab, or null to detect
 * @param hasHeader whether the first row is a header, or null to detect
 * @param mapping explicit columns for standard fields: a header name, or {@code #n} for the n-th column (1-based);
 *     fields not given are mapped by header aliases
 * @param maxBytes uploads larger than this are refused
 */
public record ImportOptions(
        String listName,
        Charset encoding,
        Character delimiter,
        Boolean hasHeader,
        Map<ContactField, String> mapping,
        long maxBytes) {

    /** Default upload limit: 200 MB. */
    public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;

    public ImportOptions {
        if (delimiter != null && delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|') {
            throw new IllegalArgumentException("delimiter must be ',', ';', '|' or tab, got '" + delimiter + "'");
        }
        Map<ContactField, String> m = new EnumMap<>(ContactField.class);
        m.putAll(mapping == null ? Map.of() : mapping);
        mapping = java.util.Collections.unmodifiableMap(m);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
    }

    /** Returns options that detect everything, with the default size limit. */
    public static ImportOptions detect() {
        return new ImportOptions(null, null, null, null, Map.of(), DEFAULT_MAX_BYTES);
    }

    public ImportOptions withEncoding(Charset charset) {
        return new ImportOptions(listName, Objects.requireNonNull(charset), delimiter, hasHeader, mapping, maxBytes);
    }

    public ImportOptions withMapping(ContactField field, String column) {
        Map<ContactField, String> m = new EnumMap<>(ContactField.class);
        m.putAll(mapping);
        m.put(field, column);
        return new ImportOptions(listName, encoding, delimiter, hasHeader, m, maxBytes);
    }

    public ImportOptions withHeader(boolean header) {
        return new ImportOptions(listName, encoding, delimiter, header, mapping, maxBytes);
    }

    public ImportOptions withMaxBytes(long max) {
        return new ImportOptions(listName, encoding, delimiter, hasHeader, mapping, max);
    }

    public ImportOptions withListName(String name) {
        return new ImportOptions(name, encoding, delimiter, hasHeader, mapping, maxBytes);
    }
}
