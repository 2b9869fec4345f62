package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Callback requests taken by the IVR (after hours) and the work on them: people list the open ones, claim one,
 * call the customer, then close it with an outcome or release it to try again later.
 */
public interface CallbackRequests {

    /** Stores a request as PENDING; a second request from the same call is ignored. */
    Future<Void> create(CallbackRequest request);

    /** Returns the PENDING requests, oldest first. */
    Future<List<CallbackRequest>> pending();

    /** Returns the open tickets (PENDING and CLAIMED), oldest first. */
    Future<List<CallbackTicket>> open();

    /** Returns a ticket by id. */
    Future<Optional<CallbackTicket>> find(long id);

    /**
     * Claims ticket {@code id} for {@code by}: a PENDING ticket, one {@code by} holds already, or one claimed more than
     * {@code claimTimeout} ago (taken over). Fails with {@code FlowsException} if someone else holds it, it is closed
     * or it does not exist.
     */
    Future<CallbackTicket> claim(long id, String by, Instant now, Duration claimTimeout);

    /** Puts a CLAIMED ticket back to PENDING (e.g. no answer), counting the attempt and keeping {@code note}. */
    Future<CallbackTicket> release(long id, String by, String note, Instant now);

    /** Closes an open ticket with {@code outcome} (e.g. {@code called-back}) and {@code note}. */
    Future<CallbackTicket> close(long id, String by, String outcome, String note, Instant now);
}
