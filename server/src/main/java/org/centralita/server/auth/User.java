package org.centralita.server.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/** A person who signs in to the web UI. Never carries the password hash. */
public record User(
        long id,
        String username,
        String displayName,
        Role role,
        String language,
        boolean enabled,
        boolean mustChangePassword,
        Instant createdAt) {
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
                .put("createdAt", createdAt.toString());
    }
}
