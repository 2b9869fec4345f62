package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.centralita.flows.IvrFlows;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IVR's {@code main} flow and the dialer's {@code inbound} script over real FastAGI, on the same channel: what the
 * caller told the IVR reaches the agent's screen pop, and card data do not.
 */
@ExtendWith(VertxExtension.class)
class InboundHandoffTest {

    static final String CARD = "4111111111111111";

    @TempDir
    Path dir;

    @Test
    void callerVerifiedByPinWhoFailedAtCardExpiryAndAskedForAPersonReachesTheAgentWithThatContext(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.RING_FOREVER);
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            String caller = h.ami.addCall("Local/caller@ivr", "Up");
            List<JsonObject> desk = new CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer(DialerRuntime.AGENT_ADDRESS_PREFIX + "ana", m -> desk.add(m.body()));
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            rt.login("ana", agentChannel).await();

            Path root = repoRoot();
            IvrFlows flows = IvrFlows.builder(vertx, root.resolve("flows"))
                    .prompts(root.resolve("prompts"))
                    .dataSource(h.db.dataSource())
                    .clock(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC)) // open
                    .watchPeriod(Duration.ZERO)
                    .build();
            assertThat(flows.start().await().ok()).isTrue();
            AgiServer ivr = AgiServer.builder()
                    .port(0)
                    .handler("main", flows.handler("main"))
                    .build()
                    .start(vertx)
                    .await();
            try {
                // The IVR: Spanish, unknown caller ID, account 1001 + PIN 1234, pay the full balance, a card, a
                // wrong expiry (month 13), then 0 for a person.
                FakeAsteriskAgi.Outcome inIvr = FakeAsteriskAgi.call("main")
                        .env("channel", caller)
                        .callerId("+34699000111", "Cliente")
                        .onPrefix("WAIT FOR DIGIT")
                        .reply("200 result=49")
                        .onPrefix("GET DATA")
                        .reply("200 result=1001")
                        .onPrefix("GET DATA")
                        .reply("200 result=1234")
                        .onPrefix("WAIT FOR DIGIT")
                        .reply("200 result=50")
                        .onPrefix("WAIT FOR DIGIT")
                        .reply("200 result=49")
                        .onPrefix("GET DATA")
                        .reply("200 result=" + CARD)
                        .onPrefix("GET DATA")
                        .reply("200 result=1399")
                        .onPrefix("GET DATA")
                        .reply("200 result=0")
                        .otherwise("200 result=0")
                        .build()
                        .connect(vertx, ivr.actualPort())
                        .outcome()
                        .await();
                assertThat(inIvr.unusedSteps())
                        .as(String.join("\n", inIvr.commands()))
                        .isEmpty();
                String set = "SET VARIABLE \"CENTRALITA_IVR_CONTEXT\" ";
                String line = inIvr.commands().stream()
                        .filter(c -> c.startsWith(set))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(String.join("\n", inIvr.commands())));
                assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .as("an AGI command line Asterisk reads whole")
                        .isLessThan(2048);
                String value = unquote(line.substring(set.length()));

                // The dialplan sends the same channel on to [centralita-inbound]: Asterisk answers GET VARIABLE
                // with what SET VARIABLE stored.
                FakeAsteriskAgi.Call inbound = FakeAsteriskAgi.call(DialerRuntime.INBOUND_SCRIPT)
                        .env("channel", caller)
                        .callerId("+34699000111", "Cliente")
                        .on("GET VARIABLE \"CENTRALITA_IVR_CONTEXT\"")
                        .reply("200 result=1 (" + value + ")")
                        .otherwise("200 result=0")
                        .build()
                        .connect(vertx, h.agi.actualPort());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !h.ami.receivedActions("Bridge").isEmpty());
                inbound.outcome().await();

                JsonObject pop = desk.stream()
                        .filter(e -> "screen-pop".equals(e.getString("type")))
                        .findFirst()
                        .orElseThrow();
                assertThat(pop.getString("kind")).isEqualTo("inbound");
                JsonObject ctx = pop.getJsonObject("ivrContext");
                assertThat(ctx.getString("account")).isEqualTo("1001");
                assertThat(ctx.getString("name")).isEqualTo("María García");
                assertThat(ctx.getString("verifiedBy")).isEqualTo("PIN");
                assertThat(ctx.getString("wanted")).isEqualTo("payment");
                assertThat(ctx.getString("failedAt")).isEqualTo("card expiry");
                assertThat(ctx.getString("reason")).isEqualTo("asked for a person");
                assertThat(ctx.getString("callerId")).isEqualTo("+34699000111");
                assertThat(ctx.getString("ivrCallId")).isNotEmpty();
                assertThat(flows.contexts().find(ctx.getString("ivrCallId")).await())
                        .as("the stored context, for a later look-up")
                        .hasValueSatisfying(c -> assertThat(c.failedAt()).isEqualTo("card expiry"));
                String everything = pop.encode() + String.join("\n", inIvr.commands());
                assertThat(pop.encode())
                        .doesNotContain(CARD)
                        .doesNotContain("1234")
                        .doesNotContain("1399");
                assertThat(everything.replace("GET DATA", "")).doesNotContain("result=" + CARD);
            } finally {
                ivr.shutdown(Duration.ofSeconds(1)).await();
                flows.stop();
            }
        }
    }

    @Test
    void cardDataInAHandWrittenContextNeverReachTheScreen() {
        JsonObject dirty = new JsonObject()
                .put("wanted", "payment")
                .put("pin", "1234")
                .put("card_number", CARD)
                .put("note", "card 4111 1111 1111 1111 failed")
                .put("account", "1001");

        JsonObject clean = InboundHandler.clean(dirty);

        assertThat(clean.fieldNames()).containsExactlyInAnyOrder("wanted", "note", "account");
        assertThat(clean.getString("note")).isEqualTo("card ****1111 failed");
        assertThat(clean.getString("account")).isEqualTo("1001");
    }

    /** Undoes the AGI argument quoting ({@code "..."} with {@code \\} and {@code \"}), as Asterisk's parser does. */
    static String unquote(String arg) {
        assertThat(arg).startsWith("\"").endsWith("\"");
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < arg.length() - 1; i++) {
            char c = arg.charAt(i);
            if (c == '\\' && i + 1 < arg.length() - 1) {
                c = arg.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    static Path repoRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("flows/main.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no flows/main.yaml above " + System.getProperty("user.dir"));
        }
        return p;
    }
}
