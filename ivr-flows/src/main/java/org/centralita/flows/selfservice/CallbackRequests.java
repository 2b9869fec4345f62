package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.util.List;

/** Callback requests taken by the IVR; the campaigns module picks up the pending ones. */
public interface CallbackRequests {

    /** Stores a request; a second request from the same call is ignored. */
    Future<Void> create(CallbackRequest request);

    /** Returns the pending requests, oldest first. */
    Future<List<CallbackRequest>> pending();
}
