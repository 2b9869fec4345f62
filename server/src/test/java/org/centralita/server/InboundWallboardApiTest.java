package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.centralita.dialer.runtime.DialerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inbound wallboard feed end to end: dialer runtimes' queue events → GET /api/wallboard/inbound and /metrics. */
class InboundWallboardApiTest {
    static TestServer ts;
    static Http supervisor;
    static Http agent;

    @BeforeAll
    static void start() {
        ts = TestServer.start(Map.of("CENTRALITA_INBOUND_SERVICE_LEVEL_THRESHOLD", "15s"));
        Http admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        for (String[] u : new String[][] {{"sonia", "supervisor"}, {"alba", "agent"}}) {
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
        supervisor = new Http(ts.base);
        assertThat(supervisor.login("sonia", "password-supervisor").status()).isEqualTo(200);
        agent = new Http(ts.base);
        assertThat(agent.login("alba", "password-agent").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static void publish(String type, String callId, Long waitMillis) {
        JsonObject e = new JsonObject().put("type", type).put("campaignId", 7).put("callId", callId);
        if (waitMillis != null) {
            e.put("waitMillis", waitMillis);
        }
        ts.server.vertx().eventBus().publish(DialerRuntime.INBOUND_ADDRESS, e);
    }

    @Test
    void queueEventsOfAnyCampaignBecomeSpeedOfAnswerServiceLevelAndMetricsForSupervisorsOnly() {
        Http.Resp empty = supervisor.get("/api/wallboard/inbound");
        assertThat(empty.status()).as(empty.body()).isEqualTo(200);
        assertThat(empty.json().getInteger("waiting")).isZero();
        assertThat(empty.json().getInteger("inIvr")).isZero();
        assertThat(empty.json().getLong("serviceLevelThresholdSeconds")).isEqualTo(15L);
        assertThat(empty.json().getJsonObject("recent").getValue("serviceLevel"))
                .isNull();

        publish("inbound-queued", "in-7-1", null);
        publish("inbound-queued", "in-7-2", null);
        publish("inbound-queued", "in-9-1", null); // another campaign's runtime: same figures
        publish("inbound-answered", "in-7-1", 12_000L);
        publish("inbound-abandoned", "in-7-2", 40_000L);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> supervisor
                                .get("/api/wallboard/inbound")
                                .json()
                                .getJsonObject("today")
                                .getLong("abandoned")
                        == 1L);

        JsonObject s = supervisor.get("/api/wallboard/inbound").json();
        assertThat(s.getInteger("waiting")).isEqualTo(1);
        assertThat(s.getLong("longestWaitSeconds")).isNotNull();
        JsonObject recent = s.getJsonObject("recent");
        assertThat(recent.getLong("answered")).isEqualTo(1L);
        assertThat(recent.getDouble("averageSpeedOfAnswerSeconds")).isEqualTo(12.0);
        assertThat(recent.getDouble("serviceLevel")).isEqualTo(0.5);
        assertThat(recent.getDouble("abandonRate")).isEqualTo(0.5);

        assertThat(agent.get("/api/wallboard/inbound").status()).isEqualTo(403);
        assertThat(new Http(ts.base).get("/api/wallboard/inbound").status()).isEqualTo(401);

        String metrics = ts.server.meters().scrape();
        assertThat(metrics)
                .contains("centralita_inbound_answered_total 1.0")
                .contains("centralita_inbound_abandoned_total 1.0")
                .contains("centralita_inbound_queued_total 3.0")
                .contains("centralita_inbound_waiting 1.0")
                .contains("centralita_inbound_service_level 0.5")
                .contains("centralita_inbound_speed_of_answer_seconds_bucket{le=\"15.0\"} 1");
    }
}
