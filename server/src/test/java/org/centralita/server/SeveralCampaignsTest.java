package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.campaigns.Campaign;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.server.demo.DemoMode;
import org.junit.jupiter.api.Test;

/**
 * Two campaigns dialling at once on one server (demo mode's simulated calls): agents choose their campaign, the
 * wallboard shows both by name, and the telephony admin sees and steers each live dialer.
 */
class SeveralCampaignsTest {

    record Server(TestServer ts, Platform p) implements AutoCloseable {
        static Server start() {
            AtomicReference<Platform> platform = new AtomicReference<>();
            TestServer ts = TestServer.start(Map.of(), p -> {
                platform.set(p);
                return DemoMode.wire(
                                p,
                                Components.builder(),
                                r -> new SimCallPlan(SimAnswer.HUMAN, 100, 120_000, SimAmdVerdict.HUMAN, 50))
                        .build();
            });
            return new Server(ts, platform.get());
        }

        Http signedIn(String user) {
            Http h = new Http(ts.base);
            assertThat(h.login(user, DemoMode.PASSWORD).status()).isEqualTo(200);
            return h;
        }

        long demoCampaignId(Http agent) {
            return agent.get("/api/agent").json().getJsonArray("campaigns").stream()
                    .map(JsonObject.class::cast)
                    .filter(c -> c.getString("name").equals(DemoMode.CAMPAIGN))
                    .findFirst()
                    .orElseThrow()
                    .getLong("id");
        }

        @Override
        public void close() {
            ts.close();
        }
    }

    static String state(Http agent) {
        JsonObject a = agent.get("/api/agent").json().getJsonObject("agent");
        return a == null ? "NONE" : a.getString("state");
    }

