package org.centralita.server.http;

import org.centralita.server.ServerException;

/** An HTTP request failed in a way the client should be told about: status, stable code, message. */
public final class ApiException extends ServerException {
    private final int status;
    private final String code;

    /** Creates an error answered with {@code status} and {@code {"error": code, "message": message}}. */
    public ApiException(int status, String code, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.code = code;
    }

    /** Returns a 400 with code {@code invalid}. */
    public static ApiException invalid(String message) {
        return new ApiException(400, "invalid", message);
    }

    /** Returns a 404 with code {@code not_found}. */
    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** Returns a 409 with code {@code conflict}. */
    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the stable machine-readable error code. */
    public String code() {
        return code;
    }
}
