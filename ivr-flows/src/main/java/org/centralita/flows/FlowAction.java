package org.centralita.flows;

import io.vertx.core.Future;

/**
 * A named piece of Java the server registers for {@code action} nodes (identify, balance, payment...). It runs on
 * the call's event loop: anything blocking (JDBC, hashing) goes to a worker and comes back as a Future.
 */
@FunctionalInterface
public interface FlowAction {

    /** Runs the action for one call. */
    Future<ActionResult> run(ActionContext context);
}