    static JsonObject wallboardAgent(Http supervisor, String id) {
        return supervisor.get("/api/wallboard").json().getJsonArray("agents").stream()
                .map(JsonObject.class::cast)
                .filter(a -> a.getString("agentId").equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void agentsChooseTheirCampaignAtLogInWorkOnlyItsCallsAndSwitchWhenNotOnACall() {
        try (Server s = Server.start()) {
            Http agent1 = s.signedIn("agent1");
            Http agent2 = s.signedIn("agent2");
            Http supervisor = s.signedIn("supervisor");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> agent1.get("/api/agent")
                                    .json()
                                    .getJsonArray("campaigns")
                                    .size()
                            == 1);
            long demo = s.demoCampaignId(agent1);
            Campaign second = LiveCampaigns.running(s.p().dataSource(), "Postventa noviembre", "progressive", 20);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> agent1.get("/api/agent")
                                    .json()
                                    .getJsonArray("campaigns")
                                    .size()
                            == 2);

            Http.Resp ambiguous = agent1.call("POST", "/api/agent/login", "{}");
            assertThat(ambiguous.status()).isEqualTo(400);
            assertThat(ambiguous.error()).isEqualTo("campaign_required");
            assertThat(agent1.call("POST", "/api/agent/ready", "{}").error()).isEqualTo("not_logged_in");

            assertThat(agent1.call("POST", "/api/agent/login", "{\"campaignId\":" + second.id() + "}")
                            .status())
                    .isEqualTo(200);
            assertThat(agent2.call("POST", "/api/agent/login", "{\"campaignId\":" + demo + "}")
                            .status())
                    .isEqualTo(200);
            JsonObject me = agent1.get("/api/agent").json();
            assertThat(me.getLong("campaignId")).isEqualTo(second.id());
            assertThat(me.getString("campaignName")).isEqualTo("Postventa noviembre");

            // Each agent gets calls from their own campaign's runtime.
            await().atMost(Duration.ofSeconds(15)).until(() -> "ON_CALL".equals(state(agent1)));
            await().atMost(Duration.ofSeconds(15)).until(() -> "ON_CALL".equals(state(agent2)));
            JsonObject w1 = wallboardAgent(supervisor, "agent1");
            JsonObject w2 = wallboardAgent(supervisor, "agent2");
            assertThat(w1.getString("campaignName")).isEqualTo("Postventa noviembre");
            assertThat(w2.getString("campaignName")).isEqualTo(DemoMode.CAMPAIGN);
            JsonArray campaigns = supervisor.get("/api/wallboard").json().getJsonArray("campaigns");
            assertThat(campaigns.stream().map(c -> ((JsonObject) c).getString("name")))
                    .containsExactlyInAnyOrder(DemoMode.CAMPAIGN, "Postventa noviembre");
            String call1 = agent1.get("/api/agent").json().getJsonObject("pop").getString("callId");
            String call2 = agent2.get("/api/agent").json().getJsonObject("pop").getString("callId");
            assertThat(call1).isNotEqualTo(call2);

            // No switching in the middle of a call; after the disposition and a pause, the agent moves.
            Http.Resp busy = agent1.call("POST", "/api/agent/login", "{\"campaignId\":" + demo + "}");
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.error()).isEqualTo("on_a_call");
            assertThat(agent1.call("POST", "/api/agent/hangup", "{}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "WRAP_UP".equals(state(agent1)));
            assertThat(agent1.call(
                                    "POST",
                                    "/api/agent/disposition",
                                    "{\"code\":\"refused\",\"answers\":{},\"endWrapUp\":false}")
                            .status())
                    .isEqualTo(200);
            assertThat(agent1.call("POST", "/api/agent/pause", "{\"reason\":\"break\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(agent1.call("POST", "/api/agent/login", "{\"campaignId\":" + demo + "}")
                            .status())
                    .isEqualTo(200);
            assertThat(agent1.get("/api/agent").json().getLong("campaignId")).isEqualTo(demo);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> DemoMode.CAMPAIGN.equals(
                            wallboardAgent(supervisor, "agent1").getString("campaignName")));
        }
    }

    @Test
    void liveFiguresComeFromTheRunningCampaignAndNewSettingsReachItsPacerAtOnce() {
        try (Server s = Server.start()) {
            Http agent2 = s.signedIn("agent2");
            Http admin = new Http(s.ts().base);
            admin.login("admin", TestServer.ADMIN_PASSWORD);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> agent2.get("/api/agent")
                                    .json()
                                    .getJsonArray("campaigns")
                                    .size()
                            == 1);
            long demo = s.demoCampaignId(agent2);
            assertThat(agent2.call("POST", "/api/agent/login", "{}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> "ON_CALL".equals(state(agent2)));

            JsonObject live = live(admin, demo);
            assertThat(live.getString("campaignName")).isEqualTo(DemoMode.CAMPAIGN);
            assertThat(live.getString("mode")).isEqualTo("progressive");
            assertThat(live.getInteger("workingAgents")).isEqualTo(1);
            assertThat(live.getInteger("callsInProgress")).isGreaterThanOrEqualTo(1);

            Http.Resp put = admin.call(
                    "PUT",
                    "/api/pacing/campaigns/" + demo,
                    "{\"mode\":\"ratio\",\"ratio\":2,\"ringTimeoutSeconds\":30,\"connectDeadlineSeconds\":1,\"amd\":\"off\"}");
            assertThat(put.status()).isEqualTo(200);
            JsonObject applied = put.json().getJsonObject("liveDialer");
            assertThat(applied.getBoolean("running")).isTrue();
            assertThat(applied.getJsonArray("live").getList())
                    .containsExactly("mode", "ringTimeoutSeconds", "connectDeadlineSeconds");
            assertThat(applied.getJsonArray("nextStart").getList()).containsExactly("amd");
            assertThat(live(admin, demo).getString("mode")).isEqualTo("ratio");

            // The what-if runs on what this campaign learned from its own calls; elsewhere on the standard list.
            JsonObject learned = admin.call(
                            "POST",
                            "/api/pacing/campaigns/" + demo + "/what-if",
                            "{\"candidates\":[{\"mode\":\"progressive\"}],\"hours\":0.25,\"seeds\":1}")
                    .json();
            assertThat(learned.getString("basis")).isEqualTo("learned");
            assertThat(learned.getInteger("agents")).isEqualTo(1);
            assertThat(learned.getJsonObject("learnedFrom").getLong("answeredCalls"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(learned.getJsonObject("scenario").getString("name")).isEqualTo("learned");
            JsonObject other = admin.call(
                            "POST",
                            "/api/pacing/campaigns/999/what-if",
                            "{\"candidates\":[{\"mode\":\"progressive\"}],\"agents\":2,\"hours\":0.25,\"seeds\":1}")
                    .json();
            assertThat(other.getString("basis")).isEqualTo("defaults");
            assertThat(other.getJsonObject("learnedFrom").getBoolean("running")).isFalse();
        }
    }

    static JsonObject live(Http admin, long campaignId) {
        return admin.get("/api/pacing/live").json().getJsonArray("campaigns").stream()
                .map(JsonObject.class::cast)
                .filter(c -> c.getString("campaignId").equals(String.valueOf(campaignId)))
                .findFirst()
                .orElseThrow();
    }
}
