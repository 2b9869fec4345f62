package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.campaigns.Campaign;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.gateway.call.SimulatedCallControl;
import org.centralita.gateway.call.VertxScheduler;
import org.centralita.server.agent.AgentWiring;
import org.centralita.server.agent.DialerComponent;
import org.centralita.server.auth.PhoneEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Customers are bridged to the channel an agent logs in on, and their data goes to that agent's screen: so an agent
 * logs in only on a channel of their own phone endpoint (set by an admin), never on one another logged-in agent holds.
 */
class AgentChannelOwnershipTest {
    static TestServer ts;
    static Http admin;
    static long first;
    static long second;

    @BeforeAll
    static void start() {
        AtomicReference<DialerComponent> dialer = new AtomicReference<>();
        AtomicReference<Platform> platform = new AtomicReference<>();
        ts = TestServer.start(Map.of(), p -> {
            platform.set(p);
            SimulatedCallControl sim = new SimulatedCallControl(
                    new VertxScheduler(p.vertx()), request -> SimCallPlan.unanswered(SimAnswer.NO_ANSWER, 0));
            for (String channel :
                    new String[] {"PJSIP/ana-00000001", "PJSIP/bob-00000002", "PJSIP/ana-desk-0000000a"}) {
                sim.addAgentChannel(channel);
            }
            DialerComponent d = new DialerComponent(p, () -> sim);
            dialer.set(d);
            Components.Builder b = Components.builder().dialer(d);
            AgentWiring.apis(p, b, d::desk);
            return b.build();
        });
        Campaign a = LiveCampaigns.running(platform.get().dataSource(), "Canal A", "progressive", 3);
        Campaign b = LiveCampaigns.running(platform.get().dataSource(), "Canal B", "progressive", 3);
        first = a.id();
        second = b.id();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> dialer.get().desk().running().size() == 2);
        admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        createAgent("ana", "PJSIP/ana");
        createAgent("bob", "PJSIP/bob");
        createAgent("hotdesk", "PJSIP/ana"); // shares Ana's phone on another shift
        createAgent("nophone", null);
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static void createAgent(String username, String endpoint) {
        JsonObject body = new JsonObject()
                .put("username", username)
                .put("displayName", username)
                .put("role", "agent")
                .put("password", "password-" + username)
                .put("mustChangePassword", false);
        if (endpoint != null) {
            body.put("phoneEndpoint", endpoint);
        }
        Http.Resp r = admin.call("POST", "/api/users", body.encode());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().getString("phoneEndpoint")).isEqualTo(endpoint);
    }

    static Http signIn(String username) {
        Http h = new Http(ts.base);
        assertThat(h.login(username, "password-" + username).status()).isEqualTo(200);
        return h;
    }

    static Http.Resp login(Http agent, long campaign, String channel) {
        return agent.call(
                "POST",
                "/api/agent/login",
                new JsonObject()
                        .put("campaignId", campaign)
                        .put("channel", channel)
                        .encode());
    }

    @Test
    void anAgentCannotLogInOnAnotherAgentsChannelButTheOwnerCan() {
        Http bob = signIn("bob");
        Http.Resp stolen = login(bob, first, "PJSIP/ana-00000001");
        assertThat(stolen.status()).isEqualTo(403);
        assertThat(stolen.error()).isEqualTo("channel_not_yours");
        assertThat(stolen.json().getString("message")).contains("PJSIP/bob");
        // a look-alike endpoint is not Ana's either
        Http ana = signIn("ana");
        assertThat(login(ana, first, "PJSIP/ana-desk-0000000a").status()).isEqualTo(403);

        Http.Resp own = login(ana, first, "PJSIP/ana-00000001");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().getString("channel")).isEqualTo("PJSIP/ana-00000001");
        assertThat(bob.call("POST", "/api/agent/logout", "{}").status()).isEqualTo(409); // never logged in
        assertThat(ana.call("POST", "/api/agent/logout", "{}").status()).isEqualTo(200);
    }

    @Test
    void aChannelHeldByALoggedInAgentIsRefusedInEveryCampaignUntilTheyLogOut() {
        Http ana = signIn("ana");
        assertThat(login(ana, first, "PJSIP/ana-00000001").status()).isEqualTo(200);
        Http hotdesk = signIn("hotdesk");
        for (long campaign : new long[] {first, second}) {
            Http.Resp taken = login(hotdesk, campaign, "PJSIP/ana-00000001");
            assertThat(taken.status()).as(taken.body()).isEqualTo(409);
            assertThat(taken.error()).isEqualTo("channel_in_use");
            assertThat(taken.json().getString("message")).contains("another logged-in agent");
        }
        assertThat(ana.call("POST", "/api/agent/logout", "{}").status()).isEqualTo(200);
        assertThat(login(hotdesk, second, "PJSIP/ana-00000001").status()).isEqualTo(200);
        assertThat(hotdesk.call("POST", "/api/agent/logout", "{}").status()).isEqualTo(200);
    }

    @Test
    void anAgentWithoutAPhoneEndpointIsToldToAskAnAdmin() {
        Http.Resp r = login(signIn("nophone"), first, "PJSIP/ana-00000001");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.error()).isEqualTo("no_phone_endpoint");
    }

    @Test
    void theAdminSetsAndValidatesAnAgentsPhoneEndpoint() {
        Http.Resp bad = admin.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "eve")
                        .put("displayName", "Eve")
                        .put("role", "agent")
                        .put("password", "password-eve")
                        .put("phoneEndpoint", "PJSIP/ana bob")
                        .encode());
        assertThat(bad.status()).isEqualTo(400);
        long id = admin.get("/api/users").json().getJsonArray("users").stream()
                .map(JsonObject.class::cast)
                .filter(u -> "nophone".equals(u.getString("username")))
                .findFirst()
                .orElseThrow()
                .getLong("id");
        Http.Resp set = admin.call("PATCH", "/api/users/" + id, "{\"phoneEndpoint\":\"SIP/204\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().getString("phoneEndpoint")).isEqualTo("SIP/204");
        Http.Resp cleared = admin.call("PATCH", "/api/users/" + id, "{\"phoneEndpoint\":\"\"}");
        assertThat(cleared.json().getString("phoneEndpoint")).isNull();
    }

    @Test
    void channelsBelongToTheirEndpointOnly() {
        assertThat(PhoneEndpoint.owns("PJSIP/ana", "PJSIP/ana-0000001a")).isTrue();
        assertThat(PhoneEndpoint.owns("PJSIP/ana", "pjsip/ana-0000001a")).isTrue();
        assertThat(PhoneEndpoint.owns("Local/100@agents", "Local/100@agents-00000001;1"))
                .isTrue();
        assertThat(PhoneEndpoint.owns("PJSIP/ana", "PJSIP/ana")).isFalse();
        assertThat(PhoneEndpoint.owns("PJSIP/ana", "PJSIP/anabel-0000001a")).isFalse();
        assertThat(PhoneEndpoint.owns("PJSIP/ana", "PJSIP/ana-desk-0000001a")).isFalse();
        assertThat(PhoneEndpoint.owns("PJSIP/ana", "SIP/ana-0000001a")).isFalse();
        assertThat(PhoneEndpoint.owns("PJSIP/ana", "PJSIP/Ana-0000001a")).isFalse();
    }
}
