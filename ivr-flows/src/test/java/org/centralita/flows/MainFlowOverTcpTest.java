package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.centralita.flows.selfservice.PaymentRecord;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped {@code main} flow end to end over a real FastAGI TCP connection, Asterisk played by the fixture. */
class MainFlowOverTcpTest {

    final TestEnv env = new TestEnv();
    IvrFlows flows;
    AgiServer server;

    @AfterEach
    void tearDown() {
        TestEnv.await(server.shutdown(Duration.ofSeconds(1)));
        flows.stop();
        env.close();
    }

    @Test
    void callerIdentifiesHearsTheBalancePaysAndHangsUp() {
        Path root = TestEnv.repoRoot();
        flows = env.start(env.builder(root.resolve("flows"), TestEnv.OPEN).prompts(root.resolve("prompts")));
        server = TestEnv.await(AgiServer.builder()
                .host("127.0.0.1")
                .port(0)
                .handler("main", flows.handler("main"))
                .build()
                .start(env.vertx));

        FakeAsteriskAgi.Call call = FakeAsteriskAgi.call("main")
                .callerId("34600111222", "Maria Garcia")
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=49") // Spanish
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=49") // "press 1 if you are María"
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=49") // balance
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=50") // pay
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=49") // the full amount
                .onPrefix("GET VARIABLE")
                .reply("200 result=1 (/var/spool/asterisk/monitor/e2e.wav)")
                .onPrefix("GET DATA")
                .reply("200 result=4111111111111111")
                .onPrefix("GET DATA")
                .reply("200 result=0128")
                .onPrefix("GET DATA")
                .reply("200 result=737")
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=49") // confirm
                .onPrefix("WAIT FOR DIGIT")
                .reply("200 result=-1", "HANGUP") // caller hangs up at the main menu
                .otherwise("200 result=0")
                .build()
                .connect(env.vertx, server.actualPort());

        FakeAsteriskAgi.Outcome outcome = TestEnv.await(call.outcome());

        List<String> commands = outcome.commands();
        String all = String.join("\n", commands);
        assertThat(outcome.unusedSteps()).as(all).isEmpty();
        assertThat(commands.get(0)).isEqualTo("ANSWER");
        assertThat(all).contains("name-maria").contains("SAY NUMBER \"123\"").contains("SAY NUMBER \"45\"");
        assertThat(all)
                .contains("EXEC \"StopMixMonitor\"")
                .contains("EXEC \"MixMonitor\" \"/var/spool/asterisk/monitor/e2e.wav,a\"");
        assertThat(all).doesNotContain("4111111111111111").doesNotContain("\"737\"");
        List<PaymentRecord> paid = TestEnv.await(flows.payments().forAccount("1001"));
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).approved()).isTrue();
        assertThat(paid.get(0).last4()).isEqualTo("1111");
        assertThat(all).contains("SAY DIGITS \"" + paid.get(0).confirmationCode() + "\"");
        assertThat(env.gateway.approvedCharges()).isEqualTo(1);
        assertThat(outcome.serverHalfClosed()).isTrue();
    }
}
