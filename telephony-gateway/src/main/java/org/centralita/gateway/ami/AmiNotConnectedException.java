package org.centralita.gateway.ami;

/**
 * The action could not be sent, or its answer will never come, because the AMI connection is down or was lost.
 * For an originate that was already queued this means the outcome is unknown: check the channel registry after
 * the reconnect before dialling the contact again.
 */
public final class AmiNotConnectedException extends AmiException {
    private static final long serialVersionUID = 1L;

    public AmiNotConnectedException(String message) {
        super(message);
    }
}
