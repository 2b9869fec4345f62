package org.centralita.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * One row of the route table: method, Vert.x path ({@code /api/users/:id}), who may call it, handler.
 *
 * @param bodyExpected whether the route reads a request body (the body limit applies)
 */
public record RouteSpec(
        HttpMethod method, String path, Access access, boolean bodyExpected, Handler<RoutingContext> handler) {
    /** Validates the row. */
    public RouteSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /, got " + path);
        }
    }

    /** Returns the path in OpenAPI form: {@code /api/users/{id}}. */
    public String openApiPath() {
        return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }

    /**
     * Returns whether the handler streams the request body itself (an upload: POST without a buffered body, added
     * with {@link ApiRoutes#upload}); the request is paused until the handler runs.
     */
    public boolean streamsBody() {
        return method.equals(HttpMethod.POST) && !bodyExpected;
    }

    /** Returns whether a request with this method and normalised path reaches this row. */
    public boolean matches(HttpMethod m, String requestPath) {
        return method.equals(m) && requestPath.matches(path.replaceAll(":[A-Za-z0-9_]+", "[^/]+"));
    }
}
