package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CallContextStore} in memory (tests, single-node demos). */
public final class InMemoryCallContextStore implements CallContextStore {

    private final Map<String, CallContext> byId = new ConcurrentHashMap<>();
    private final Map<String, CallContext> byLinked = new ConcurrentHashMap<>();

    @Override
    public Future<Void> put(CallContext context) {
        byId.put(context.callId(), context);
        if (!context.linkedId().isEmpty()) {
            byLinked.put(context.linkedId(), context);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<CallContext>> find(String id) {
        CallContext c = byId.get(id);
        return Future.succeededFuture(Optional.ofNullable(c != null ? c : byLinked.get(id)));
    }
}
