package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Fixtures;
import org.centralita.campaigns.Outcome;
import org.centralita.flows.IvrFlows;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.testing.AgiReplies;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.centralita.gateway.call.CallControl;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.gateway.call.SimulatedCallControl;
import org.centralita.gateway.call.VertxScheduler;
import org.centralita.server.agent.AgentWiring;
import org.centralita.server.agent.DialerComponent;
import org.centralita.server.campaigns.CampaignsStorage;
import org.centralita.server.telephony.TelephonyAdmin;
import org.junit.jupiter.api.Test;

class DialerComponentTest {

    @Test
    void aCampaignAManagerStartsAfterTheServerIsPickedUpByTheLiveDialerWithoutARestart() {
        AtomicReference<DialerComponent> dialer = new AtomicReference<>();
        AtomicReference<Platform> platform = new AtomicReference<>();
        try (TestServer server = TestServer.start(Map.of(), p -> {
            platform.set(p);
            DialerComponent d = new DialerComponent(
                    p,
                    () -> new SimulatedCallControl(
                            new VertxScheduler(p.vertx()), request -> SimCallPlan.human(50, 60_000)));
            dialer.set(d);
            return Components.builder().dialer(d).build();
        })) {
            assertThat(dialer.get().desk().running())
                    .as("no campaign is running yet")
                    .isEmpty();

            Campaigns campaigns =
                    new Campaigns(CampaignsStorage.of(platform.get().dataSource()), Clock.systemUTC());
            CampaignSpec base = Fixtures.spanishSpec();
            Campaign c = campaigns.createBlocking(new CampaignSpec(
                    "Started later",
                    base.survey(),
                    "progressive",
                    null,
                    "ES",
                    ZoneId.of("Europe/Madrid"),
                    null,
                    null,
                    "+34910000000",
                    0.03));
            campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> dialer.get().desk().campaign(c.id()).isPresent());
            assertThat(dialer.get().desk().campaign(c.id()).orElseThrow().name())
                    .isEqualTo("Started later");
        }
    }

    @Test
    void aCampaignWhoseLaunchHitATransientErrorIsDialledFromTheNextSync() {
        AtomicReference<DialerComponent> dialer = new AtomicReference<>();
        AtomicReference<Platform> platform = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger launches = new java.util.concurrent.atomic.AtomicInteger();
        try (TestServer server = TestServer.start(Map.of(), p -> {
            platform.set(p);
            CallControl sim =
                    new SimulatedCallControl(new VertxScheduler(p.vertx()), request -> SimCallPlan.human(50, 60_000));
            DialerComponent d = new DialerComponent(
                    p,
                    false,
                    () -> (campaigns, c, settings, agentless) -> {
                        if (launches.getAndIncrement() == 0) {
                            throw new org.centralita.campaigns.CampaignsException.Storage(
                                    "database error: connection refused", null);
                        }
                        org.centralita.dialer.runtime.DialerRuntime rt =
                                org.centralita.dialer.runtime.DialerRuntime.builder(p.vertx(), campaigns, sim)
                                        .campaign(c.id())
                                        .settings(settings)
                                        .callPath(
                                                org.centralita.dialer.runtime.CallPathSettings.defaults("+34910000000"))
                                        .build();
                        return new DialerComponent.Launched(rt, rt::login);
                    },
                    null);
            dialer.set(d);
            return Components.builder().dialer(d).build();
        })) {
            Campaign c = LiveCampaigns.running(platform.get().dataSource(), "Fallo pasajero", "progressive", 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> dialer.get().desk().campaign(c.id()).isPresent());
            assertThat(launches.get())
                    .as("the first launch failed, a later sync retried")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void withoutCallControlServeHasNoDeskAndDialsNothing() {
        AtomicReference<DialerComponent> dialer = new AtomicReference<>();
        try (TestServer server = TestServer.start(Map.of(), p -> {
            DialerComponent d = new DialerComponent(p, () -> null);
            dialer.set(d);
            return Components.builder().dialer(d).build();
        })) {
            assertThat(dialer.get().desk()).isNull();
        }
    }

    /** Records what the dialer originates (the channel variables the dialplan and the survey script read). */
    record Recording(CallControl sim, List<OriginateRequest> originated) implements CallControl {
        @Override
        public Future<OriginateResult> originate(OriginateRequest request) {
            originated.add(request);
            return sim.originate(request);
        }

        @Override
        public Future<Void> hangup(String channel, int cause) {
            return sim.hangup(channel, cause);
        }

        @Override
        public Future<Void> bridge(String channel1, String channel2) {
            return sim.bridge(channel1, channel2);
        }

        @Override
        public Future<Void> redirect(String channel, String context, String exten, int priority) {
            return sim.redirect(channel, context, exten, priority);
        }

        @Override
        public Future<Optional<String>> getVar(String channel, String variable) {
            return sim.getVar(channel, variable);
        }

        @Override
        public Future<Void> setVar(String channel, String variable, String value) {
            return sim.setVar(channel, variable, value);
        }

        @Override
        public AutoCloseable onEvent(Consumer<CallEvent> listener) {
            return sim.onEvent(listener);
        }

        @Override
        public boolean isConnected() {
            return sim.isConnected();
        }
    }

    @Test
    void aRunningAgentlessCampaignDialsAndThePersonWhoAnswersTakesTheKeypadSurveyShownOnTheWallboard() {
        List<OriginateRequest> originated = new CopyOnWriteArrayList<>();
        AtomicReference<DialerComponent> dialer = new AtomicReference<>();
        AtomicReference<Platform> platform = new AtomicReference<>();
        try (TestServer server = TestServer.start(Map.of(), p -> {
            platform.set(p);
            Components.Builder b = Components.builder();
            IvrFlows flows = TelephonyAdmin.flows(p, b);
            // serve's own wiring: the AMI launcher and the keypad survey over the server's IVR flows, on simulated
            // calls
            DialerComponent d = new DialerComponent(
                    p,
                    () -> new Recording(
                            new SimulatedCallControl(
                                    new VertxScheduler(p.vertx()),
                                    r -> new SimCallPlan(SimAnswer.HUMAN, 50, 300_000, SimAmdVerdict.HUMAN, 50)),
                            originated),
                    campaigns -> ServeCommand.keypadSurveys(p, campaigns, flows));
            dialer.set(d);
            AgentWiring.apis(p, b.dialer(d), d::desk);
            return b.build();
        })) {
            Campaign c = LiveCampaigns.running(platform.get().dataSource(), "Encuesta sin agentes", "agentless", 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> !originated.isEmpty());
            OriginateRequest call = originated.get(0);
            assertThat(call.variables()).containsEntry("CENTRALITA_CAMPAIGN_ID", String.valueOf(c.id()));

            // Asterisk runs dialer-connect on the answered call (AMD said HUMAN); the survey follows on that session.
            Map<String, String> vars = new java.util.HashMap<>(call.variables());
            vars.put("AMDSTATUS", "HUMAN");
            Deque<String> keys = new ArrayDeque<>(List.of("", "5", "10", "1", "1"));
            ScriptedAgiSession session = ScriptedAgiSession.builder()
                    .script("dialer-connect")
                    .uniqueId("1700000000.7")
                    .build();
            session.otherwise(command -> keypad(command, vars, keys));
            dialer.get().scripts().get("dialer-connect").handle(session).await();

            Campaigns campaigns = LiveCampaigns.of(platform.get().dataSource());
            long contactId = Long.parseLong(call.variables().get("CENTRALITA_CONTACT_ID"));
            assertThat(campaigns.answers(contactId).await())
                    .containsEntry("csat", "5")
                    .containsEntry("nps", "10");
            assertThat(campaigns.attempts(contactId).await()).anyMatch(a -> a.outcome() == Outcome.COMPLETED);

            Http admin = new Http(server.base);
            admin.login("admin", TestServer.ADMIN_PASSWORD);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonArray shown = admin.get("/api/wallboard").json().getJsonArray("campaigns");
                assertThat(shown).hasSize(1);
                JsonObject one = shown.getJsonObject(0);
                assertThat(one.getString("name")).isEqualTo("Encuesta sin agentes");
                assertThat(one.getBoolean("agentless")).isTrue();
                assertThat(one.getJsonObject("results").getInteger("completed")).isEqualTo(1);
            });
        }
    }

    /** A person with a keypad: one key per WAIT FOR DIGIT, digits per GET DATA; channel variables from the call. */
    private static AgiReply keypad(String command, Map<String, String> vars, Deque<String> keys) {
        if (command.startsWith("GET VARIABLE ")) {
            String v = vars.get(command.substring("GET VARIABLE ".length()).replace("\"", ""));
            return v == null ? AgiReplies.ok() : AgiReplies.variable(v);
        }
        if (command.startsWith("WAIT FOR DIGIT")) {
            String k = keys.isEmpty() ? "" : keys.poll();
            return k.isEmpty() ? AgiReplies.ok() : AgiReplies.parse("200 result=" + (int) k.charAt(0));
        }
        if (command.startsWith("GET DATA")) {
            String d = keys.isEmpty() ? "" : keys.poll();
            return d.isEmpty() ? AgiReplies.timeout() : AgiReplies.data(d);
        }
        if (command.startsWith("SET VARIABLE") || command.equals("HANGUP")) {
            return AgiReplies.one();
        }
        return AgiReplies.ok();
    }
}
