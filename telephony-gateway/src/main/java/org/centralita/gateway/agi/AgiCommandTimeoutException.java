package org.centralita.gateway.agi;

import org.centralita.gateway.GatewayException;

/**
 * Asterisk did not answer one command within its timeout. The session cannot stay in step with Asterisk after
 * a lost reply, so it is ended (half-closed) at the same time.
 */
public final class AgiCommandTimeoutException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public AgiCommandTimeoutException(String message) {
        super(message);
    }
}
