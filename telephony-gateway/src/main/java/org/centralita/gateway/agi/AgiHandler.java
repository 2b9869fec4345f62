package org.centralita.gateway.agi;

import io.vertx.core.Future;

/** Handles one FastAGI session routed to it by script name (a flow, the dialer's connect handler, ...). */
@FunctionalInterface
public interface AgiHandler {

    /**
     * Runs the session. When the returned future completes (either way) the server ends the session and frees
     * its resources; an {@link AgiHangupException} failure is the normal end of a call and is not an error.
     */
    Future<Void> handle(AgiSession session);
}
