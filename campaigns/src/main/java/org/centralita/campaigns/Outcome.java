package org.centralita.campaigns;

import java.util.Locale;

/** How a dial attempt ended. */
public enum Outcome {
    ANSWERED_HUMAN,
    ANSWERED_MACHINE,
    BUSY,
    NO_ANSWER,
    FAILED,
    ABANDONED,
    COMPLETED;

    /** Returns the wire name, e.g. {@code answered-human}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a wire name ({@code no-answer}) or an enum name ({@code NO_ANSWER}). */
    public static Outcome parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown outcome '" + value + "'", e);
        }
    }
}
