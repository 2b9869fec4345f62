package org.centralita.gateway.call;

/** What simulated answering-machine detection reports for an answered call. */
public enum SimAmdVerdict {
    /** AMD is off for this call: no {@link CallEvent.AmdDetected} is sent. */
    NONE,
    /** AMD says a person answered (true for most humans; a false-human error for a machine). */
    HUMAN,
    /** AMD says a machine answered (true for most machines; a false-machine error for a person). */
    MACHINE
}
