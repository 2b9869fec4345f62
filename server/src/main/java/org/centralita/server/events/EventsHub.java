package org.centralita.server.events;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;
import org.centralita.server.auth.Role;

/**
 * Publishes live updates to browsers over the Vert.x event bus; {@code /api/events} forwards them.
 *
 * <p>Three kinds of topic: one user (an agent's screen pop goes only to that agent), one role (the
 * supervisors' wallboard figures), everybody. Call from any thread.
 */
public final class EventsHub {
    static final String USER_ADDRESS = "centralita.events.user.";
    static final String ROLE_ADDRESS = "centralita.events.role.";
    static final String ALL_ADDRESS = "centralita.events.all";
    static final String REVOKE_ADDRESS = "centralita.events.revoke.";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    private final Vertx vertx;

    /** Creates a hub on {@code vertx}'s event bus. */
    public EventsHub(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /** Sends an event to every open stream of user {@code userId}, e.g. {@code "screen-pop"}. */
    public void toUser(long userId, String type, JsonObject data) {
        vertx.eventBus().publish(USER_ADDRESS + userId, envelope(type, data));
    }

    /** Sends an event to every signed-in user with {@code role}. */
    public void toRole(Role role, String type, JsonObject data) {
        vertx.eventBus().publish(ROLE_ADDRESS + role.id(), envelope(type, data));
    }

    /** Sends an event to every open stream. */
    public void toAll(String type, JsonObject data) {
        vertx.eventBus().publish(ALL_ADDRESS, envelope(type, data));
    }

    /**
     * Ends every open stream of user {@code userId} at once (after the user is disabled, deleted or
     * changes role; a role change means the browser must reconnect to get the new role's topics).
     */
    public void endStreams(long userId) {
        vertx.eventBus().publish(REVOKE_ADDRESS + userId, new JsonObject());
    }

    private static JsonObject envelope(String type, JsonObject data) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("event type must match " + TYPE + ", got " + type);
        }
        return new JsonObject().put("type", type).put("data", data == null ? new JsonObject() : data);
    }
}
