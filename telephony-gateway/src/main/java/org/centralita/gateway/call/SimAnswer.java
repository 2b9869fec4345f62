package org.centralita.gateway.call;

/** What really is at the far end of a simulated call. */
public enum SimAnswer {
    /** A person answers after the ring time. */
    HUMAN,
    /** An answering machine answers after the ring time. */
    MACHINE,
    /** Busy signal after the ring time (hangup cause 17). */
    BUSY,
    /** Nobody answers: rings until the request's ring timeout (cause 19). */
    NO_ANSWER,
    /** The network rejects the call after the ring time (cause 34, congestion). */
    FAILED
}
