package org.centralita.flows;

/** Root of the ivr-flows exception family: every failure this module reports is a subclass or an instance. */
public class FlowsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FlowsException(String message) {
        super(message);
    }

    public FlowsException(String message, Throwable cause) {
        super(message, cause);
    }
}
