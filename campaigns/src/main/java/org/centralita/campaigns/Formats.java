package org.centralita.campaigns;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Small conversions shared by the module. */
final class Formats {
    private Formats() {}

    static String bytes(long n) {
        if (n >= 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        if (n >= 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return n + " bytes";
    }

    /** UTC instant to the value stored in a TIMESTAMP column. */
    static LocalDateTime ts(Instant i) {
        return i == null ? null : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (o instanceof Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + o.getClass());
    }

    static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        return instant(rs.getObject(column, LocalDateTime.class));
    }
}
