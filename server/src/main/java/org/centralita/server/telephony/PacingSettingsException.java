package org.centralita.server.telephony;

import org.centralita.server.ServerException;

/** Pacing settings that cannot be accepted: names the field, and whether the legal abandonment cap was hit. */
public final class PacingSettingsException extends ServerException {
    private final String field;
    private final boolean legalCap;

    /** Creates an error about {@code field}. */
    public PacingSettingsException(String field, String message) {
        this(field, message, false);
    }

    /** Creates an error about {@code field}; {@code legalCap} when it asks for more than the legal cap. */
    public PacingSettingsException(String field, String message, boolean legalCap) {
        super(field + ": " + message);
        this.field = field;
        this.legalCap = legalCap;
    }

    /** Returns the JSON field at fault. */
    public String field() {
        return field;
    }

    /** Returns whether the request asked for abandonment above the legal cap. */
    public boolean legalCap() {
        return legalCap;
    }
}
