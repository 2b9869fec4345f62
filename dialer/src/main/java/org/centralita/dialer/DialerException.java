package org.centralita.dialer;

/** Root of the dialer's exception family: illegal agent transitions, bad settings, bad scenarios. */
public class DialerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DialerException(String message) {
        super(message);
    }

    public DialerException(String message, Throwable cause) {
        super(message, cause);
    }
}
