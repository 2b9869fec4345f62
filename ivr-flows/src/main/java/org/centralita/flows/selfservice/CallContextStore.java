package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.util.Optional;

/** Where call contexts wait for the agent side, keyed by uniqueid and findable by linkedid. */
public interface CallContextStore {

    /** Stores (or replaces) the context of {@code context.callId()}. */
    Future<Void> put(CallContext context);

    /** Finds a context by the channel's uniqueid or by the call's linkedid. */
    Future<Optional<CallContext>> find(String uniqueIdOrLinkedId);
}
