package org.centralita.campaigns;

import java.time.LocalTime;
import java.util.Objects;

/** A local time-of-day range, start inclusive and end exclusive; {@code 00:00} as end means midnight. */
public record TimeRange(LocalTime start, LocalTime end) {
    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
            throw new IllegalArgumentException("time range start " + start + " must be before end " + end);
        }
    }

    /** Parses {@code 09:00-21:00}. */
    public static TimeRange parse(String text) {
        String[] parts = text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("time range must look like 09:00-21:00, got '" + text + "'");
        }
        return new TimeRange(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
    }

    /** Returns true if {@code time} is inside this range. */
    public boolean contains(LocalTime time) {
        return !time.isBefore(start) && (end.equals(LocalTime.MIDNIGHT) || time.isBefore(end));
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
