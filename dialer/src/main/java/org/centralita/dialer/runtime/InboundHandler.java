package org.centralita.dialer.runtime;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastAGI {@code inbound}: a caller the IVR transfers to a person. The IVR's call context comes in the channel
 * variable {@code CENTRALITA_IVR_CONTEXT} (JSON, set by the IVR's {@code transfer} node); without it (a dialplan of
 * its own, or a value Asterisk cut short) the single {@code CENTRALITA_*} variables are read instead. Card data
 * never reach the screen pop, whatever the variable holds. The caller takes the first free agent ahead of outbound
 * calls and hears ringback until bridged.
 */
final class InboundHandler implements AgiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);

    /** Keys never passed to an agent's screen, whoever wrote the variable. */
    private static final Set<String> SECRET_KEYS =
            Set.of("pin", "cvv", "cvc", "pan", "cardnumber", "card_number", "card_cvv", "card_expiry", "expiry");

    /** A run of 13 to 19 digits, possibly spaced or dashed: masked if it passes the Luhn check (a card number). */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ -]?\\d){12,18}");

    private final DialerRuntime runtime;

    InboundHandler(DialerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Future<Void> handle(AgiSession session) {
        String channel = session.request().channel();
        return session.getVariable(DialerRuntime.IVR_CONTEXT_VARIABLE)
                .compose(v -> context(session, v.orElse(""), channel))
                .compose(ctx -> runtime.inboundAtAgi(
                        channel, ctx.put("callerId", session.request().callerId())))
                .compose(released ->
                        session.exec("Playtones", "ring").compose(r -> Contexts.on(runtime.context(), released)))
                .compose(reason -> {
                    LOG.debug("inbound {}: hold ended ({})", channel, reason);
                    return reason.equals("bridged")
                            ? session.exec("Wait", String.valueOf(ConnectHandler.HANDOVER_SECONDS))
                                    .<Void>mapEmpty()
                            : Future.<Void>succeededFuture();
                });
    }

    private static Future<JsonObject> context(AgiSession session, String json, String channel) {
        if (!json.isBlank()) {
            try {
                return Future.succeededFuture(clean(new JsonObject(json)));
            } catch (DecodeException e) {
                LOG.warn("inbound {}: IVR context is not JSON; reading the single CENTRALITA_* variables", channel);
            }
        }
        JsonObject ctx = new JsonObject();
        return read(session, ctx, "CENTRALITA_IVR_CALL_ID", "ivrCallId")
                .compose(x -> read(session, ctx, "CENTRALITA_ACCOUNT", "account"))
                .compose(x -> read(session, ctx, "CENTRALITA_VERIFIED_BY", "verifiedBy"))
                .compose(x -> read(session, ctx, "CENTRALITA_INTENT", "wanted"))
                .compose(x -> read(session, ctx, "CENTRALITA_FAILED_AT", "failedAt"))
                .compose(x -> read(session, ctx, "CENTRALITA_LANGUAGE", "language"))
                .compose(x -> read(session, ctx, "CENTRALITA_AGENT_GROUP", "group"))
                .map(x -> clean(ctx));
    }

    private static Future<Void> read(AgiSession session, JsonObject ctx, String variable, String key) {
        return session.getVariable(variable).map(v -> {
            Optional.ofNullable(v.orElse(null)).filter(s -> !s.isBlank()).ifPresent(s -> ctx.put(key, s));
            return null;
        });
    }

    /** Drops card-data keys and masks card-number-like digit runs in texts. */
    static JsonObject clean(JsonObject in) {
        JsonObject out = new JsonObject();
        for (String key : in.fieldNames()) {
            if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                continue;
            }
            Object value = in.getValue(key);
            if (value instanceof JsonObject o) {
                out.put(key, clean(o));
            } else if (value instanceof String s) {
                out.put(key, maskCards(s));
            } else {
                out.put(key, value);
            }
        }
        return out;
    }

    private static String maskCards(String s) {
        Matcher m = DIGIT_RUN.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            m.appendReplacement(b, luhn(digits) ? "****" + digits.substring(digits.length() - 4) : m.group());
        }
        return m.appendTail(b).toString();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = digits.length() - 1, n = 0; i >= 0; i--, n++) {
            int d = digits.charAt(i) - '0';
            sum += n % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return sum % 10 == 0;
    }
}
