package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are read only after the access check and within small limits: a client without rights, or with a
 * body over the limit, is answered at once while it is still sending, so the server never holds what it was sent.
 * The requests are written by hand on a socket, sending only the first 64 KB of the body they announce: a server that
 * waited for the whole body before answering would never answer.
 */
class RequestBodyLimitsTest {
    private static final int ANNOUNCED = 50 * 1024 * 1024;
    private static final int SENT = 64 * 1024;

    static TestServer ts; // default http.max-body-size
    static String adminToken;

    @BeforeAll
    static void start() {
        ts = TestServer.start(Map.of());
        Http admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        Http.Resp token = admin.call(
                "POST", "/api/tokens", new JsonObject().put("name", "limits").encode());
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        adminToken = token.json().getString("token");
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    @Test
    void anUnauthenticatedFiftyMegabytePostIsRefusedWith401BeforeItsBodyIsSent() {
        Raw r = postPartially("/api/users", Map.of("Content-Length", Integer.toString(ANNOUNCED)));
        assertThat(r.status()).as(r.text()).isEqualTo(401);
        assertThat(r.text()).contains("\"error\":\"unauthenticated\"");
        assertThat(r.closed())
                .as("the connection is closed instead of reading the rest")
                .isTrue();
    }

    @Test
    void anUnauthenticatedChunkedPostToAnUploadRouteIsRefusedWith401() {
        Raw r = postPartially("/api/campaigns/1/uploads", Map.of("Transfer-Encoding", "chunked"));
        assertThat(r.status()).as(r.text()).isEqualTo(401);
        assertThat(r.closed()).isTrue();
    }

    @Test
    void aBigPostToAnApiPathThatDoesNotExistIsRefusedWithoutReadingIt() {
        Raw r = postPartially("/api/no/such/thing", Map.of("Content-Length", Integer.toString(ANNOUNCED)));
        assertThat(r.status()).as(r.text()).isIn(401, 404);
        assertThat(r.closed()).isTrue();
    }

    @Test
    void aSignedInJsonBodyOverTheDefaultOneMegabyteLimitGets413NamingTheLimit() {
        Raw r = postPartially(
                "/api/users",
                Map.of("Content-Length", Integer.toString(2 * 1024 * 1024), "Authorization", "Bearer " + adminToken));
        assertThat(r.status()).as(r.text()).isEqualTo(413);
        JsonObject error = r.json();
        assertThat(error.getString("error")).isEqualTo("payload_too_large");
        assertThat(error.getString("message")).contains("1 MB").contains("http.max-body-size");
        assertThat(r.closed()).isTrue();
    }

    @Test
    void aChunkedSignedInBodyIsCutOffWith413OnceItPassesTheLimit() {
        Raw r = postPartially(
                "/api/users",
                Map.of("Transfer-Encoding", "chunked", "Authorization", "Bearer " + adminToken),
                2 * 1024 * 1024);
        assertThat(r.status()).as(r.text()).isEqualTo(413);
        assertThat(r.json().getString("error")).isEqualTo("payload_too_large");
    }

    @Test
    void aSignInRequestOverSixteenKilobytesGets413() {
        Http anonymous = new Http(ts.base);
        Http.Resp r = anonymous.send(
                "POST",
                "/api/auth/login",
                new JsonObject()
                        .put("username", "admin")
                        .put("password", "x".repeat(20_000))
                        .encode(),
                Map.of());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("payload_too_large");
        assertThat(r.json().getString("message")).contains("16 KB").contains("without a signed-in user");
        assertThat(anonymous.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aJsonBodyUnderTheLimitStillWorksAfterTheAccessCheck() {
        Http.Resp r = new Http(ts.base)
                .send(
                        "POST",
                        "/api/users",
                        new JsonObject()
                                .put("username", "under-limit")
                                .put("displayName", "y".repeat(100))
                                .put("role", "agent")
                                .put("password", "long-enough-1")
                                .encode(),
                        Map.of("Authorization", "Bearer " + adminToken));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void keptAliveConnectionsGoOnServingAfterRefusedAndAcceptedRequests() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        String bearer = "Bearer " + adminToken;
        for (int i = 0; i < 10; i++) {
            assertThat(send(client, "GET", "/api/auth/me", null, null)).isEqualTo(401);
            assertThat(send(client, "POST", "/api/users", "{\"username\":\"x\"}", null))
                    .isEqualTo(401);
            assertThat(send(client, "GET", "/api/users", null, bearer)).isEqualTo(200);
            assertThat(send(client, "POST", "/api/users", "{\"username\":\"x\"}", bearer))
                    .isEqualTo(400);
            assertThat(send(client, "POST", "/api/agent/logout", "", bearer)).isEqualTo(403);
            assertThat(send(client, "GET", "/api/nothing/here", null, bearer)).isEqualTo(404);
            assertThat(send(client, "DELETE", "/api/tokens/999999", null, bearer))
                    .isEqualTo(404);
        }
    }

    private static int send(java.net.http.HttpClient client, String method, String path, String body, String auth)
            throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(ts.base + path))
                .timeout(java.time.Duration.ofSeconds(5))
                .method(
                        method,
                        body == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** What came back on the socket. */
    record Raw(int status, String text, boolean closed) {
        JsonObject json() {
            return new JsonObject(text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    private static Raw postPartially(String path, Map<String, String> headers) {
        return postPartially(path, headers, SENT);
    }

    /** Sends the head and {@code bodyBytes} of body (chunked when asked), then reads the answer without sending more. */
    private static Raw postPartially(String path, Map<String, String> headers, int bodyBytes) {
        URI base = URI.create(ts.base);
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n")
                    .append("Content-Type: application/json\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            boolean chunked = headers.containsKey("Transfer-Encoding");
            byte[] piece = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < bodyBytes; sent += piece.length) {
                    if (chunked) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(piece);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                }
            } catch (IOException refused) {
                // the server may answer and close while we write: read what it said
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            boolean closed;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException reset) {
                closed = true; // reset by the server after its answer
            }
            String text = got.toString(StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Raw(status, text, closed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
