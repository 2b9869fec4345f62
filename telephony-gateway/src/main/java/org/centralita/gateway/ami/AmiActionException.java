package org.centralita.gateway.ami;

import java.util.Objects;

/** Asterisk answered an action with {@code Response: Error}; {@link #response()} holds its headers. */
public class AmiActionException extends AmiException {
    private static final long serialVersionUID = 1L;

    private final transient AmiResponse response;

    public AmiActionException(String action, AmiResponse response) {
        super("AMI " + action + " failed: "
                + Objects.requireNonNull(response, "response").message());
        this.response = response;
    }

    /** Returns Asterisk's error response. */
    public AmiResponse response() {
        return response;
    }
}
