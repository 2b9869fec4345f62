package org.centralita.campaigns;

/** Dialing state of a contact, denormalised for the next-contact query. */
public enum ContactState {
    /** Dialable when due (and inside its calling window). */
    READY,
    /** Claimed by a dialer: a call is about to be placed or in progress (see the open attempt). */
    CLAIMED,
    /** Nothing more to do: completed, answered, or attempt limit reached (see {@code doneReason}). */
    DONE,
    /** On the do-not-call list. */
    DNC
}
