package org.centralita.gateway;

/**
 * Root of the telephony-gateway exception family. Every failure the gateway reports (AGI, AMI or call
 * control) is a subclass, so callers can catch the family in one place.
 */
public class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
