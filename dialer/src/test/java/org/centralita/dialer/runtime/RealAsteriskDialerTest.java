package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.asteriskjava.manager.action.PlayDtmfAction;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.MutableClock;
import org.centralita.campaigns.Outcome;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.DialMode;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.agi.AgiSession;
import org.centralita.gateway.ami.AmiCallControl;
import org.centralita.gateway.ami.AmiClient;
import org.centralita.gateway.ami.AmiEvent;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.testing.RealAsterisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: small dialer campaigns through {@link DialerRuntime} over {@link AmiCallControl} against a real Asterisk
 * (docs/asterisk.md). Customers are Local channels into {@code [sim-customers]} (the number's last digit picks a
 * person, busy, no answer, a machine, or a person who hangs up at once); answered calls run the README's
 * {@code [centralita-dialer]} (AMD, then our {@code dialer-connect} FastAGI); agents sit on nailed-up Local channels
 * in the looping holding context {@code [centralita-agents]}. The answer-to-bridge delay is measured from AMI event
 * timestamps and written to {@code target/real-asterisk-bridge-delay.txt}.
 */
@ExtendWith(VertxExtension.class)
@EnabledIfEnvironmentVariable(named = RealAsterisk.AMI_ENV, matches = ".+:\\d+")
@EnabledIfEnvironmentVariable(named = RealAsterisk.USER_ENV, matches = ".+")
@EnabledIfEnvironmentVariable(named = RealAsterisk.SECRET_ENV, matches = ".*")
class RealAsteriskDialerTest {
    private static final String PERSON = "0";
    private static final String BUSY = "6";
    private static final String NO_ANSWER = "7";
    private static final String MACHINE = "8";
    private static final String HANGS_UP_AT_ONCE = "9";

    @TempDir
    Path dir;

