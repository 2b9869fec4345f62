package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.server.demo.DemoMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent desktop API over demo mode: role boundaries and an agent's calls being their own. */
class AgentApiTest {
    static TestServer ts;

    @BeforeAll
    static void start() {
        ts = TestServer.start(Map.of(), p -> DemoMode.wire(
                        p,
                        Components.builder(),
                        r -> new SimCallPlan(SimAnswer.HUMAN, 100, 120_000, SimAmdVerdict.HUMAN, 50))
                .build());
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static Http signedIn(String user) {
        Http h = new Http(ts.base);
        assertThat(h.login(user, DemoMode.PASSWORD).status()).isEqualTo(200);
        return h;
    }

    @Test
    void anAgentCannotRecordAnotherAgentsCallAndOnlyAgentsUseTheDesktop() {
        Http agent1 = signedIn("agent1");
        Http agent2 = signedIn("agent2");
        assertThat(agent1.call("POST", "/api/agent/login", "{}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "ON_CALL"
                .equals(agent1.get("/api/agent").json().getJsonObject("agent").getString("state")));
        JsonObject mine = agent1.get("/api/agent").json();
        String callId = mine.getJsonObject("agent").getString("callId");
        assertThat(mine.getJsonObject("pop").getString("callId")).isEqualTo(callId);

        // agent2 has no call: recording "their" disposition cannot touch agent1's call.
        Http.Resp other =
                agent2.call("POST", "/api/agent/disposition", "{\"code\":\"completed\",\"answers\":{\"csat\":\"1\"}}");
        assertThat(other.status()).isEqualTo(409);
        assertThat(agent2.get("/api/agent").json().containsKey("pop")).isFalse();
        JsonObject after = agent1.get("/api/agent").json().getJsonObject("agent");
        assertThat(after.getString("state")).isEqualTo("ON_CALL");
        assertThat(after.getString("callId")).isEqualTo(callId);

        Http supervisor = signedIn("supervisor");
        assertThat(supervisor.call("POST", "/api/agent/ready", "{}").status()).isEqualTo(403);
        assertThat(supervisor.get("/api/agent").status()).isEqualTo(403);
        assertThat(agent1.get("/api/wallboard").status()).isEqualTo(403);
        assertThat(new Http(ts.base).get("/api/agent").status()).isEqualTo(401);
        assertThat(supervisor
                        .get("/api/wallboard")
                        .json()
                        .getJsonArray("agents")
                        .encode())
                .contains("agent1");

        // Ending the call from the desktop: only the agent who has the call can, and it moves them to wrap-up.
        assertThat(agent2.call("POST", "/api/agent/hangup", "{}").status()).isEqualTo(409);
        assertThat(agent1.call("POST", "/api/agent/hangup", "{}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "WRAP_UP"
                .equals(agent1.get("/api/agent").json().getJsonObject("agent").getString("state")));
    }

    @Test
    void aPauseNeedsAReason() {
        Http agent3 = signedIn("agent3");
        assertThat(agent3.call("POST", "/api/agent/login", "{}").status()).isEqualTo(200);
        Http.Resp r = agent3.call("POST", "/api/agent/pause", "{\"reason\":\"\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("reason_required");
    }

    @Test
    void withoutARunningCampaignTheDesktopSaysSo() {
        try (TestServer plain = TestServer.start(Map.of())) {
            Http admin = new Http(plain.base);
            admin.login("admin", TestServer.ADMIN_PASSWORD);
            Http.Resp r = admin.get("/api/wallboard");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error()).isEqualTo("dialer_not_running");
        }
    }
}
