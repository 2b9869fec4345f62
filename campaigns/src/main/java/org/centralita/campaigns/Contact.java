package org.centralita.campaigns;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A contact of a campaign, as stored.
 *
 * @param phone E.164 ({@code +34612345678})
 * @param timeZone the contact's zone key ({@code Europe/Madrid}, or several ids joined by {@code |})
 * @param fields every column of the uploaded row not mapped to a standard field, in file order
 * @param attempts dial attempts so far (an open attempt counts)
 * @param lastOutcome outcome of the last closed attempt, or null
 * @param nextDueAt when the contact is next due (callback time, import time, or retry time)
 * @param callbackAgent the agent a pending callback is reserved for, or null
 * @param doneReason why the contact is DONE ({@code completed}, {@code answered}, {@code max-attempts}...), or null
 */
public record Contact(
        long id,
        long campaignId,
        long listId,
        long lineNo,
        String phone,
        String name,
        String customerId,
        String language,
        String timeZone,
        String email,
        Map<String, String> fields,
        ContactState state,
        int priority,
        Instant nextDueAt,
        int attempts,
        Outcome lastOutcome,
        Instant lastAttemptAt,
        String callbackAgent,
        String doneReason,
        String disposition) {

    public Contact {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(state, "state");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
    }

    /** Returns the values survey placeholders can use: standard fields plus every custom field. */
    public Map<String, String> placeholderValues() {
        Map<String, String> v = new LinkedHashMap<>();
        fields.forEach((k, val) -> {
            v.put(k, val);
            v.putIfAbsent(ColumnAliases.normalise(k), val);
        });
        putIfPresent(v, "name", name);
        putIfPresent(v, "customerId", customerId);
        putIfPresent(v, "phone", phone);
        putIfPresent(v, "email", email);
        putIfPresent(v, "language", language);
        return v;
    }

    private static void putIfPresent(Map<String, String> v, String key, String value) {
        if (value != null && !value.isBlank()) {
            v.put(key, value);
        }
    }
}
