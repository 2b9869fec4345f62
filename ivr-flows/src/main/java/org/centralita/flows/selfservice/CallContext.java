package org.centralita.flows.selfservice;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the IVR learned about a caller, handed to the agent so nobody asks again. Holds no card number, expiry, CVV
 * or PIN: only the facts an agent may see.
 *
 * @param callId the channel's uniqueid
 * @param linkedId the call's linkedid (shared by every channel of the call), may be empty
 * @param accountId the account, empty if unidentified
 * @param verified whether the caller proved who they are (PIN, or confirmed caller ID)
 * @param intent what the caller wanted (balance, payment, agent-request...)
 * @param lastMenu the last menu heard
 * @param failedAttempts failed inputs and PIN attempts during the call
 * @param language the caller's language
 * @param agentGroup the agent group the call goes to
 * @param callerId the caller ID number
 * @param createdAt when the hand-off happened
 * @param customerName the account holder's name, empty if unidentified
 * @param verification how the caller was verified ({@code pin}, {@code caller-id}), empty if not verified
 * @param failedAt the step where the caller last failed and did not get through (e.g. {@code card expiry}), empty if
 *     none
 * @param transferReason why the call goes to a person ({@code operator}: asked for one; {@code retries}: too many
 *     failed inputs; {@code error}: a system fault; {@code account-locked}), empty for a planned hand-off
 */
public record CallContext(
        String callId,
        String linkedId,
        String accountId,
        boolean verified,
        String intent,
        String lastMenu,
        int failedAttempts,
        String language,
        String agentGroup,
        String callerId,
        Instant createdAt,
        String customerName,
        String verification,
        String failedAt,
        String transferReason) {

    /** The channel variable holding {@link #screenPop()} as JSON, read by the dialer's {@code inbound} script. */
    public static final String CONTEXT_VARIABLE = "CENTRALITA_IVR_CONTEXT";

    /**
     * The most UTF-8 bytes {@link #screenPop()} encodes to. Asterisk's {@code GET VARIABLE} copies a value into a
     * 1024-byte buffer and reads AGI command lines of at most 2048 bytes, so the JSON (escaped once more by the AGI
     * quoting) stays well under both.
     */
    public static final int MAX_SCREEN_POP_BYTES = 900;

    /** The longest text kept per field in the screen pop. */
    static final int MAX_FIELD = 64;

    public CallContext {
        Objects.requireNonNull(callId, "callId");
        linkedId = Objects.requireNonNullElse(linkedId, "");
        accountId = Objects.requireNonNullElse(accountId, "");
        intent = Objects.requireNonNullElse(intent, "");
        lastMenu = Objects.requireNonNullElse(lastMenu, "");
        Objects.requireNonNull(language, "language");
        agentGroup = Objects.requireNonNullElse(agentGroup, "");
        callerId = Objects.requireNonNullElse(callerId, "");
        Objects.requireNonNull(createdAt, "createdAt");
        customerName = Objects.requireNonNullElse(customerName, "");
        verification = Objects.requireNonNullElse(verification, "");
        failedAt = cut(Objects.requireNonNullElse(failedAt, ""), 64);
        transferReason = cut(Objects.requireNonNullElse(transferReason, ""), 32);
        if (failedAttempts < 0) {
            throw new IllegalArgumentException("failedAttempts must be >= 0");
        }
    }

    /**
     * Returns the context as the agent desk's screen pop shows it: {@code ivrCallId}, {@code account}, {@code name},
     * {@code verifiedBy} ({@code PIN} / {@code caller ID}, absent when not verified), {@code wanted}, {@code failedAt},
     * {@code reason}, {@code failedAttempts}, {@code lastMenu}, {@code language}, {@code group}. Empty fields are
     * left out, texts are cut to 64 characters, and the least useful fields are dropped until the JSON fits in
     * {@link #MAX_SCREEN_POP_BYTES}.
     */
    public JsonObject screenPop() {
        JsonObject j = new JsonObject();
        put(j, "ivrCallId", callId);
        put(j, "account", accountId);
        put(j, "name", customerName);
        if (verified) {
            put(
                    j,
                    "verifiedBy",
                    switch (verification) {
                        case "pin" -> "PIN";
                        case "caller-id" -> "caller ID";
                        case "" -> "IVR";
                        default -> verification;
                    });
        }
        put(j, "wanted", intent);
        put(j, "failedAt", failedAt);
        put(
                j,
                "reason",
                switch (transferReason) {
                    case "operator" -> "asked for a person";
                    case "retries" -> "too many failed attempts";
                    case "error" -> "system error";
                    case "account-locked" -> "account locked after wrong PINs";
                    default -> transferReason;
                });
        if (failedAttempts > 0) {
            j.put("failedAttempts", failedAttempts);
        }
        put(j, "lastMenu", lastMenu);
        put(j, "language", language);
        put(j, "group", agentGroup);
        for (String drop : List.of("lastMenu", "group", "language", "reason", "name", "failedAt")) {
            if (j.encode().getBytes(StandardCharsets.UTF_8).length <= MAX_SCREEN_POP_BYTES) {
                break;
            }
            j.remove(drop);
        }
        return j;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static void put(JsonObject j, String key, String value) {
        if (!value.isEmpty()) {
            j.put(key, value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value);
        }
    }

    /**
     * Returns the channel variables that carry the context with the call: {@value #CONTEXT_VARIABLE} (the
     * {@link #screenPop()} JSON), {@code CENTRALITA_IVR_CALL_ID} (the key of the stored context) and the single
     * facts {@code CENTRALITA_ACCOUNT}, {@code CENTRALITA_VERIFIED} (1/0), {@code CENTRALITA_VERIFIED_BY},
     * {@code CENTRALITA_INTENT}, {@code CENTRALITA_FAILED_AT}, {@code CENTRALITA_LAST_MENU},
     * {@code CENTRALITA_FAILED_ATTEMPTS}, {@code CENTRALITA_LANGUAGE}, {@code CENTRALITA_AGENT_GROUP}.
     */
    public Map<String, String> channelVariables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(CONTEXT_VARIABLE, screenPop().encode());
        v.put("CENTRALITA_IVR_CALL_ID", callId);
        v.put("CENTRALITA_ACCOUNT", accountId);
        v.put("CENTRALITA_VERIFIED", verified ? "1" : "0");
        v.put("CENTRALITA_VERIFIED_BY", verified ? verification : "");
        v.put("CENTRALITA_INTENT", intent);
        v.put("CENTRALITA_FAILED_AT", failedAt);
        v.put("CENTRALITA_LAST_MENU", lastMenu);
        v.put("CENTRALITA_FAILED_ATTEMPTS", String.valueOf(failedAttempts));
        v.put("CENTRALITA_LANGUAGE", language);
        v.put("CENTRALITA_AGENT_GROUP", agentGroup);
        return v;
    }
}
