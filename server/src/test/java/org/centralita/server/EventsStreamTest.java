package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.centralita.server.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventsStreamTest {
    static TestServer ts;
    static Http admin;

    @BeforeAll
    static void start() {
        ts = TestServer.start(Map.of());
        admin = new Http(ts.base);
        admin.login("admin", TestServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static long agent(String name) {
        Http.Resp r = admin.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", name)
                        .put("displayName", name)
                        .put("role", "agent")
                        .put("password", "password-1")
                        .put("mustChangePassword", false)
                        .encode());
        return r.json().getLong("id");
    }

    /** An open event stream, read line by line. */
    record Stream(BufferedReader reader) {
        static Stream open(Http browser) throws Exception {
            HttpResponse<java.io.InputStream> r = browser.client.send(
                    HttpRequest.newBuilder(URI.create(browser.base + "/api/events"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            Stream s = new Stream(new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)));
            assertThat(s.next()[0]).isEqualTo("ready");
            return s;
        }

        /** Returns the next event as {type, data}, skipping comments. */
        String[] next() throws Exception {
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
    }

    @Test
    void aScreenPopReachesOnlyTheAgentItIsFor() {
        long ana = agent("ana");
        agent("luis");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Http anaBrowser = new Http(ts.base);
            anaBrowser.login("ana", "password-1");
            Http luisBrowser = new Http(ts.base);
            luisBrowser.login("luis", "password-1");
            Stream anaStream = Stream.open(anaBrowser);
            Stream luisStream = Stream.open(luisBrowser);

            ts.server.events().toUser(ana, "screen-pop", new JsonObject().put("contact", "María José"));
            ts.server.events().toRole(Role.AGENT, "agents-changed", new JsonObject().put("ready", 2));

            String[] anaFirst = anaStream.next();
            assertThat(anaFirst[0]).isEqualTo("screen-pop");
            assertThat(new JsonObject(anaFirst[1]).getString("contact")).isEqualTo("María José");
            assertThat(anaStream.next()[0]).isEqualTo("agents-changed");
            // Luis's first event after "ready" is the role-wide one: Ana's screen pop never reached him.
            assertThat(luisStream.next()[0]).isEqualTo("agents-changed");
        });
    }

    @Test
    void disablingAUserEndsTheirOpenStreamAtOnce() {
        long pepa = agent("pepa");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Http browser = new Http(ts.base);
            browser.login("pepa", "password-1");
            Stream s = Stream.open(browser);
            Http.Resp r = admin.call(
                    "PATCH",
                    "/api/users/" + pepa,
                    new JsonObject().put("enabled", false).encode());
            assertThat(r.status()).isEqualTo(200);
            assertThat(s.next()[0]).isEqualTo("session-ended");
            assertThat(s.reader().readLine()).isNull();
            assertThat(browser.get("/api/events").status()).isEqualTo(401);
        });
    }

    @Test
    void aSupervisorDoesNotReceiveAgentRoleEvents() {
        Http.Resp r = admin.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "sara")
                        .put("displayName", "Sara")
                        .put("role", "supervisor")
                        .put("password", "password-1")
                        .put("mustChangePassword", false)
                        .encode());
        assertThat(r.status()).isEqualTo(201);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Http sara = new Http(ts.base);
            sara.login("sara", "password-1");
            Stream s = Stream.open(sara);
            ts.server.events().toRole(Role.AGENT, "agents-only", new JsonObject());
            ts.server.events().toRole(Role.SUPERVISOR, "wallboard", new JsonObject().put("ready", 3));
            assertThat(s.next()[0]).isEqualTo("wallboard");
        });
    }
}
