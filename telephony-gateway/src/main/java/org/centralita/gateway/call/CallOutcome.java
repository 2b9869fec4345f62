package org.centralita.gateway.call;

/** How an originated call ended up before any agent or flow touched it. */
public enum CallOutcome {
    /** The far end answered (human or machine: AMD decides later). */
    ANSWERED,
    /** Busy signal (AMI OriginateResponse Reason 5, hangup cause 17). */
    BUSY,
    /** Rang until the timeout (Reason 3, cause 19). */
    NO_ANSWER,
    /** Network congestion (Reason 8, cause 34). */
    CONGESTION,
    /** Any other failure: bad destination, bad context (Reason 0), channel unavailable. */
    FAILED
}
