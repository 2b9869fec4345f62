package org.centralita.server.callbacks;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.centralita.flows.selfservice.CallbackRequest;
import org.centralita.flows.selfservice.CallbackTicket;

/** The JSON of one call-back ticket as the API and the screens show it. */
final class CallbackJson {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private CallbackJson() {}

    /**
     * Returns ticket {@code t} as seen by user {@code me} at {@code nowMillis}, with the caller's name from {@code
     * names} (account id to name) when known.
     */
    static JsonObject ticket(CallbackTicket t, String me, Map<String, String> names, long nowMillis) {
        CallbackRequest r = t.request();
        long requested = r.requestedAt().toEpochMilli();
        return new JsonObject()
                .put("id", t.id())
                .put("callId", r.callId())
                .put("number", r.callerId())
                .put("numberDisplay", display(r.callerId()))
                .put("accountId", r.accountId().isEmpty() ? null : r.accountId())
                .put("name", names.get(r.accountId()))
                .put("language", r.language())
                .put("reason", r.reason())
                .put("requestedAt", requested)
                .put("ageSeconds", Math.max(0, (nowMillis - requested) / 1000))
                .put("status", t.status().name())
                .put("claimedBy", t.claimedBy().isEmpty() ? null : t.claimedBy())
                .put("claimedAt", millis(t.claimedAt()))
                .put(
                        "mine",
                        t.status() == CallbackTicket.Status.CLAIMED
                                && t.claimedBy().equals(me))
                .put("attempts", t.attempts())
                .put("note", t.note())
                .put("outcome", t.outcome().isEmpty() ? null : t.outcome())
                .put("closedBy", t.closedBy().isEmpty() ? null : t.closedBy())
                .put("closedAt", millis(t.closedAt()));
    }

    /**
     * Returns {@code number} grouped for reading aloud: international format for numbers in E.164 ({@code +34 912
     * 34 56 78}), otherwise as the caller ID gave it.
     */
    static String display(String number) {
        if (!number.startsWith("+")) {
            return number;
        }
        try {
            var parsed = PHONES.parse(number, null);
            return PHONES.isPossibleNumber(parsed)
                    ? PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL)
                    : number;
        } catch (NumberParseException e) {
            return number; // not a number libphonenumber knows: shown as the caller ID gave it
        }
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }
}
