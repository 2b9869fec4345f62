package org.centralita.dialer.runtime;

import io.vertx.core.Future;
import java.util.Optional;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastAGI {@code dialer-connect}: runs after {@code AMD()} on every answered outbound call. It reads
 * {@code AMDSTATUS} and the dialer's ids, tells the dialer whether a person waits, and holds the person with
 * ringback until the dialer bridges them to an agent (Asterisk then takes the channel out of AGI) or abandons
 * them (redirected to the abandon context). A call the dialer does not know is hung up, never left in silence.
 */
final class ConnectHandler implements AgiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    private final DialerRuntime runtime;

    ConnectHandler(DialerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Future<Void> handle(AgiSession session) {
        String channel = session.request().channel();
        return session.getVariable(DialerRuntime.CALL_VARIABLE).compose(callId -> session.getVariable("AMDSTATUS")
                .compose(amd -> runtime.customerAtConnect(
                        callId.orElse(""), channel, session.request().uniqueId(), amd.orElse("")))
                .compose(waiting -> waiting.isEmpty()
                        ? unknownOrMachine(session, callId)
                        : hold(session, callId.orElse(""), waiting.get())));
    }

    private Future<Void> unknownOrMachine(AgiSession session, Optional<String> callId) {
        // A machine is hung up (or sent to the machine message) by the dialer itself: wait in AGI for that, so the
        // dialplan's Hangup() does not cut the message. An unknown call is ours to end.
        return runtime.customerKnown(callId.orElse(""))
                .compose(known -> known
                        ? session.exec("Wait", String.valueOf(HANDOVER_SECONDS)).<Void>mapEmpty()
                        : session.hangup().<Void>mapEmpty());
    }

    private Future<Void> hold(AgiSession session, String callId, Future<String> released) {
        return session.exec("Playtones", "ring").compose(r -> {
            long limit = runtime.callPath().holdLimit().toMillis();
            Future<String> outcome = Contexts.on(
                    runtime.context(),
                    Future.any(released, timer(limit, released))
                            .map(cf -> released.isComplete() ? released.result() : "timeout"));
            return outcome.compose(reason -> {
                LOG.debug("dialer-connect {}: hold ended ({})", callId, reason);
                if (reason.equals("timeout")) {
                    LOG.warn("dialer-connect {}: nobody took the call within the hold limit; hanging up", callId);
                    return session.hangup().mapEmpty();
                }
                if (reason.equals(DialerRuntime.SURVEY)) {
                    // Agentless: the keypad survey runs on this same FastAGI session.
                    return runtime.agentlessHandler()
                            .map(h -> h.handle(session))
                            .orElseGet(() -> session.hangup().mapEmpty());
                }
                // Bridge and Redirect are asynchronous in Asterisk: stay in AGI until they take the channel, so the
                // dialplan never reaches its Hangup() first. Asterisk ends this Wait (and the session) when they do.
                return session.exec("Wait", String.valueOf(HANDOVER_SECONDS)).mapEmpty();
            });
        });
    }

    /** How long the script waits for Asterisk to move the channel after a bridge or abandon. */
    static final int HANDOVER_SECONDS = 10;

    private Future<String> timer(long millis, Future<String> released) {
        io.vertx.core.Promise<String> p = io.vertx.core.Promise.promise();
        long id = runtime.context().owner().setTimer(Math.max(1, millis), t -> p.tryComplete("timeout"));
        released.onComplete(ar -> runtime.context().owner().cancelTimer(id));
        return p.future();
    }
}
