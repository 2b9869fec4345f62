package org.centralita.campaigns;

/** Why one row of an upload was not imported. */
public enum RejectReason {
    /** The phone cell is empty. */
    MISSING_PHONE,
    /** libphonenumber says the number is not valid (detail says why), or it is premium-rate. */
    INVALID_PHONE,
    /** The same number appears earlier in the file (detail names the line). */
    DUPLICATE_IN_FILE,
    /** The number is already in this campaign. */
    DUPLICATE_IN_CAMPAIGN,
    /** The number is on the do-not-call list. */
    DO_NOT_CALL,
    /** A quoted field never closes (the row is skipped, the rows after it are imported). */
    UNBALANCED_QUOTES,
    /** The row cannot be parsed as CSV, or a value is too long. */
    MALFORMED_ROW,
    /** The time-zone column holds an unknown zone id. */
    INVALID_TIME_ZONE
}
