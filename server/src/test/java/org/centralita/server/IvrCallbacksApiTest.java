package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.flows.selfservice.CallbackRequest;
import org.centralita.flows.selfservice.JdbcCallbackRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IVR call-backs API end to end: the list, claim conflicts between agents, release, close, and supervisors. */
class IvrCallbacksApiTest {
    static TestServer ts;
    static JdbcCallbackRequests store;
    static Http supervisor;
    static Http alba;
    static Http bruno;

    @BeforeAll
    static void start() {
        AtomicReference<Platform> platform = new AtomicReference<>();
        ts = TestServer.start(Map.of(), p -> {
            platform.set(p);
            return TestServer.components(p, p.config().http().maxUploadSize());
        });
        store = new JdbcCallbackRequests(platform.get().vertx(), platform.get().dataSource());
        Http admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        for (String[] u : new String[][] {{"sonia", "supervisor"}, {"alba", "agent"}, {"bruno", "agent"}}) {
            Http.Resp r = admin.call(
                    "POST",
                    "/api/users",
                    new JsonObject()
                            .put("username", u[0])
                            .put("displayName", u[0])
                            .put("role", u[1])
                            .put("password", "password-" + u[1])
                            .put("mustChangePassword", false)
                            .encode());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        supervisor = login("sonia", "password-supervisor");
        alba = login("alba", "password-agent");
        bruno = login("bruno", "password-agent");
    }

    static Http login(String user, String password) {
        Http h = new Http(ts.base);
        assertThat(h.login(user, password).status()).isEqualTo(200);
        return h;
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static long request(String callId, String number, Instant at) {
        store.create(new CallbackRequest(callId, number, "", "es", "after-hours", at))
                .await();
        return ticketOf(supervisor.get("/api/ivr/callbacks").json(), callId).getLong("id");
    }

    static JsonObject ticketOf(JsonObject list, String callId) {
        JsonArray tickets = list.getJsonArray("tickets");
        for (int i = 0; i < tickets.size(); i++) {
            if (tickets.getJsonObject(i).getString("callId").equals(callId)) {
                return tickets.getJsonObject(i);
            }
        }
        return null;
    }

    static Http.Resp post(Http who, long id, String action, JsonObject body) {
        return who.call("POST", "/api/ivr/callbacks/" + id + "/" + action, body.encode());
    }

    @Test
    void everyRoleSeesTheOpenRequestsOldestFirstWithTheNumberGroupedForReading() {
        Instant now = Instant.now();
        request("list-new", "+34912345678", now.minusSeconds(60));
        request("list-old", "+34600111222", now.minus(Duration.ofHours(3)));

        Http.Resp r = alba.get("/api/ivr/callbacks");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject old = ticketOf(r.json(), "list-old");
        assertThat(old.getString("numberDisplay")).isEqualTo("+34 600 11 12 22");
        assertThat(old.getString("status")).isEqualTo("PENDING");
        assertThat(old.getLong("ageSeconds")).isGreaterThanOrEqualTo(3 * 3600L);
        JsonArray tickets = r.json().getJsonArray("tickets");
        for (int i = 1; i < tickets.size(); i++) {
            assertThat(tickets.getJsonObject(i).getLong("requestedAt"))
                    .isGreaterThanOrEqualTo(tickets.getJsonObject(i - 1).getLong("requestedAt"));
        }
        assertThat(r.json().getLong("oldestAgeSeconds")).isGreaterThanOrEqualTo(3 * 3600L);
        assertThat(supervisor.get("/api/ivr/callbacks").status()).isEqualTo(200);
        assertThat(new Http(ts.base).get("/api/ivr/callbacks").status()).isEqualTo(401);
    }

    @Test
    void aSecondAgentCannotClaimReleaseOrCloseATicketAnotherHolds() {
        long id = request("conflict", "+34911000001", Instant.now());

        Http.Resp claimed = post(alba, id, "claim", new JsonObject());
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        assertThat(claimed.json().getString("claimedBy")).isEqualTo("alba");
        assertThat(claimed.json().getBoolean("mine")).isTrue();

        Http.Resp steal = post(bruno, id, "claim", new JsonObject());
        assertThat(steal.status()).as(steal.body()).isEqualTo(409);
        assertThat(steal.json().getString("message")).contains("alba");
        assertThat(post(bruno, id, "release", new JsonObject().put("note", "x")).status())
                .isEqualTo(409);
        Http.Resp close = post(bruno, id, "close", new JsonObject().put("outcome", "called-back"));
        assertThat(close.status()).isEqualTo(409);
        assertThat(close.json().getString("message")).contains("held by alba");

        JsonObject seen = ticketOf(bruno.get("/api/ivr/callbacks").json(), "conflict");
        assertThat(seen.getString("claimedBy")).isEqualTo("alba");
        assertThat(seen.getBoolean("mine")).isFalse();
    }

    @Test
    void releasingCountsAnAttemptAndClosingRemovesTheTicketFromTheList() {
        long id = request("work", "+34911000002", Instant.now());
        assertThat(post(bruno, id, "close", new JsonObject().put("outcome", "called-back"))
                        .status())
                .as("an agent claims before closing")
                .isEqualTo(409);
        assertThat(post(bruno, id, "claim", new JsonObject()).status()).isEqualTo(200);

        Http.Resp released = post(bruno, id, "release", new JsonObject().put("note", "no answer"));
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().getString("status")).isEqualTo("PENDING");
        assertThat(released.json().getInteger("attempts")).isEqualTo(1);
        assertThat(released.json().getString("note")).isEqualTo("no answer");

        assertThat(post(bruno, id, "claim", new JsonObject()).status()).isEqualTo(200);
        assertThat(post(bruno, id, "close", new JsonObject().put("outcome", "maybe"))
                        .status())
                .isEqualTo(400);
        Http.Resp closed = post(
                bruno,
                id,
                "close",
                new JsonObject().put("outcome", "called-back").put("note", "ok"));
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().getString("status")).isEqualTo("CLOSED");
        assertThat(closed.json().getString("outcome")).isEqualTo("called-back");
        assertThat(ticketOf(supervisor.get("/api/ivr/callbacks").json(), "work"))
                .isNull();

        Http.Resp again = post(alba, id, "claim", new JsonObject());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().getString("message")).contains("closed");
        assertThat(post(alba, 999_999, "claim", new JsonObject()).status()).isEqualTo(404);
    }

    @Test
    void aSupervisorReleasesOrClosesATicketAnAgentHolds() {
        long id = request("super", "+34911000003", Instant.now());
        assertThat(post(alba, id, "claim", new JsonObject()).status()).isEqualTo(200);
        Http.Resp released = post(supervisor, id, "release", new JsonObject().put("note", "alba went home"));
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().getString("note")).isEqualTo("released by sonia: alba went home");

        Http.Resp closed = post(supervisor, id, "close", new JsonObject().put("outcome", "wrong-number"));
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().getString("closedBy")).isEqualTo("sonia");
    }

    @Test
    void aRequestStoredByTheIvrIsPublishedToAgentsAsAnIvrCallbacksEvent() {
        java.util.List<JsonObject> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var consumer = ts.server
                .vertx()
                .eventBus()
                .<JsonObject>consumer("centralita.events.role.agent", m -> seen.add(m.body()));
        consumer.completion().await();
        try {
            store.create(new CallbackRequest("feed", "+34911000004", "", "en", "after-hours", Instant.now()))
                    .await();
            int open = supervisor.get("/api/ivr/callbacks").json().getInteger("open");
            await().atMost(Duration.ofSeconds(15)).until(() -> seen.stream()
                    .anyMatch(e -> e.getString("type").equals("ivr-callbacks")
                            && e.getJsonObject("data").getInteger("open") == open));
            assertThat(ts.server.meters().scrape()).contains("centralita_ivr_callbacks_pending");
        } finally {
            consumer.unregister().await();
        }
    }
}
