package org.centralita.dialer.runtime;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastAGI {@code dialer-abandon}, run by the abandon context: plays the recorded company message, reads out the
 * number to call back, offers the opt-out key, and on that key puts the number on the do-not-call list at once
 * and confirms; then hangs up.
 */
final class AbandonHandler implements AgiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AbandonHandler.class);

    private final DialerRuntime runtime;

    AbandonHandler(DialerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Future<Void> handle(AgiSession session) {
        CallPathSettings cp = runtime.callPath();
        String key = String.valueOf(cp.optOutKey());
        return session.getVariable(DialerRuntime.CONTACT_VARIABLE).compose(contact -> {
            long contactId = parse(contact.orElse(""));
            return session.streamFile(cp.abandonPrompt(), key)
                    .compose(r -> pressed(r, cp)
                            ? Future.succeededFuture(r)
                            : session.sayDigits(cp.callbackNumber().replace("+", ""), key))
                    .compose(r ->
                            pressed(r, cp) ? Future.succeededFuture(r) : session.streamFile(cp.optOutPrompt(), key))
                    .compose(r ->
                            pressed(r, cp) ? Future.succeededFuture(r) : session.waitForDigit(Duration.ofSeconds(5)))
                    .compose(r -> {
                        if (!pressed(r, cp)) {
                            return Future.<Void>succeededFuture();
                        }
                        if (contactId <= 0) {
                            LOG.warn(
                                    "dialer-abandon: opt-out on {} without a contact id",
                                    session.request().channel());
                            return Future.<Void>succeededFuture();
                        }
                        return optOut(contactId, 0)
                                .compose(stored -> stored
                                        ? session.streamFile(cp.optOutConfirmPrompt(), "")
                                        : Future.succeededFuture())
                                .mapEmpty();
                    })
                    .compose(v -> session.hangup())
                    .mapEmpty();
        });
    }

    /** Delays between tries of the do-not-call write when the database fails (the caller is still listening). */
    static final List<Duration> RETRY_DELAYS =
            List.of(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));

    /** Stores the opt-out, retrying; completes with whether it was stored (confirmed to the caller only then). */
    private Future<Boolean> optOut(long contactId, int attempt) {
        return runtime.optOut(contactId).map(added -> true).recover(e -> {
            if (attempt >= RETRY_DELAYS.size()) {
                LOG.error(
                        "dialer-abandon: opt-out of contact {} could not be stored; add its number to do-not-call by"
                                + " hand",
                        contactId,
                        e);
                return Future.succeededFuture(false);
            }
            LOG.warn("dialer-abandon: storing the opt-out of contact {} failed, retrying: {}", contactId, e.toString());
            io.vertx.core.Promise<Boolean> later = io.vertx.core.Promise.promise();
            runtime.context().owner().setTimer(RETRY_DELAYS.get(attempt).toMillis(), id -> optOut(
                            contactId, attempt + 1)
                    .onComplete(later));
            return later.future();
        });
    }

    private static boolean pressed(AgiReply r, CallPathSettings cp) {
        return r.digit() == cp.optOutKey();
    }

    private static long parse(String s) {
        try {
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
