package org.centralita.campaigns;

/** Root of the campaigns module's exception family: every failure this module reports is one of these. */
public class CampaignsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CampaignsException(String message) {
        super(message);
    }

    public CampaignsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Thrown when a campaign, contact, attempt, list or import does not exist. */
    public static final class NotFound extends CampaignsException {
        private static final long serialVersionUID = 1L;

        public NotFound(String what, long id) {
            super(what + " " + id + " does not exist");
        }
    }

    /** Thrown when an operation is not allowed in the current state (e.g. closing an attempt twice). */
    public static final class InvalidState extends CampaignsException {
        private static final long serialVersionUID = 1L;

        public InvalidState(String message) {
            super(message);
        }
    }

    /** Thrown when a number on the do-not-call list was about to be dialled; the call is refused. */
    public static final class DoNotCall extends CampaignsException {
        private static final long serialVersionUID = 1L;

        public DoNotCall(String message) {
            super(message);
        }
    }

    /** Thrown when the database fails; wraps the {@link java.sql.SQLException}. */
    public static final class Storage extends CampaignsException {
        private static final long serialVersionUID = 1L;

        public Storage(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
