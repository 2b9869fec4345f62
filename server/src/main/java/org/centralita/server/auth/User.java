package org.centralita.server.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * A person who signs in to the web UI. Never carries the password hash.
 *
 * @param phoneEndpoint the agent's phone endpoint ({@code PJSIP/ana}): they may log in to the dialer only on one of
 *     its channels; null when none is set
 * @param demo whether {@code serve --demo} created the account with the published demo password (a normal server
 *     keeps such accounts disabled)
 */
public record User(
        long id,
        String username,
        String displayName,
        Role role,
        String language,
        boolean enabled,
        boolean mustChangePassword,
        Instant createdAt,
        String phoneEndpoint,
        boolean demo) {
    /** Validates the user. */
    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Returns the JSON form used by the API. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("username", username)
                .put("displayName", displayName)
                .put("role", role.id())
                .put("language", language)
                .put("enabled", enabled)
                .put("mustChangePassword", mustChangePassword)
                .put("createdAt", createdAt.toString())
                .put("phoneEndpoint", phoneEndpoint)
                .put("demo", demo);
    }
}