    private Vertx vertx;
    private AmiClient client;
    private AmiCallControl control;
    private Database db;
    private Campaigns campaigns;
    private Campaign campaign;
    private DialerRuntime runtime;
    private AgiServer agi;
    private final List<AmiEvent> amiEvents = new CopyOnWriteArrayList<>();
    private final List<String> agentPhones = new CopyOnWriteArrayList<>();
    private final List<String> connectLog = new CopyOnWriteArrayList<>();
    private final List<String> abandonLog = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> dispositions = new ConcurrentHashMap<>();
    private final java.util.Set<String> optedOut = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void connect(Vertx vertx) {
        this.vertx = vertx;
        client = RealAsterisk.client(vertx).build();
        control = AmiCallControl.create(client);
        client.onEvent(amiEvents::add);
        client.connect().await();
        db = Database.open(DatabaseConfig.h2File(dir.resolve("centralita")), vertx);
        // Frozen inside Madrid's calling window: retries (busy, no answer) never come due during the test.
        campaigns = new Campaigns(db, new MutableClock(RuntimeHarness.MONDAY_10Z));
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close().await();
        }
        for (String phone : agentPhones) {
            control.hangup(phone, 16).otherwiseEmpty().await();
        }
        if (agi != null) {
            agi.shutdown(Duration.ofSeconds(1)).await();
        }
        client.close().await();
        db.close();
    }

    @Test
    void campaignBridgesEveryAnsweredPersonToANailedUpAgentAndRecordsEachOutcome() throws IOException {
        int people = Integer.parseInt(System.getenv().getOrDefault("CENTRALITA_ASTERISK_CALLS", "50"));
        int agents = 8;
        Map<String, String> kinds = new LinkedHashMap<>();
        for (int i = 0; i < people; i++) {
            kinds.put(number(i, PERSON), PERSON);
        }
        for (int i = 0; i < 2; i++) {
            kinds.put(number(900 + i, BUSY), BUSY);
            kinds.put(number(910 + i, NO_ANSWER), NO_ANSWER);
            kinds.put(number(920 + i, MACHINE), MACHINE);
            kinds.put(number(930 + i, HANGS_UP_AT_ONCE), HANGS_UP_AT_ONCE);
        }
        createCampaign(kinds.keySet());
        start(new DialMode.Progressive(), Duration.ofSeconds(2), agents);

        Map<Long, String> kindOfContact = new HashMap<>();
        for (Contact c : campaigns.contacts(campaign.id(), 0, 1000).await()) {
            kindOfContact.put(c.id(), kinds.get(c.phone()));
        }
        Map<Long, Attempt> attempts = awaitEveryAttemptClosed(kindOfContact.keySet(), Duration.ofMinutes(6));

        Map<String, List<Outcome>> outcomesByKind = new HashMap<>();
        attempts.forEach((contact, a) -> outcomesByKind
                .computeIfAbsent(kindOfContact.get(contact), k -> new ArrayList<>())
                .add(a.outcome()));
        assertThat(outcomesByKind.get(PERSON))
                .as("every person was bridged and the agent saved the survey")
                .hasSize(people)
                .containsOnly(Outcome.COMPLETED);
        assertThat(outcomesByKind.get(BUSY)).containsOnly(Outcome.BUSY);
        assertThat(outcomesByKind.get(NO_ANSWER)).containsOnly(Outcome.NO_ANSWER);
        assertThat(outcomesByKind.get(MACHINE)).containsOnly(Outcome.ANSWERED_MACHINE);
        assertThat(outcomesByKind.get(HANGS_UP_AT_ONCE)).containsOnly(Outcome.NO_ANSWER);
        assertThat(attempts.values().stream()
                        .filter(a -> a.outcome() == Outcome.COMPLETED)
                        .map(Attempt::agent))
                .as("talked calls carry the agent")
                .allMatch(agent -> agent != null && agent.startsWith("agent-"));
        assertThat(dispositions.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(people);
        assertThat(runtime.status().await().abandonment().toDate().abandoned())
                .as("progressive with a free agent for every call never abandons")
                .isZero();

        List<Delay> delays = bridgeDelays();
        assertThat(delays).as("one bridge per person").hasSize(people);
        for (String phone : agentPhones) {
            assertThat(control.getVar(phone.replace(";1", ";2"), "CHANNEL(state)")
                            .await())
                    .as("agent leg still nailed up after its calls")
                    .contains("Up");
        }
        report(delays, agents);
    }

    @Test
    void personWithNoFreeAgentHearsTheAbandonMessageIsCountedAndCanOptOut() {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            kinds.put(number(500 + i, PERSON), PERSON);
        }
        createCampaign(kinds.keySet());
        // Three lines for the one agent: the three people answer together, one is bridged, two wait in vain.
        start(new DialMode.Ratio(3.0), Duration.ofSeconds(1), 1);

        List<Long> contacts = campaigns.contacts(campaign.id(), 0, 100).await().stream()
                .map(Contact::id)
                .toList();
        Map<Long, Attempt> attempts = awaitEveryAttemptClosed(contacts, Duration.ofMinutes(2));

        Map<Outcome, Long> byOutcome =
                attempts.values().stream().collect(Collectors.groupingBy(Attempt::outcome, Collectors.counting()));
        assertThat(byOutcome).containsEntry(Outcome.COMPLETED, 1L).containsEntry(Outcome.ABANDONED, 2L);
        assertThat(runtime.status().await().abandonment().toDate().abandoned())
                .as("both abandons are in the ledger")
                .isEqualTo(2);
        assertThat(abandonLog)
                .as("each abandoned person heard the company message")
                .filteredOn(l -> l.startsWith("streamFile [hello-world, 9]") && l.contains("endpos="))
                .hasSize(2);
        assertThat(abandonLog)
                .as("the first pressed 9 during it")
                .filteredOn(l -> l.startsWith("streamFile [hello-world, 9]") && l.contains("result=57 "))
                .hasSize(1);
        assertThat(abandonLog)
                .as("the other heard the call-back number")
                .filteredOn(l -> l.startsWith("sayDigits [34910000000"))
                .hasSize(1);
        String presser = numberOf(optedOut.iterator().next());
        assertThat(campaigns.doNotCallEntry(presser, "ES").await())
                .as("the opt-out key put the number on do-not-call")
                .isPresent();
        assertThat(abandonLog)
                .as("and the confirmation played")
                .filteredOn(l -> l.startsWith("streamFile [beep, ]"))
                .hasSize(1);
        assertThat(kinds.keySet().stream()
                        .filter(phone -> !phone.equals(presser))
                        .filter(phone ->
                                campaigns.doNotCallEntry(phone, "ES").await().isPresent()))
                .as("nobody else is on do-not-call")
                .isEmpty();
    }

    @Test
    void agentEndingTheCallKeepsTheirLegHoldingAndAnAgentWhosePhoneDropsIsPaused() {
        createCampaign(List.of(number(700, PERSON)));
        start(new DialMode.Progressive(), Duration.ofSeconds(2), 1);
        String agentLeg = agentPhones.get(0).replace(";1", ";2");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> runtime.agent("agent-1").await().state() == AgentState.ON_CALL);
        int eventsBefore = amiEvents.size();

        runtime.endCall("agent-1").await();

        Contact contact = campaigns.contacts(campaign.id(), 0, 10).await().get(0);
        Attempt attempt = awaitEveryAttemptClosed(List.of(contact.id()), Duration.ofSeconds(20))
                .get(contact.id());
        assertThat(attempt.outcome()).isEqualTo(Outcome.COMPLETED);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(amiEvents.subList(eventsBefore, amiEvents.size()))
                        .as("the agent's leg is back in the holding loop")
                        .anyMatch(e -> e.is("MusicOnHoldStart") && agentLeg.equals(e.channel())));
        assertThat(amiEvents.subList(eventsBefore, amiEvents.size()))
                .noneMatch(e -> e.is("Hangup") && agentLeg.equals(e.channel()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runtime.agent("agent-1").await().state() == AgentState.READY);

        control.hangup(agentPhones.get(0), 16).await(); // the agent's phone drops

        await().atMost(Duration.ofSeconds(10))
                .until(() -> runtime.agent("agent-1").await().state() == AgentState.PAUSED);
        assertThat(runtime.agent("agent-1").await().pauseReason()).isEqualTo("CHANNEL_DOWN");
        runtime.ready("agent-1").otherwiseEmpty().await();
        assertThat(runtime.agent("agent-1").await().state())
                .as("not ready again on a dead leg")
                .isEqualTo(AgentState.PAUSED);
    }

    // ------------------------------------------------------------------ set-up

    /** An E.164 Spanish mobile number whose last digit is {@code kind}. */
    private static String number(int i, String kind) {
        return String.format("+3461%06d%s", i, kind);
    }

    private void createCampaign(Iterable<String> phones) {
        Campaign c = campaigns.createBlocking(new CampaignSpec(
                "Real Asterisk",
                RuntimeHarness.SURVEY,
                "progressive",
                null,
                "ES",
                ZoneId.of("Europe/Madrid"),
                null,
                null,
                "+34910000000",
                0.03));
        StringBuilder csv = new StringBuilder("phone;name;product\n");
        int n = 0;
        for (String phone : phones) {
            csv.append(phone).append(";Cliente ").append(++n).append(";router\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        campaigns.importContactsBlocking(
                c.id(), "real.csv", new ByteArrayInputStream(bytes), bytes.length, ImportOptions.detect(), null);
        campaign = campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);
    }

    private void start(DialMode mode, Duration connectDeadline, int agents) {
        CampaignSettings settings = new CampaignSettings(
                String.valueOf(campaign.id()),
                "\"Encuestas\" <+34910000000>",
                "Local/{phone}@sim-customers/n",
                "centralita-dialer",
                "s",
                Duration.ofSeconds(15),
                connectDeadline,
                0.03,
                Duration.ofSeconds(30),
                Duration.ofHours(72),
                Duration.ofHours(4),
                Duration.ofMinutes(30),
                true,
                0.03,
                agents * 3 + 2,
                ZoneOffset.UTC,
                mode);
        // The company message and the opt-out prompts are Asterisk core sounds here (docs/asterisk.md).
        CallPathSettings callPath = new CallPathSettings(
                        "centralita-abandon",
                        "centralita-machine",
                        false,
                        "",
                        "hello-world",
                        "+34910000000",
                        '9',
                        "beep",
                        "beep",
                        20,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(60))
                .withMachineMessage("beep");
        runtime = DialerRuntime.builder(vertx, campaigns, control)
                .campaign(campaign.id())
                .settings(settings)
                .callPath(callPath)
                .build();
        agi = AgiServer.builder()
                .host(RealAsterisk.agiHost())
                .port(0)
                .handler(DialerRuntime.CONNECT_SCRIPT, recording(runtime.connectHandler(), connectLog))
                .handler(
                        DialerRuntime.ABANDON_SCRIPT,
                        recording(runtime.abandonHandler(), abandonLog, this::firstAbandonedPersonOptsOut))
                .handler(DialerRuntime.INBOUND_SCRIPT, runtime.inboundHandler())
                .build()
                .start(vertx)
                .await();
        RealAsterisk.pointFastAgiAt(client, agi.actualPort()).await();

        // The agents: each saves the survey as soon as a call ends (wrap-up), like a quick human would.
        vertx.eventBus().<JsonObject>consumer(DialerRuntime.AGENTS_ADDRESS, m -> {
            JsonObject s = m.body();
            if ("WRAP_UP".equals(s.getString("state")) && s.getLong("campaignId") == campaign.id()) {
                String agentId = s.getString("agentId");
                runtime.disposition(agentId, new Disposition("completed", Map.of("csat", "5"), true, true))
                        .onSuccess(v -> dispositions.merge(agentId, 1, Integer::sum));
            }
        });
        runtime.start().await();
        for (int k = 1; k <= agents; k++) {
            // Local/8000@centralita-agents/n: ;2 runs the holding loop (the nailed-up leg the dialer bridges),
            // ;1 is the agent's ear in [agent-phone].
            OriginateResult phone = control.originate(new OriginateRequest(
                            "agent-phone-" + k,
                            "Local/8000@centralita-agents/n",
                            "agent-phone",
                            "s",
                            1,
                            "\"Agent " + k + "\" <80" + k + ">",
                            Duration.ofSeconds(15),
                            Map.of()))
                    .await();
            assertThat(phone.outcome()).isEqualTo(CallOutcome.ANSWERED);
            agentPhones.add(phone.channel());
            runtime.login("agent-" + k, phone.channel().replace(";1", ";2")).await();
            assertThat(runtime.agent("agent-" + k).await().state()).isEqualTo(AgentState.READY);
        }
    }

    private Map<Long, Attempt> awaitEveryAttemptClosed(Iterable<Long> contacts, Duration atMost) {
        Map<Long, Attempt> closed = new HashMap<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Long contact : contacts) {
                if (closed.containsKey(contact)) {
                    continue;
                }
                List<Attempt> list = campaigns.attempts(contact).await();
                if (list.isEmpty() || list.get(0).outcome() == null) {
                    return false;
                }
                assertThat(list).as("contact %d dialled once", contact).hasSize(1);
                closed.put(contact, list.get(0));
            }
            return true;
        });
        return closed;
    }

    // ------------------------------------------------------------------ measurement

    /** Answer, AMD verdict and bridge of one customer channel, in Asterisk's clock (ms). */
    record Delay(String channel, long answeredAt, long amdAt, long bridgedAt) {
        long answerToBridge() {
            return bridgedAt - answeredAt;
        }

        long amdToBridge() {
            return bridgedAt - amdAt;
        }

        long answerToAmd() {
            return amdAt - answeredAt;
        }
    }

    /**
     * For each customer ;1 channel that was bridged: the earliest {@code Newstate Up} of its Local pair (the customer
     * picking up), its {@code VarSet AMDSTATUS}, and the later {@code BridgeEnter} of its bridge (the bridge complete),
     * all from Asterisk's {@code Timestamp:} headers.
     */
    private List<Delay> bridgeDelays() {
        Map<String, Long> answered = new HashMap<>();
        Map<String, Long> amd = new HashMap<>();
        Map<String, List<AmiEvent>> enters = new LinkedHashMap<>();
        for (AmiEvent e : amiEvents) {
            String ch = e.channel();
            if (!ch.startsWith("Local/+") || e.timestamp().isEmpty()) {
                continue;
            }
            String pair = ch.substring(0, ch.length() - 2);
            long ts = e.timestamp().get();
            if (e.is("Newstate") && "Up".equals(e.get("ChannelStateDesc"))) {
                answered.merge(pair, ts, Math::min);
            } else if (e.is("VarSet") && "AMDSTATUS".equals(e.get("Variable")) && ch.endsWith(";1")) {
                amd.putIfAbsent(pair, ts);
            }
        }
        for (AmiEvent e : amiEvents) {
            if (e.is("BridgeEnter")) {
                enters.computeIfAbsent(e.get("BridgeUniqueid"), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<Delay> delays = new ArrayList<>();
        for (List<AmiEvent> bridge : enters.values()) {
            AmiEvent customer = bridge.stream()
                    .filter(e -> e.channel().startsWith("Local/+"))
                    .findFirst()
                    .orElse(null);
            if (customer == null || bridge.size() < 2) {
                continue;
            }
            String pair = customer.channel().substring(0, customer.channel().length() - 2);
            long complete = bridge.stream()
                    .mapToLong(e -> e.timestamp().orElse(0L))
                    .max()
                    .orElse(0);
            delays.add(new Delay(customer.channel(), answered.get(pair), amd.get(pair), complete));
        }
        return delays;
    }

    private void report(List<Delay> delays, int agents) throws IOException {
        String text = String.format(
                "Real Asterisk dialer campaign: %d bridged calls, %d agents (progressive), AMD() in the dialplan%n"
                        + "answer -> bridge (ms): %s%n"
                        + "answer -> AMD verdict (ms): %s%n"
                        + "AMD verdict -> bridge (ms, dialer-connect + Bridge): %s%n",
                delays.size(),
                agents,
                stats(delays.stream().map(Delay::answerToBridge).toList()),
                stats(delays.stream().map(Delay::answerToAmd).toList()),
                stats(delays.stream().map(Delay::amdToBridge).toList()));
        System.out.print(text);
        connectLog.forEach(l -> System.out.println("dialer-connect: " + l));
        Path out = Path.of("target", "real-asterisk-bridge-delay.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    private static String stats(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return String.format(
                "p50 %d, p95 %d, max %d, min %d", pct(v, 0.50), pct(v, 0.95), v.get(v.size() - 1), v.get(0));
    }

    private static long pct(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /**
     * The first abandoned person presses the opt-out key during the company message: AMI PlayDTMF on the caller's
     * ;2 half, 400 ms after STREAM FILE started (keys pressed while AGI waits between commands are dropped).
     */
    private void firstAbandonedPersonOptsOut(AgiSession session, String command) {
        String channel = session.request().channel();
        if (command.equals("streamFile") && optedOut.isEmpty() && optedOut.add(channel)) {
            PlayDtmfAction nine = new PlayDtmfAction(channel.replace(";1", ";2"), "9");
            nine.setDuration(250);
            vertx.setTimer(400, t -> client.send(nine));
        }
    }

    /** The number a customer Local channel dialled: {@code Local/+34...@sim-customers-0000002a;1}. */
    private static String numberOf(String channel) {
        return channel.substring("Local/".length(), channel.indexOf('@'));
    }

    // ------------------------------------------------------------------ FastAGI recording

    /** Wraps a handler so that every command's name, arguments and reply are logged in {@code log}. */
    private static AgiHandler recording(AgiHandler handler, List<String> log) {
        return recording(handler, log, (session, command) -> {});
    }

    /** As {@link #recording(AgiHandler, List)}, and tells {@code beforeCommand} each command's method name first. */
    private static AgiHandler recording(
            AgiHandler handler, List<String> log, BiConsumer<AgiSession, String> beforeCommand) {
        return session -> handler.handle(recordingSession(session, log, beforeCommand));
    }

    private static AgiSession recordingSession(
            AgiSession session, List<String> log, BiConsumer<AgiSession, String> beforeCommand) {
        return (AgiSession) Proxy.newProxyInstance(
                AgiSession.class.getClassLoader(), new Class<?>[] {AgiSession.class}, (proxy, method, args) -> {
                    beforeCommand.accept(session, method.getName());
                    Object result;
                    try {
                        result = method.invoke(session, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Future<?> f) {
                        String call =
                                method.getName() + " " + (args == null ? "[]" : java.util.Arrays.deepToString(args));
                        f.onComplete(ar -> log.add(call + " -> "
                                + (ar.succeeded()
                                        ? (ar.result() instanceof AgiReply r ? r.raw() : String.valueOf(ar.result()))
                                        : "failed: " + ar.cause())));
                    }
                    return result;
                });
    }
}
