package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.action.PlayDtmfAction;
import org.awaitility.Awaitility;
import org.centralita.flows.selfservice.PaymentRecord;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.agi.AgiSession;
import org.centralita.gateway.ami.AmiCallControl;
import org.centralita.gateway.ami.AmiClient;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.testing.RealAsterisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Opt-in: the shipped {@code main} flow on a real Asterisk (docs/asterisk.md), with its espeak-ng prompts and
 * Asterisk's core sounds. The caller is the {@code ;2} half of a Local channel in {@code [caller-sim]}; the test
 * presses its keys with AMI {@code PlayDTMF} on that half whenever the flow waits for input, like a person who
 * listens to each prompt and then answers.
 */
@EnabledIfEnvironmentVariable(named = RealAsterisk.AMI_ENV, matches = ".+:\\d+")
@EnabledIfEnvironmentVariable(named = RealAsterisk.USER_ENV, matches = ".+")
@EnabledIfEnvironmentVariable(named = RealAsterisk.SECRET_ENV, matches = ".*")
class RealAsteriskMainFlowTest {

    final TestEnv env = new TestEnv();
    IvrFlows flows;
    AgiServer server;
    AmiClient client;
    AmiCallControl calls;

    /** What the caller types at each input command, in order; null hangs up. */
    private final Deque<String> keys = new ArrayDeque<>(List.of(
            "1", // Spanish
            "1", // "press 1 if you are María García"
            "1", // balance
            "2", // pay
            "1", // the full amount
            "4111111111111111", // card number
            "0128", // expiry
            "737", // CVV
            "1" // confirm
            ));

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (server != null) {
            TestEnv.await(server.shutdown(Duration.ofSeconds(1)));
        }
        if (client != null) {
            TestEnv.await(client.close());
        }
        if (flows != null) {
            flows.stop();
        }
        env.close();
    }

    @Test
    void callerIdentifiedByCallerIdHearsTheBalanceAndPaysByCardWithTheKeypad() {
        Path root = TestEnv.repoRoot();
        flows = env.start(env.builder(root.resolve("flows"), TestEnv.OPEN).prompts(root.resolve("prompts")));
        client = RealAsterisk.client(env.vertx).build();
        calls = AmiCallControl.create(client);
        TestEnv.await(client.connect());
        server = TestEnv.await(AgiServer.builder()
                .host(RealAsterisk.agiHost())
                .port(0)
                .defaultCommandTimeout(Duration.ofSeconds(60))
                .handler("main", caller(flows.handler("main")))
                .build()
                .start(env.vertx));
        TestEnv.await(RealAsterisk.pointFastAgiAt(client, server.actualPort()));

        OriginateResult call = TestEnv.await(calls.originate(new OriginateRequest(
                "ivr-main",
                "Local/s@caller-sim",
                "ivr-test",
                "main",
                1,
                "\"Maria Garcia\" <34600111222>",
                Duration.ofSeconds(30),
                Map.of("HOLDSEC", "300"))));
        assertThat(call.outcome()).isEqualTo(CallOutcome.ANSWERED);

        Awaitility.await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(
                        TestEnv.await(flows.payments().forAccount("1001")))
                .as(String.join("\n", log))
                .hasSize(1));
        PaymentRecord paid = TestEnv.await(flows.payments().forAccount("1001")).get(0);
        assertThat(paid.approved()).isTrue();
        assertThat(paid.last4()).isEqualTo("1111");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> log.stream()
                .anyMatch(l -> l.startsWith("sayDigits [" + paid.confirmationCode())));
        String all = String.join("\n", log);
        assertThat(all)
                .as("the caller was recognised by caller ID and heard the balance (123.45 EUR)")
                .contains("streamFile [centralita/es/name-maria")
                .contains("sayNumber [123,")
                .contains("sayNumber [45,");
        assertThat(log)
                .as("every prompt was found and played: no STREAM FILE answered result=-1")
                .noneMatch(l -> l.startsWith("streamFile") && l.contains("result=-1"));
        assertThat(String.join("\n", commands))
                .as("no command carries the card number")
                .doesNotContain("4111111111111111");
        assertThat(env.gateway.approvedCharges()).isEqualTo(1);
    }

    /** Wraps the flow's handler: logs each command and reply, and types the next keys when the flow waits. */
    private AgiHandler caller(AgiHandler handler) {
        return session -> handler.handle(typing(session));
    }

    private AgiSession typing(AgiSession session) {
        String callerHalf = session.request().channel().replace(";1", ";2");
        return (AgiSession) Proxy.newProxyInstance(
                AgiSession.class.getClassLoader(), new Class<?>[] {AgiSession.class}, (proxy, method, args) -> {
                    boolean input = method.getName().equals("waitForDigit")
                            || method.getName().equals("getData");
                    Object result;
                    try {
                        result = method.invoke(session, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (input) {
                        String next = keys.poll();
                        if (next == null) {
                            // Done: the caller hangs up at the next menu.
                            calls.hangup(callerHalf, 16);
                        } else {
                            // After AGI has started the command: digits that arrive while AGI is between commands
                            // are read and dropped by Asterisk.
                            env.vertx.setTimer(400, t -> press(callerHalf, next, 0));
                        }
                    }
                    if (result instanceof Future<?> f) {
                        String call =
                                method.getName() + " " + (args == null ? "[]" : java.util.Arrays.deepToString(args));
                        commands.add(call);
                        f.onComplete(ar -> log.add((call + " -> "
                                        + (ar.succeeded()
                                                ? (ar.result() instanceof AgiReply r
                                                        ? r.raw()
                                                        : String.valueOf(ar.result()))
                                                : "failed: " + ar.cause()))
                                .replace("4111111111111111", "<card>")));
                    }
                    return result;
                });
    }

    /** Presses {@code digits} one by one on the caller's half (AMI PlayDTMF: 250 ms tones, 250 ms apart). */
    private void press(String channel, String digits, int i) {
        if (i >= digits.length()) {
            return;
        }
        PlayDtmfAction dtmf = new PlayDtmfAction(channel, String.valueOf(digits.charAt(i)));
        dtmf.setDuration(250);
        client.send(dtmf).onComplete(ar -> env.vertx.setTimer(250, t -> press(channel, digits, i + 1)));
    }
}
