package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.ContactState;
import org.centralita.campaigns.Outcome;
import org.centralita.dialer.AgentState;
import org.centralita.gateway.ami.AmiHeaders;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The live call path end to end: fake Asterisk AMI and FastAGI, the campaigns module on H2 on disk. */
@ExtendWith(VertxExtension.class)
class DialerRuntimeEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void personIsBridgedToTheAgentWithAScreenPopAndTheDispositionIsSavedWithTheAttempt(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED); // AMD's verdict comes through dialer-connect
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            List<JsonObject> desk = new CopyOnWriteArrayList<>();
            AtomicLong popAt = new AtomicLong();
            AtomicLong bridgedAt = new AtomicLong();
            vertx.eventBus().<JsonObject>consumer(DialerRuntime.AGENT_ADDRESS_PREFIX + "ana", m -> {
                if ("screen-pop".equals(m.body().getString("type"))) {
                    popAt.compareAndSet(0, System.nanoTime());
                }
                desk.add(m.body());
            });
            h.control.onEvent(e -> {
                if (e instanceof CallEvent.Bridged) {
                    bridgedAt.compareAndSet(0, System.nanoTime());
                }
            });
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            rt.login("ana", agentChannel).await();

            AmiHeaders originate = h.awaitOriginate(1);
            Map<String, String> vars = RuntimeHarness.variables(originate);
            Contact contact = h.contacts().get(0);
            assertThat(originate.get("Channel")).isEqualTo("Local/+34612345678@customer-sim");
            assertThat(originate.get("CallerID")).isEqualTo("\"Encuestas\" <+34910000000>");
            assertThat(Long.parseLong(originate.get("Timeout"))).isGreaterThanOrEqualTo(15_000);
            assertThat(vars)
                    .containsEntry(DialerRuntime.CONTACT_VARIABLE, String.valueOf(contact.id()))
                    .containsEntry("CENTRALITA_CAMPAIGN_ID", String.valueOf(h.campaign.id()));
            List<Attempt> attempts = h.campaigns.attempts(contact.id()).await();
            assertThat(attempts).as("the attempt is recorded before the call").hasSize(1);
            assertThat(vars)
                    .containsEntry(
                            DialerRuntime.ATTEMPT_VARIABLE,
                            String.valueOf(attempts.get(0).id()));
            String callId = vars.get(DialerRuntime.CALL_VARIABLE);
            assertThat(attempts.get(0).callId()).isEqualTo(callId);

            String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");
            FakeAsteriskAgi.Call agi = h.dialerConnect(customer, callId, "HUMAN");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Bridge").isEmpty() && popAt.get() != 0);
            AmiHeaders bridge = h.ami.receivedActions("Bridge").get(0);
            assertThat(bridge.get("Channel1")).isEqualTo(customer);
            assertThat(bridge.get("Channel2")).isEqualTo(agentChannel);
            assertThat(agi.commands()).anyMatch(c -> c.startsWith("EXEC") && c.contains("Playtones"));
            assertThat(agi.outcome().await().commands())
                    .as("the script stays in AGI until Asterisk moves the channel into the bridge")
                    .anyMatch(c -> c.startsWith("EXEC") && c.contains("Wait"));

            JsonObject pop = desk.stream()
                    .filter(e -> "screen-pop".equals(e.getString("type")))
                    .findFirst()
                    .orElseThrow();
            assertThat(pop.getString("kind")).isEqualTo("outbound");
            assertThat(pop.getString("callId")).isEqualTo(callId);
            assertThat(pop.getLong("attemptId")).isEqualTo(attempts.get(0).id());
            assertThat(pop.getJsonObject("contact").getString("name")).isEqualTo("Ana López");
            assertThat(pop.getJsonObject("contact").getJsonObject("fields").getString("product"))
                    .isEqualTo("router");
            assertThat(pop.getJsonObject("survey").getString("intro"))
                    .isEqualTo("Hola Ana López, le llamamos por su router.");
            assertThat(pop.getJsonObject("survey")
                            .getJsonArray("questions")
                            .getJsonObject(0)
                            .getString("text"))
                    .isEqualTo("¿Qué tal funciona su router?");
            assertThat(pop.getJsonArray("history")).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> bridgedAt.get() != 0);
            long popAfterBridgeMillis = (popAt.get() - bridgedAt.get()) / 1_000_000;
            assertThat(popAfterBridgeMillis)
                    .as("sanity bound only; the 100 ms target is a benchmark")
                    .isLessThan(1_000);
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.ON_CALL);

            h.ami.hangupFromNetwork(customer, 16);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rt.agent("ana").await().state() == AgentState.WRAP_UP);
            rt.disposition("ana", new Disposition("completed", Map.of("csat", "5"), true, true))
                    .await();

            Attempt closed = h.campaigns.attempts(contact.id()).await().get(0);
            assertThat(closed.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(closed.agent()).isEqualTo("ana");
            assertThat(h.campaigns.answers(contact.id()).await()).containsEntry("csat", "5");
            assertThat(h.campaigns.contact(contact.id()).await().state()).isEqualTo(ContactState.DONE);
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.READY);
            assertThat(h.agentEvents)
                    .extracting(e -> e.getString("state"))
                    .containsSubsequence("READY", "ON_CALL", "WRAP_UP", "READY");

            assertThat(rt.doNotCall("ana").await())
                    .as("the customer asked, after the survey")
                    .isTrue();
            assertThat(h.campaigns.doNotCallEntry("+34612345678", "ES").await()).isPresent();
        }
    }

    @Test
    void personWithNoFreeAgentHearsTheAbandonMessageIsCountedAndIsNotRecalledFor72Hours(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            DialerRuntime rt = h.runtime(Duration.ofMillis(300), 1);
            rt.start().await();
            rt.login("ana", agentChannel).await();
            AmiHeaders originate = h.awaitOriginate(1);
            String callId = RuntimeHarness.variables(originate).get(DialerRuntime.CALL_VARIABLE);
            rt.pause("ana", "break").await(); // the only agent leaves before the person answers
            String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");

            h.dialerConnect(customer, callId, "HUMAN");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Redirect").isEmpty());
            AmiHeaders redirect = h.ami.receivedActions("Redirect").get(0);
            assertThat(redirect.get("Channel")).isEqualTo(customer);
            assertThat(redirect.get("Context")).isEqualTo("centralita-abandon");
            assertThat(h.ami.receivedActions("Bridge")).isEmpty();

            Contact contact = h.contacts().get(0);
            FakeAsteriskAgi.Call message = FakeAsteriskAgi.call(DialerRuntime.ABANDON_SCRIPT)
                    .env("channel", customer)
                    .onPrefix("GET VARIABLE")
                    .reply("200 result=1 (" + contact.id() + ")")
                    .onPrefix("STREAM FILE")
                    .reply("200 result=0 endpos=16000")
                    .onPrefix("SAY DIGITS")
                    .reply("200 result=0")
                    .onPrefix("STREAM FILE")
                    .reply("200 result=0 endpos=8000")
                    .onPrefix("WAIT FOR DIGIT")
                    .reply("200 result=0")
                    .on("HANGUP")
                    .reply("200 result=1")
                    .build()
                    .connect(vertx, h.agi.actualPort());
            FakeAsteriskAgi.Outcome played = message.outcome().await();
            assertThat(played.followedScript()).isTrue();
            assertThat(played.commands())
                    .anyMatch(c -> c.startsWith("STREAM FILE") && c.contains("centralita/abandon-company"))
                    .anyMatch(c -> c.startsWith("SAY DIGITS") && c.contains("34910000000"))
                    .anyMatch(c -> c.startsWith("STREAM FILE") && c.contains("centralita/abandon-optout"));
            h.ami.hangupFromNetwork(customer, 16);

            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            h.campaigns.attempts(contact.id()).await().get(0).outcome() == Outcome.ABANDONED);
            assertThat(rt.status().await().abandonment().last24h().abandoned()).isEqualTo(1);
            assertThat(h.campaigns.doNotCallEntry("+34612345678", "ES").await())
                    .as("no opt-out key pressed")
                    .isEmpty();
            Contact after = h.campaigns.contact(contact.id()).await();
            assertThat(after.nextDueAt()).isAfterOrEqualTo(RuntimeHarness.MONDAY_10Z.plus(Duration.ofHours(72)));
            h.clock.advance(Duration.ofHours(71));
            assertThat(h.campaigns.claimNextBlocking(h.campaign.id(), 5, "probe"))
                    .isEmpty();
        }
    }

    @Test
    void optOutKeyOfTheAbandonMessagePutsTheNumberOnDoNotCall(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            DialerRuntime rt = h.runtime(Duration.ZERO, 1);
            rt.start().await();
            Contact contact = h.contacts().get(0);
            FakeAsteriskAgi.Call message = FakeAsteriskAgi.call(DialerRuntime.ABANDON_SCRIPT)
                    .onPrefix("GET VARIABLE")
                    .reply("200 result=1 (" + contact.id() + ")")
                    .onPrefix("STREAM FILE")
                    .reply("200 result=57 endpos=3000") // '9' during the company message
                    .onPrefix("STREAM FILE")
                    .reply("200 result=0 endpos=3000")
                    .on("HANGUP")
                    .reply("200 result=1")
                    .build()
                    .connect(vertx, h.agi.actualPort());
            assertThat(message.outcome().await().followedScript()).isTrue();
            assertThat(h.campaigns.doNotCallEntry("+34612345678", "ES").await()).isPresent();
        }
    }

    @Test
    void amiDisconnectPausesPacingAndReconnectReconcilesCallsAndAgentChannels(Vertx vertx) {
        try (RuntimeHarness h =
                new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router", "+34612345679;Luis Gil;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.RING_FOREVER);
            String bobChannel = h.ami.addCall("Local/bob@agents", "Up");
            String anaChannel = h.ami.addCall("Local/ana@agents", "Up");
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 2);
            rt.start().await();
            rt.login("bob", bobChannel).await();
            AmiHeaders first = h.awaitOriginate(1);
            String firstDestination = first.get("Channel");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> h.ami.channels().keySet().stream().anyMatch(k -> k.startsWith(firstDestination)));

            // Asterisk goes away (a rotated secret keeps us out); meanwhile bob's phone drops.
            h.ami.credentials("dialer", "rotated").loginFailureDelay(Duration.ofMillis(1));
            h.ami.dropConnections();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !rt.status().await().connected());
            h.ami.hangupFromNetwork(bobChannel, 16);
            rt.login("ana", anaChannel).await();
            Promise<Void> grace = Promise.promise();
            vertx.setTimer(800, t -> grace.complete());
            grace.future().await();
            assertThat(h.ami.receivedActions("Originate")).as("pacing paused").hasSize(1);

            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            h.ami.credentials("dialer", "dialer-secret");
            AmiHeaders second = h.awaitOriginate(2);
            assertThat(second.get("Channel"))
                    .as("never the uncertain contact again")
                    .isNotEqualTo(firstDestination);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rt.agent("bob").await().state() == AgentState.PAUSED);
            assertThat(rt.agent("bob").await().pauseReason()).isEqualTo("CHANNEL_DOWN");
            Contact firstContact = h.contacts().stream()
                    .filter(c -> firstDestination.contains(c.phone()))
                    .findFirst()
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> !h.campaigns
                    .attempts(firstContact.id())
                    .await()
                    .get(0)
                    .open());
            Attempt settled = h.campaigns.attempts(firstContact.id()).await().get(0);
            assertThat(settled.outcome())
                    .as("still ringing on reconnect: hung up as no answer")
                    .isEqualTo(Outcome.NO_ANSWER);
            assertThat(h.ami.channels().keySet()).noneMatch(k -> k.startsWith(firstDestination));
        }
    }

    @Test
    void restartReconcilesOpenAttemptsAndNeverRedialsThem(Vertx vertx) {
        try (RuntimeHarness h =
                new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router", "+34612345679;Luis Gil;router")) {
            // The previous process claimed both, dialled the first and died.
            var claimed = h.campaigns.claimNextBlocking(h.campaign.id(), 2, "dialer");
            assertThat(claimed).hasSize(2);
            Contact dialled = claimed.get(0).contact();
            Contact undialled = claimed.get(1).contact();
            Attempt open = h.campaigns.openAttemptBlocking(dialled.id(), "old-1", null);

            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.RING_FOREVER);
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 2);
            rt.start().await();
            Attempt settled = h.campaigns.attempts(dialled.id()).await().get(0);
            assertThat(settled.id()).isEqualTo(open.id());
            assertThat(settled.reconciled()).isTrue();
            assertThat(settled.outcome()).isEqualTo(Outcome.FAILED);

            rt.login("ana", h.ami.addCall("Local/ana@agents", "Up")).await();
            rt.login("bob", h.ami.addCall("Local/bob@agents", "Up")).await();
            AmiHeaders originate = h.awaitOriginate(1);
            assertThat(originate.get("Channel")).isEqualTo("Local/" + undialled.phone() + "@customer-sim");
            Promise<Void> grace = Promise.promise();
            vertx.setTimer(800, t -> grace.complete());
            grace.future().await();
            assertThat(h.ami.receivedActions("Originate"))
                    .as("two agents ready, but the reconciled contact waits for its retry time")
                    .hasSize(1);
        }
    }

    @Test
    void inboundCallerFromTheIvrTakesTheFreeAgentWithTheIvrContextOnScreen(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.RING_FOREVER); // the outbound call keeps ringing
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            String caller = h.ami.addCall("Local/caller@ivr", "Up");
            List<JsonObject> desk = new CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer(DialerRuntime.AGENT_ADDRESS_PREFIX + "ana", m -> desk.add(m.body()));
            List<JsonObject> queue = new CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer(DialerRuntime.INBOUND_ADDRESS, m -> queue.add(m.body()));
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            rt.login("ana", agentChannel).await();
            h.awaitOriginate(1);

            FakeAsteriskAgi.Call agi = FakeAsteriskAgi.call(DialerRuntime.INBOUND_SCRIPT)
                    .env("channel", caller)
                    .callerId("+34699000111", "Cliente")
                    .onPrefix("GET VARIABLE")
                    .reply("200 result=1 ({\"verifiedBy\":\"PIN\",\"wanted\":\"payment\"})")
                    .otherwise("200 result=0")
                    .build()
                    .connect(vertx, h.agi.actualPort());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Bridge").isEmpty());
            AmiHeaders bridge = h.ami.receivedActions("Bridge").get(0);
            assertThat(bridge.get("Channel1")).isEqualTo(caller);
            assertThat(bridge.get("Channel2")).isEqualTo(agentChannel);
            agi.outcome().await();
            JsonObject pop = desk.stream()
                    .filter(e -> "screen-pop".equals(e.getString("type")))
                    .findFirst()
                    .orElseThrow();
            assertThat(pop.getString("kind")).isEqualTo("inbound");
            assertThat(pop.getJsonObject("ivrContext").getString("wanted")).isEqualTo("payment");
            assertThat(pop.getJsonObject("ivrContext").getString("callerId")).isEqualTo("+34699000111");
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.ON_CALL);
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 2);
            assertThat(queue.get(0).getString("type")).isEqualTo("inbound-queued");
            assertThat(queue.get(1).getString("type")).isEqualTo("inbound-answered");
            assertThat(queue.get(1).getString("callId")).isEqualTo(queue.get(0).getString("callId"));
            assertThat(queue.get(1).getString("agentId")).isEqualTo("ana");
            assertThat(queue.get(1).getLong("waitMillis")).isBetween(0L, 10_000L);

            // a second caller finds ana busy, waits, and hangs up: abandoned while queued
            String second = h.ami.addCall("Local/second@ivr", "Up");
            FakeAsteriskAgi.Call agi2 = FakeAsteriskAgi.call(DialerRuntime.INBOUND_SCRIPT)
                    .env("channel", second)
                    .otherwise("200 result=0")
                    .build()
                    .connect(vertx, h.agi.actualPort());
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 3);
            assertThat(queue.get(2).getString("type")).isEqualTo("inbound-queued");
            h.ami.hangupFromNetwork(second, 16);
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 4);
            assertThat(queue.get(3).getString("type")).isEqualTo("inbound-abandoned");
            assertThat(queue.get(3).getString("callId")).isEqualTo(queue.get(2).getString("callId"));
            assertThat(queue.get(3).getLong("waitMillis")).isNotNull();
            agi2.outcome().await();

            h.ami.hangupFromNetwork(caller, 16);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rt.agent("ana").await().state() == AgentState.WRAP_UP);
            rt.disposition("ana", new Disposition("resolved", Map.of(), false, true))
                    .await();
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.READY);
        }
    }

    @Test
    void anInboundCallerStillWaitingWhenTheRuntimeClosesIsReportedAsLeftNotAbandoned(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            String caller = h.ami.addCall("Local/caller@ivr", "Up");
            List<JsonObject> queue = new CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer(DialerRuntime.INBOUND_ADDRESS, m -> queue.add(m.body()));
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await(); // nobody logged in: the caller waits
            FakeAsteriskAgi.call(DialerRuntime.INBOUND_SCRIPT)
                    .env("channel", caller)
                    .otherwise("200 result=0")
                    .build()
                    .connect(vertx, h.agi.actualPort());
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 1);
            rt.close().await();
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 2);
            assertThat(queue.get(1).getString("type")).isEqualTo("inbound-left");
            assertThat(queue.get(1).getString("callId")).isEqualTo(queue.get(0).getString("callId"));
            assertThat(queue.get(1).getLong("campaignId")).isEqualTo(rt.campaignId());
        }
    }

    @Test
    void machineGetsTheCampaignMessageAndTheContactIsRetriedByTheMachineRule(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED_BY_MACHINE); // AMD's verdict arrives over AMI
            DialerRuntime rt = h.runtime(
                    Duration.ofSeconds(2),
                    1,
                    CallPathSettings.defaults("+34910000000")
                            .withClaiming(5, Duration.ofMillis(200))
                            .withMachineMessage("custom/survey-voicemail"));
            rt.start().await();
            rt.login("ana", h.ami.addCall("Local/ana@agents", "Up")).await();
            h.awaitOriginate(1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Redirect").isEmpty());
            AmiHeaders redirect = h.ami.receivedActions("Redirect").get(0);
            assertThat(redirect.get("Context")).isEqualTo("centralita-machine");
            assertThat(h.ami.receivedActions("Setvar"))
                    .anyMatch(a -> a.get("Variable").equals(DialerRuntime.MACHINE_MESSAGE_VARIABLE)
                            && a.get("Value").equals("custom/survey-voicemail"));
            assertThat(h.ami.receivedActions("Hangup")).isEmpty();
            assertThat(h.ami.receivedActions("Bridge")).isEmpty();
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.READY);

            h.ami.hangupFromNetwork(redirect.get("Channel"), 16); // the message ends
            Contact contact = h.contacts().get(0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            !h.campaigns.attempts(contact.id()).await().get(0).open());
            assertThat(h.campaigns.attempts(contact.id()).await().get(0).outcome())
                    .isEqualTo(Outcome.ANSWERED_MACHINE);
            assertThat(h.campaigns.contact(contact.id()).await().nextDueAt())
                    .isAfterOrEqualTo(RuntimeHarness.MONDAY_10Z.plus(Duration.ofHours(4)));
        }
    }

    @Test
    void personWhoHangsUpWhileAmdListensIsNoAnswerNotAMachine(Vertx vertx) {
        // Found on a real Asterisk 22: AMDSTATUS=HANGUP arrives (over AMI) just before the channel's Hangup.
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.HUNG_UP_DURING_AMD);
            DialerRuntime rt = h.runtime(
                    Duration.ofSeconds(2),
                    1,
                    CallPathSettings.defaults("+34910000000")
                            .withClaiming(5, Duration.ofMillis(200))
                            .withMachineMessage("custom/survey-voicemail"));
            rt.start().await();
            rt.login("ana", h.ami.addCall("Local/ana@agents", "Up")).await();
            h.awaitOriginate(1);
            Contact contact = h.contacts().get(0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.campaigns.attempts(contact.id()).await().isEmpty()
                            && !h.campaigns
                                    .attempts(contact.id())
                                    .await()
                                    .get(0)
                                    .open());

            assertThat(h.campaigns.attempts(contact.id()).await().get(0).outcome())
                    .isEqualTo(Outcome.NO_ANSWER);
            assertThat(h.ami.receivedActions("Redirect"))
                    .as("no machine message")
                    .isEmpty();
            assertThat(h.ami.receivedActions("Bridge")).isEmpty();
            assertThat(rt.status().await().abandonment().toDate().amdMachines())
                    .as("not counted as an AMD machine verdict")
                    .isZero();
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.READY);
        }
    }

    @Test
    void dialerConnectReadingAmdStatusHangupDoesNotTakeThePersonForAMachine(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            DialerRuntime rt = h.runtime(
                    Duration.ofSeconds(2),
                    1,
                    CallPathSettings.defaults("+34910000000")
                            .withClaiming(5, Duration.ofMillis(200))
                            .withMachineMessage("custom/survey-voicemail"));
            rt.start().await();
            rt.login("ana", h.ami.addCall("Local/ana@agents", "Up")).await();
            String callId = RuntimeHarness.variables(h.awaitOriginate(1)).get(DialerRuntime.CALL_VARIABLE);
            String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");

            h.dialerConnect(customer, callId, "HANGUP").outcome().await();
            h.ami.hangupFromNetwork(customer, 16);

            Contact contact = h.contacts().get(0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            !h.campaigns.attempts(contact.id()).await().get(0).open());
            assertThat(h.campaigns.attempts(contact.id()).await().get(0).outcome())
                    .isEqualTo(Outcome.NO_ANSWER);
            assertThat(h.ami.receivedActions("Redirect"))
                    .as("no machine message")
                    .isEmpty();
        }
    }

    @Test
    void machineVerdictIsScreenedByAFreeAgentWhoReportsTheMachineAndIsReadyAtOnce(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED_BY_MACHINE);
            DialerRuntime rt = h.runtime(
                    Duration.ofSeconds(2),
                    1,
                    CallPathSettings.defaults("+34910000000").withClaiming(5, Duration.ofMillis(200)));
            rt.start().await();
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            rt.login("ana", agentChannel).await();
            h.awaitOriginate(1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Bridge").isEmpty());
            assertThat(h.ami.receivedActions("Bridge").get(0).get("Channel2")).isEqualTo(agentChannel);
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.ON_CALL);

            rt.agentHeardMachine("ana").await();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !h.ami.receivedActions("Hangup").isEmpty());
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.READY);
            Contact contact = h.contacts().get(0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            !h.campaigns.attempts(contact.id()).await().get(0).open());
            assertThat(h.campaigns.attempts(contact.id()).await().get(0).outcome())
                    .isEqualTo(Outcome.ANSWERED_MACHINE);
        }
    }

    @Test
    void agentlessCampaignHandsThePersonToTheKeypadSurveyOnTheSameSessionWithoutAnAgent(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            List<String> surveyedChannels = new CopyOnWriteArrayList<>();
            DialerRuntime rt = h.runtime(
                    Duration.ofSeconds(2),
                    0,
                    CallPathSettings.defaults("+34910000000").withClaiming(5, Duration.ofMillis(200)),
                    new org.centralita.dialer.DialMode.Agentless(1),
                    session -> {
                        surveyedChannels.add(session.request().channel());
                        return session.verbose("keypad survey", 1).mapEmpty();
                    });
            rt.start().await();
            AmiHeaders originate = h.awaitOriginate(1);
            String callId = RuntimeHarness.variables(originate).get(DialerRuntime.CALL_VARIABLE);
            String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");

            FakeAsteriskAgi.Call agi = h.dialerConnect(customer, callId, "HUMAN");

            assertThat(agi.outcome().await().commands()).anyMatch(c -> c.startsWith("VERBOSE"));
            assertThat(surveyedChannels).containsExactly(customer);
            assertThat(h.ami.receivedActions("Bridge")).isEmpty();
            assertThat(h.ami.receivedActions("Redirect")).as("not abandoned").isEmpty();
        }
    }

    @Test
    void agentlessCampaignWithoutASurveyHandlerIsRefusedAtStart(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            DialerRuntime rt = h.runtime(
                    Duration.ofSeconds(2),
                    0,
                    CallPathSettings.defaults("+34910000000"),
                    new org.centralita.dialer.DialMode.Agentless(1),
                    null);
            assertThatThrownBy(() -> rt.start().await()).hasMessageContaining("agentless mode needs");
        }
    }

    @Test
    void agentEndsTheCallFromTheDesktopAndOnlyTheCustomerLegIsHungUp(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            rt.login("ana", agentChannel).await();
            AmiHeaders originate = h.awaitOriginate(1);
            String callId = RuntimeHarness.variables(originate).get(DialerRuntime.CALL_VARIABLE);
            String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");
            h.dialerConnect(customer, callId, "HUMAN");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rt.agent("ana").await().state() == AgentState.ON_CALL);
            assertThatThrownBy(() -> rt.endCall("bob").await()).hasMessageContaining("no call");

            rt.endCall("ana").await();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !h.ami.receivedActions("Hangup").isEmpty());
            AmiHeaders hangup = h.ami.receivedActions("Hangup").get(0);
            assertThat(hangup.get("Channel")).isEqualTo(customer);
            assertThat(hangup.get("Cause")).isEqualTo("16");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rt.agent("ana").await().state() == AgentState.WRAP_UP);
            assertThat(h.ami.receivedActions("Hangup")).noneMatch(a -> agentChannel.equals(a.get("Channel")));
        }
    }

    @Test
    void agentWhosePhoneDropsIsNotReadyAndNoPersonIsBridgedToTheDeadLeg(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            DialerRuntime rt = h.runtime(Duration.ofMillis(300), 1);
            rt.start().await();
            rt.login("ana", agentChannel).await();
            AmiHeaders originate = h.awaitOriginate(1);
            String callId = RuntimeHarness.variables(originate).get(DialerRuntime.CALL_VARIABLE);
            String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");

            assertThatThrownBy(() ->
                            rt.login("ghost", "Local/ghost@agents-0000abcd;1").await())
                    .as("no login on a channel Asterisk does not have")
                    .hasMessageContaining("is not up");

            h.ami.hangupFromNetwork(agentChannel, 16);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rt.agent("ana").await().state() == AgentState.PAUSED);
            assertThat(rt.agent("ana").await().pauseReason()).isEqualTo("CHANNEL_DOWN");
            assertThatThrownBy(() -> rt.ready("ana").await())
                    .as("ready needs a live channel: log in again")
                    .hasMessageContaining("log in again");

            h.dialerConnect(customer, callId, "HUMAN");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Redirect").isEmpty());
            assertThat(h.ami.receivedActions("Bridge")).isEmpty();
            assertThat(h.ami.receivedActions("Redirect").get(0).get("Context")).isEqualTo("centralita-abandon");
        }
    }

    @Test
    void callbackReservedForAnAgentIsDialledOnlyForThatAgentAndBridgedToThem(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            Contact contact = h.contacts().get(0);
            h.campaigns.scheduleCallbackBlocking(
                    contact.id(), RuntimeHarness.MONDAY_10Z, "ana", "prefers mornings", "agent:ana");
            String bobChannel = h.ami.addCall("Local/bob@agents", "Up");
            String anaChannel = h.ami.addCall("Local/ana@agents", "Up");
            DialerRuntime rt = h.runtime(Duration.ZERO, 2); // no waiting: only a reserved agent avoids abandon
            rt.start().await();
            rt.login("bob", bobChannel).await();
            Promise<Void> grace = Promise.promise();
            vertx.setTimer(600, t -> grace.complete());
            grace.future().await();
            assertThat(h.ami.receivedActions("Originate")).as("not for bob").isEmpty();

            rt.login("ana", anaChannel).await();
            AmiHeaders originate = h.awaitOriginate(1);
            assertThat(rt.agent("ana").await().state()).isEqualTo(AgentState.RESERVED);
            String callId = RuntimeHarness.variables(originate).get(DialerRuntime.CALL_VARIABLE);
            String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");
            h.dialerConnect(customer, callId, "HUMAN");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Bridge").isEmpty());
            assertThat(h.ami.receivedActions("Bridge").get(0).get("Channel2")).isEqualTo(anaChannel);
            assertThat(h.ami.receivedActions("Redirect")).isEmpty();
            assertThat(rt.agent("bob").await().state()).isEqualTo(AgentState.READY);
        }
    }

    @Test
    void restartWhileAsteriskIsUnreachableSettlesOpenAttemptsOnceAmiIsBack(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            Contact contact = h.contacts().get(0);
            h.campaigns.claimNextBlocking(h.campaign.id(), 1, "dialer");
            h.campaigns.openAttemptBlocking(contact.id(), "old-1", null);
            String live = h.ami.addCall("Local/+34612345678@customer-sim", "Up"); // still up after the crash
            h.control.setVar(live, DialerRuntime.CALL_VARIABLE, "old-1").await(); // as our originate set it
            h.ami.credentials("dialer", "rotated").loginFailureDelay(Duration.ofMillis(1));
            h.ami.dropConnections();
            await().atMost(Duration.ofSeconds(5)).until(() -> !h.control.isConnected());
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            assertThat(h.campaigns.attempts(contact.id()).await().get(0).open())
                    .as("not settled blind while AMI is down")
                    .isTrue();

            h.ami.credentials("dialer", "dialer-secret");
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            !h.campaigns.attempts(contact.id()).await().get(0).open());
            Attempt settled = h.campaigns.attempts(contact.id()).await().get(0);
            assertThat(settled.reconciled()).isTrue();
            assertThat(settled.outcome()).as("found up and unattended").isEqualTo(Outcome.ABANDONED);
            assertThat(h.ami.channels()).doesNotContainKey(live);
        }
    }
}
