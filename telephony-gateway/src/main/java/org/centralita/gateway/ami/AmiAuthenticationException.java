package org.centralita.gateway.ami;

/** Asterisk refused the Login (wrong username or secret, or the user is not allowed from this address). */
public final class AmiAuthenticationException extends AmiException {
    private static final long serialVersionUID = 1L;

    public AmiAuthenticationException(String message) {
        super(message);
    }
}
