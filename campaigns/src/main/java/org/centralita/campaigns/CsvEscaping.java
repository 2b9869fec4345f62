package org.centralita.campaigns;

/** Protects exported CSV cells against formula injection (OWASP "CSV injection"). */
public final class CsvEscaping {
    private CsvEscaping() {}

    /**
     * Returns the cell with a leading apostrophe if it begins with {@code = + - @}, tab or carriage return, so that
     * spreadsheet programs show it as text instead of evaluating it; other cells are returned unchanged.
     */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char c = value.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
            return "'" + value;
        }
        return value;
    }
}
