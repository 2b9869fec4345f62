package org.centralita.gateway.agi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The environment Asterisk sent when the FastAGI session started.
 *
 * @param env every {@code agi_*} header in order, keys without the {@code agi_} prefix (e.g. {@code uniqueid},
 *     {@code callerid}, {@code network_script}); values exactly as received (UTF-8)
 * @param script the path part of {@code agi_network_script}, without the query string (e.g. {@code main})
 * @param parameters the query-string parameters of the script, URL-decoded, in order
 * @param arguments {@code agi_arg_1 ... agi_arg_N}, in order; empty arguments are kept as empty strings
 */
public record AgiRequest(
        Map<String, String> env, String script, Map<String, String> parameters, List<String> arguments) {
    public AgiRequest {
        // Ordered, unmodifiable, compact copies: the environment and the query string keep Asterisk's order, and
        // every live call holds them for as long as it lasts.
        env = AgiEnvironmentMap.copyOf(Objects.requireNonNull(env, "env"));
        script = Objects.requireNonNull(script, "script");
        parameters = AgiEnvironmentMap.copyOf(Objects.requireNonNull(parameters, "parameters"));
        arguments = List.copyOf(Objects.requireNonNull(arguments, "arguments"));
    }

    /** Returns an {@code agi_*} value by key without the prefix, or {@code ""} if Asterisk did not send it. */
    public String get(String key) {
        return env.getOrDefault(key, "");
    }

    /** Returns Asterisk's uniqueid of the channel. */
    public String uniqueId() {
        return get("uniqueid");
    }

    /** Returns the channel name. */
    public String channel() {
        return get("channel");
    }

    /** Returns the caller ID number ({@code agi_callerid}). */
    public String callerId() {
        return get("callerid");
    }

    /** Returns the caller ID name ({@code agi_calleridname}). */
    public String callerIdName() {
        return get("calleridname");
    }

    /** Returns the dialed number ({@code agi_dnid}). */
    public String dnid() {
        return get("dnid");
    }

    /** Returns the channel language ({@code agi_language}). */
    public String language() {
        return get("language");
    }
}
