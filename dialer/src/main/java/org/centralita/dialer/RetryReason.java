package org.centralita.dialer;

/** Why a contact is to be called again. */
public enum RetryReason {
    BUSY,
    NO_ANSWER,
    FAILED,
    MACHINE,
    /** Abandoned: not before 72 h (configurable) unless an agent is reserved for the callback. */
    ABANDONED,
    /** The originate could not be placed at all (not connected, rejected): the contact goes back at once. */
    NOT_PLACED,
    /** The person hung up before AMD or an agent picked them up. */
    HUNG_UP
}
