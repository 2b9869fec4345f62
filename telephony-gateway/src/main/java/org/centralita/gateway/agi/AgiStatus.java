package org.centralita.gateway.agi;

/**
 * Values of the channel variable {@value #VARIABLE} that the server sets before it ends a session, so the
 * dialplan can branch on the outcome (as Asterisk-Java's {@code AJ_AGISTATUS}). Nothing is set on a channel that
 * has already hung up.
 *
 * <pre>
 * same => n,AGI(agi://centralita:4573/main)
 * same => n,GotoIf($["${CENTRALITA_AGISTATUS}" != "SUCCESS"]?fallback,s,1)
 * </pre>
 */
public enum AgiStatus {
    /** The handler completed normally. */
    SUCCESS,
    /** The handler failed (or threw); see the server log for the call id. */
    FAILED,
    /** No handler is registered for the script name in the AGI URL. */
    NOT_FOUND,
    /** The server was at its maximum number of concurrent sessions (or shutting down) and refused the call. */
    BUSY;

    /** The channel variable the server sets. */
    public static final String VARIABLE = "CENTRALITA_AGISTATUS";
}
