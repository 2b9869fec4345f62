package org.centralita.dialer;

/** Where an outbound call is in the dialer's call path. */
public enum CallPhase {
    /** Originated, ringing. */
    DIALING,
    /** Answered; waiting for the AMD verdict. */
    ANSWERED,
    /** A person is on the line and no agent is free yet; abandoned at the connect deadline. */
    WAITING_AGENT,
    /** Bridged to an agent. */
    CONNECTED,
    /** Running an IVR flow (agentless). */
    IN_FLOW,
    /** Machine: being hung up or left a message. */
    MACHINE,
    /** Abandoned: playing the abandon message. */
    ABANDONING
}
