package org.centralita.dialer.runtime;

import io.vertx.core.Future;
import java.time.Duration;
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
                        return runtime.optOut(contactId)
                                .compose(added -> session.streamFile(cp.optOutConfirmPrompt(), ""))
                                .mapEmpty();
                    })
                    .compose(v -> session.hangup())
                    .mapEmpty();
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
