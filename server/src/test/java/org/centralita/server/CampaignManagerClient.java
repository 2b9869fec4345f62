package org.centralita.server;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** A signed-in API client for the campaign manager tests: JSON, raw bodies and multipart uploads with CSRF. */
final class CampaignManagerClient {
    final String base;
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String csrf;

    CampaignManagerClient(String base) {
        this.base = base;
    }

    record Resp(int status, java.net.http.HttpHeaders headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String error() {
            return json().getString("error");
        }
    }

    Resp login(String user, String password) {
        Resp r = send(
                "POST",
                "/api/auth/login",
                "application/json",
                new JsonObject()
                        .put("username", user)
                        .put("password", password)
                        .encode()
                        .getBytes(StandardCharsets.UTF_8));
        if (r.status() == 200) {
            csrf = r.json().getString("csrfToken");
        }
        return r;
    }

    Resp get(String path) {
        return send("GET", path, null, null);
    }

    Resp delete(String path) {
        return send("DELETE", path, null, null);
    }

    Resp json(String method, String path, Object body) {
        String text = body instanceof JsonObject o ? o.encode() : String.valueOf(body);
        return send(method, path, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    Resp upload(String path, String fileName, byte[] content) {
        String boundary = "----centralita" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** Opens {@code /api/events} and returns its lines (the caller closes the reader). */
    java.io.BufferedReader openEvents() {
        try {
            HttpResponse<java.io.InputStream> r = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("events: HTTP " + r.statusCode());
            }
            return new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Returns the next server-sent event as {type, data}, skipping comments. */
    static String[] nextEvent(java.io.BufferedReader reader) throws IOException {
        String type = null;
        String data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty() && type != null) {
                return new String[] {type, data};
            }
            if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
        throw new IllegalStateException("stream ended");
    }

    /**
     * Returns the next event that is not one of the live figures broadcast to supervising roles every second or on
     * change ({@code wallboard*}, {@code pacing.*}), which arrive on any admin's or manager's stream at any time.
     */
    static String[] nextEventBesidesLiveFigures(java.io.BufferedReader reader) throws IOException {
        while (true) {
            String[] e = nextEvent(reader);
            if (!e[0].startsWith("wallboard") && !e[0].startsWith("pacing.")) {
                return e;
            }
        }
    }

    /** Uploads without Content-Length (chunked), so only the streamed byte count can enforce the limit. */
    Resp uploadChunked(String path, String fileName, byte[] content) {
        String boundary = "----centralita" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] all = out.toByteArray();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(all)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-CSRF-Token", csrf);
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

    Resp send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (csrf != null && !method.equals("GET")) {
            b.header("X-CSRF-Token", csrf);
        }
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
}
