package org.centralita.gateway.ami;

/** Asterisk did not answer an action within the client's action timeout. */
public final class AmiTimeoutException extends AmiException {
    private static final long serialVersionUID = 1L;

    public AmiTimeoutException(String message) {
        super(message);
    }
}
