package org.centralita.server;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A tiny HTTP client with its own cookie jar, like one browser. */
final class Http {
    final String base;
    final HttpClient client;
    String csrf;

    Http(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    record Resp(int status, java.net.http.HttpHeaders headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String error() {
            return json().getString("error");
        }
    }

    Resp send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends with this browser's CSRF token, if it has one. */
    Resp call(String method, String path, String body) {
        return send(method, path, body, csrf == null ? Map.of() : Map.of("X-CSRF-Token", csrf));
    }

    Resp get(String path) {
        return send("GET", path, null, Map.of());
    }

    Resp login(String user, String password) {
        Resp r = send(
                "POST",
                "/api/auth/login",
                new JsonObject().put("username", user).put("password", password).encode(),
                Map.of());
        if (r.status() == 200) {
            csrf = r.json().getString("csrfToken");
        }
        return r;
    }
}
