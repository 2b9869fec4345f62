package org.centralita.campaigns;

import java.util.Objects;

/**
 * Thrown when an upload cannot be imported at all (as opposed to single rows, which are rejected and reported).
 * Nothing of the upload is stored when this is thrown.
 */
public final class ImportException extends CampaignsException {
    private static final long serialVersionUID = 1L;

    /** Why the whole upload was refused. */
    public enum Failure {
        EMPTY_FILE,
        BINARY_FILE,
        NO_PHONE_COLUMN,
        TOO_LARGE,
        ENCODING_ERROR,
        BAD_MAPPING,
        READ_ERROR,
        CANCELLED
    }

    private final Failure failure;

    public ImportException(Failure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public ImportException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Returns the machine-readable failure code (the message is for people). */
    public Failure failure() {
        return failure;
    }
}
