package org.centralita.server.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.centralita.server.auth.User;

/**
 * Who is calling: the signed-in user, and whether by browser session or API token.
 *
 * @param viaToken true for {@code Authorization: Bearer} requests (no CSRF check, no session)
 */
public record Principal(User user, boolean viaToken) {
    static final String KEY = "centralita.principal";

    /** Validates the principal. */
    public Principal {
        Objects.requireNonNull(user, "user");
    }

    /**
     * Returns the caller of a route that requires sign-in.
     *
     * @throws IllegalStateException if the route is public (no principal was resolved)
     */
    public static Principal of(RoutingContext ctx) {
        Principal p = ctx.get(KEY);
        if (p == null) {
            throw new IllegalStateException("no principal: route " + ctx.normalizedPath() + " is public");
        }
        return p;
    }
}
