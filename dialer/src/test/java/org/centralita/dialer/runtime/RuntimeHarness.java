package org.centralita.dialer.runtime;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.MutableClock;
import org.centralita.campaigns.Question;
import org.centralita.campaigns.QuestionType;
import org.centralita.campaigns.Survey;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.DialMode;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.ami.AmiCallControl;
import org.centralita.gateway.ami.AmiClient;
import org.centralita.gateway.ami.AmiHeaders;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.centralita.gateway.testing.FakeAsteriskAmi;

/** A fake Asterisk (AMI + FastAGI), an H2 database on disk and a campaign, wired to a {@link DialerRuntime}. */
final class RuntimeHarness implements AutoCloseable {
    /** Monday 23 November 2026, 10:00 UTC: inside Madrid's default calling window. */
    static final Instant MONDAY_10Z = Instant.parse("2026-11-23T10:00:00Z");

    static final Survey SURVEY = new Survey(
            "Satisfacción",
            "Hola {name}, le llamamos por su {product}.",
            List.of(Question.of("csat", QuestionType.CSAT, "¿Qué tal funciona su {product}?")),
            null);

    final Vertx vertx;
    final FakeAsteriskAmi ami;
    final AmiClient client;
    final AmiCallControl control;
    final Database db;
    final MutableClock clock = new MutableClock(MONDAY_10Z);
    final Campaigns campaigns;
    final Campaign campaign;
    final List<JsonObject> agentEvents = new CopyOnWriteArrayList<>();
    DialerRuntime runtime;
    AgiServer agi;

    RuntimeHarness(Vertx vertx, Path dir, String... csvRows) {
        this.vertx = vertx;
        this.ami = FakeAsteriskAmi.start(vertx).await();
        this.client = AmiClient.builder(vertx)
                .port(ami.port())
                .username("dialer")
                .secret("dialer-secret")
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(300))
                .build();
        this.control = AmiCallControl.create(client);
        client.connect().await();
        this.db = Database.open(DatabaseConfig.h2File(dir.resolve("centralita")), vertx);
        this.campaigns = new Campaigns(db, clock);
        Campaign c = campaigns.createBlocking(new CampaignSpec(
                "Encuesta routers",
                SURVEY,
                "progressive",
                null,
                "ES",
                java.time.ZoneId.of("Europe/Madrid"),
                null,
                null,
                "+34910000000",
                0.03));
        byte[] csv = ("phone;name;product\n" + String.join("\n", csvRows) + "\n").getBytes(StandardCharsets.UTF_8);
        campaigns.importContactsBlocking(
                c.id(), "routers.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        this.campaign = campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);
        vertx.eventBus().<JsonObject>consumer(DialerRuntime.AGENTS_ADDRESS, m -> agentEvents.add(m.body()));
    }

    /** Builds (not starts) the runtime and its FastAGI server. */
    DialerRuntime runtime(Duration connectDeadline, int agents) {
        return runtime(
                connectDeadline,
                agents,
                CallPathSettings.defaults("+34910000000").withClaiming(5, Duration.ofMillis(200)));
    }

    /** Builds (not starts) the runtime with these call path settings, and its FastAGI server. */
    DialerRuntime runtime(Duration connectDeadline, int agents, CallPathSettings callPath) {
        return runtime(connectDeadline, agents, callPath, new DialMode.Progressive(), null);
    }

    /** Builds (not starts) the runtime in {@code mode}, with an optional agentless survey handler. */
    DialerRuntime runtime(
            Duration connectDeadline,
            int agents,
            CallPathSettings callPath,
            DialMode mode,
            org.centralita.gateway.agi.AgiHandler agentless) {
        return runtime(connectDeadline, agents, callPath, mode, agentless, control, null);
    }

    /** Builds (not starts) the runtime over another call control and scheduler (null: the default one). */
    DialerRuntime runtime(
            Duration connectDeadline,
            int agents,
            CallPathSettings callPath,
            DialMode mode,
            org.centralita.gateway.agi.AgiHandler agentless,
            org.centralita.gateway.call.CallControl over,
            org.centralita.gateway.call.Scheduler scheduler) {
        CampaignSettings settings =
                CampaignSettings.defaults(String.valueOf(campaign.id()), new DialMode.Progressive());
        settings = new CampaignSettings(
                settings.campaignId(),
                "\"Encuestas\" <+34910000000>",
                "Local/{phone}@customer-sim",
                "centralita-dialer",
                "s",
                Duration.ofSeconds(25),
                connectDeadline,
                0.03,
                Duration.ofSeconds(30),
                Duration.ofHours(72),
                Duration.ofHours(4),
                Duration.ofMinutes(30),
                true,
                0.03,
                agents * 3 + 1,
                java.time.ZoneOffset.UTC,
                mode);
        DialerRuntime.Builder builder = DialerRuntime.builder(vertx, campaigns, over)
                .campaign(campaign.id())
                .settings(settings)
                .callPath(callPath);
        if (scheduler != null) {
            builder.scheduler(scheduler);
        }
        if (agentless != null) {
            builder.agentless(agentless);
        }
        runtime = builder.build();
        agi = AgiServer.builder()
                .port(0)
                .handler(DialerRuntime.CONNECT_SCRIPT, runtime.connectHandler())
                .handler(DialerRuntime.ABANDON_SCRIPT, runtime.abandonHandler())
                .handler(DialerRuntime.INBOUND_SCRIPT, runtime.inboundHandler())
                .build()
                .start(vertx)
                .await();
        return runtime;
    }

    List<Contact> contacts() {
        return campaigns.contacts(campaign.id(), 0, 100).await();
    }

    /** Waits for the n-th originate (1-based) the fake received; returns its headers. */
    AmiHeaders awaitOriginate(int n) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ami.receivedActions("Originate").size() >= n);
        return ami.receivedActions("Originate").get(n - 1);
    }

    /** Returns the variables of an originate. */
    static Map<String, String> variables(AmiHeaders originate) {
        var m = new java.util.LinkedHashMap<String, String>();
        for (String v : originate.getAll("Variable")) {
            String[] kv = v.split("=", 2);
            m.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return m;
    }

    /** Waits until the customer leg of a dialled destination exists and returns its ;1 channel name. */
    String awaitCustomerChannel(String destination) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ami.channels().keySet().stream()
                .anyMatch(k -> k.startsWith(destination + "-")
                        && k.endsWith(";1")
                        && "Up".equals(ami.channels().get(k).get("ChannelStateDesc"))));
        return ami.channels().keySet().stream()
                .filter(k -> k.startsWith(destination + "-") && k.endsWith(";1"))
                .findFirst()
                .orElseThrow();
    }

    /** Connects a FastAGI {@code dialer-connect} session for a channel with this AMD verdict. */
    FakeAsteriskAgi.Call dialerConnect(String channel, String callId, String amdStatus) {
        return FakeAsteriskAgi.call(DialerRuntime.CONNECT_SCRIPT)
                .env("channel", channel)
                .onPrefix("GET VARIABLE")
                .reply("200 result=1 (" + callId + ")")
                .onPrefix("GET VARIABLE")
                .reply("200 result=1 (" + amdStatus + ")")
                .otherwise("200 result=0")
                .build()
                .connect(vertx, agi.actualPort());
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close().await();
        }
        if (agi != null) {
            agi.shutdown(Duration.ZERO).await();
        }
        client.close().await();
        ami.stop().await();
        db.close();
    }
}
