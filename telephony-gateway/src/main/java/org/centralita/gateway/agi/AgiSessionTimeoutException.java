package org.centralita.gateway.agi;

import org.centralita.gateway.GatewayException;

/** The session ran longer than the server's maximum session duration and was ended. */
public final class AgiSessionTimeoutException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public AgiSessionTimeoutException(String message) {
        super(message);
    }
}
