package org.centralita.gateway.agi;

import org.centralita.gateway.GatewayException;

/** Asterisk sent bytes that are not valid FastAGI (a malformed, over-long or unexpected line); the session was closed. */
public final class AgiProtocolException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public AgiProtocolException(String message) {
        super(message);
    }
}
