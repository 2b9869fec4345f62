package org.centralita.gateway.agi;

import org.centralita.gateway.GatewayException;

/** The caller hung up: a command was refused (511) or sent after the channel hung up. */
public final class AgiHangupException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public AgiHangupException(String message) {
        super(message);
    }
}
