package org.centralita.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The declarative route table: every HTTP route with the roles allowed to call it.
 *
 * <p>Modules add their rows through an {@link ApiModule}. The server enforces authentication, role,
 * CSRF and body limits from the row before the handler runs, and a test checks the table against
 * {@code /api/openapi.yaml} and every role boundary.
 */
public final class ApiRoutes {
    private final List<RouteSpec> routes = new ArrayList<>();

    /** Adds a route that takes no request body. */
    public ApiRoutes get(String path, Access access, Handler<RoutingContext> handler) {
        return add(new RouteSpec(HttpMethod.GET, path, access, false, handler));
    }

    /** Adds a POST route with a body. */
    public ApiRoutes post(String path, Access access, Handler<RoutingContext> handler) {
        return add(new RouteSpec(HttpMethod.POST, path, access, true, handler));
    }

    /**
     * Adds a POST route whose handler streams the request body itself (multipart uploads to disk, with the
     * route's own size limit): the global body buffer and {@code http.max-body-size} do not apply, and the request
     * is paused until the handler runs; the handler must resume it.
     */
    public ApiRoutes upload(String path, Access access, Handler<RoutingContext> handler) {
        return add(new RouteSpec(HttpMethod.POST, path, access, false, handler));
    }

    /** Adds a PATCH route with a body. */
    public ApiRoutes patch(String path, Access access, Handler<RoutingContext> handler) {
        return add(new RouteSpec(HttpMethod.PATCH, path, access, true, handler));
    }

    /** Adds a PUT route with a body. */
    public ApiRoutes put(String path, Access access, Handler<RoutingContext> handler) {
        return add(new RouteSpec(HttpMethod.PUT, path, access, true, handler));
    }

    /** Adds a DELETE route. */
    public ApiRoutes delete(String path, Access access, Handler<RoutingContext> handler) {
        return add(new RouteSpec(HttpMethod.DELETE, path, access, false, handler));
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if the same method and path is already registered
     */
    public ApiRoutes add(RouteSpec spec) {
        for (RouteSpec r : routes) {
            if (r.method().equals(spec.method()) && r.path().equals(spec.path())) {
                throw new IllegalArgumentException("route registered twice: " + spec.method() + " " + spec.path());
            }
        }
        routes.add(spec);
        return this;
    }

    /** Returns the rows in registration order. */
    public List<RouteSpec> list() {
        return List.copyOf(routes);
    }
}
