package org.centralita.gateway.ami;

import org.centralita.gateway.GatewayException;

/** Root of the AMI client's failures (not connected, timeout, authentication, error response, protocol). */
public class AmiException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public AmiException(String message) {
        super(message);
    }

    public AmiException(String message, Throwable cause) {
        super(message, cause);
    }
}
