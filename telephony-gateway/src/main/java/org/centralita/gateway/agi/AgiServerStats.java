package org.centralita.gateway.agi;

/**
 * An immutable snapshot of a server's counters, for metrics.
 *
 * @param activeSessions sessions connected now
 * @param totalSessions sessions accepted since start (including refused and not-found ones)
 * @param refusedSessions sessions refused because the server was full or shutting down
 * @param notFoundSessions sessions whose script had no handler
 * @param commands commands written to Asterisk
 * @param commandTimeouts commands that got no reply in time
 * @param handlerFailures handlers that failed with something other than a hang-up
 * @param protocolErrors sessions closed because Asterisk sent malformed input
 */
public record AgiServerStats(
        long activeSessions,
        long totalSessions,
        long refusedSessions,
        long notFoundSessions,
        long commands,
        long commandTimeouts,
        long handlerFailures,
        long protocolErrors) {

    /** Returns the number of failures of any kind (timeouts, handler failures, protocol errors). */
    public long failures() {
        return commandTimeouts + handlerFailures + protocolErrors;
    }
}
