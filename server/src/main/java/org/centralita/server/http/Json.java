package org.centralita.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON request and response helpers for route handlers. */
public final class Json {
    private Json() {}

    /**
     * Returns the request body as a JSON object.
     *
     * @throws ApiException 400 {@code malformed_json} when the body is missing, not JSON, or not an object
     */
    public static JsonObject body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new ApiException(400, "malformed_json", "request body must be a JSON object");
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            String msg = e.getMessage() == null
                    ? ""
                    : e.getMessage().lines().findFirst().orElse("");
            throw new ApiException(400, "malformed_json", "request body is not valid JSON: " + msg);
        }
        if (!(parsed instanceof JsonObject o)) {
            throw new ApiException(400, "malformed_json", "request body must be a JSON object");
        }
        return o;
    }

    /** Returns a string field, or null when absent; 400 when present with another type. */
    public static String string(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.invalid(field + " must be a string");
        }
        return s;
    }

    /** Returns a boolean field, or null when absent; 400 when present with another type. */
    public static Boolean bool(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.invalid(field + " must be true or false");
        }
        return b;
    }

    /** Returns the path parameter {@code name} as a positive long; 404 when it is not one. */
    public static long idParam(RoutingContext ctx, String name) {
        try {
            long id = Long.parseLong(ctx.pathParam(name));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // an id that is not a number names nothing: 404 below
        }
        throw ApiException.notFound("no such " + name + ": " + ctx.pathParam(name));
    }

    /** Sends {@code body} with {@code status}. */
    public static void send(RoutingContext ctx, int status, Object body) {
        String text = body instanceof JsonObject o
                ? o.encode()
                : body instanceof JsonArray a ? a.encode() : io.vertx.core.json.Json.encode(body);
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(text);
    }

    /** Sends the future's value as 200 JSON, or fails the request with its error. */
    public static <T> void reply(RoutingContext ctx, Future<T> future, java.util.function.Function<T, Object> toJson) {
        future.map(toJson).onSuccess(v -> send(ctx, 200, v)).onFailure(ctx::fail);
    }

    /** Returns the JSON error body. */
    public static JsonObject error(String code, String message) {
        return new JsonObject().put("error", code).put("message", message);
    }
}
