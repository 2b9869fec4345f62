package org.centralita.flows.selfservice;

/** The answer to a PIN check. */
public enum PinCheck {
    /** The PIN is right (and the account's count of wrong PINs is cleared). */
    VERIFIED,
    /** The PIN is wrong, or the account does not exist. */
    INVALID,
    /** The account is locked by too many wrong PINs (this one may have locked it); the PIN was not checked. */
    LOCKED
}
