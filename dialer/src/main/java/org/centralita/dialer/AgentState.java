package org.centralita.dialer;

/** Where an agent is in the working cycle. */
public enum AgentState {
    /** Not working; takes no calls. */
    LOGGED_OUT,
    /** Waiting for a call on the nailed-up channel. */
    READY,
    /** Chosen for a call that is being bridged; counts as busy. */
    RESERVED,
    /** Talking to a customer. */
    ON_CALL,
    /** After-call work; ends when the agent is done or after the campaign's wrap-up limit. */
    WRAP_UP,
    /** Logged in but not taking calls, with a reason (break, training, channel down...). */
    PAUSED
}
