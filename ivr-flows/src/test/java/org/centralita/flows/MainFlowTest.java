package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.centralita.flows.selfservice.CallContext;
import org.centralita.flows.selfservice.CallbackRequest;
import org.centralita.flows.selfservice.PaymentRecord;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MainFlowTest {

    static final String CARD = "4111111111111111";
    static final String CVV = "737";
    static final String EXPIRY = "0128";
    static final String MARIA = "34600111222";

    /** María: Spanish, confirm caller ID, balance, pay in full with the test card, confirm, end with 9. */
    static final List<String> PAY_IN_FULL = List.of("1", "1", "1", "2", "1", CARD, EXPIRY, CVV, "1", "9");

    TestEnv env;
    IvrFlows flows;
    ListAppender<ILoggingEvent> logs;
    Logger centralita;

    @BeforeEach
    void setUp() {
        env = new TestEnv();
        flows = start(TestEnv.OPEN);
        centralita = (Logger) LoggerFactory.getLogger("org.centralita");
        centralita.setLevel(Level.DEBUG);
        centralita.setAdditive(false);
        logs = new ListAppender<>();
        logs.start();
        centralita.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        centralita.detachAppender(logs);
        centralita.setLevel(null);
        centralita.setAdditive(true);
        flows.stop();
        env.close();
    }

    IvrFlows start(Instant now) {
        Path root = TestEnv.repoRoot();
        return env.start(env.builder(root.resolve("flows"), now).prompts(root.resolve("prompts")));
    }

    static ScriptedAgiSession call(String callerId, String uniqueId, SimulatedCaller caller) {
        return ScriptedAgiSession.builder()
                .callerId(callerId)
                .uniqueId(uniqueId)
                .build()
                .otherwise(caller);
    }

    @Test
    void callerIdentifiedByCallerIdHearsBalanceAndPaysByCard() {
        SimulatedCaller caller = new SimulatedCaller(PAY_IN_FULL).recording("/var/spool/asterisk/monitor/c1.wav");
        ScriptedAgiSession s = call(MARIA, "1700000001.1", caller);

        Optional<Throwable> end = TestEnv.run(flows.handler("main"), s);

        assertThat(end).isEmpty();
        assertThat(caller.remaining()).isZero();
        List<String> c = s.commands();
        assertThat(c.get(0)).isEqualTo("ANSWER");
        assertThat(c).contains("STREAM FILE centralita/es/name-maria \"0123456789*#\"");
        // Balance: ciento veintitrés euros con cuarenta y cinco céntimos, due 15 Dec 2026.
        assertThat(String.join("\n", c))
                .contains("SAY NUMBER 123 \"\"\nSTREAM FILE centralita/es/currency-eur-many \"\"\n"
                        + "STREAM FILE centralita/es/currency-and \"\"\nSAY NUMBER 45 \"\"\n"
                        + "STREAM FILE centralita/es/currency-eur-cent-many \"\"");
        assertThat(c).anyMatch(x -> x.startsWith("SAY DATE "));
        // Recording paused around card capture and resumed after, appending to the same file.
        assertThat(c)
                .as(String.join("\n", c))
                .contains("EXEC StopMixMonitor", "GET DATA centralita/es/enter-card 10000 19");
        int stop = c.indexOf("EXEC StopMixMonitor");
        int card = c.indexOf("GET DATA centralita/es/enter-card 10000 19");
        int resume = c.indexOf("EXEC MixMonitor /var/spool/asterisk/monitor/c1.wav,a");
        assertThat(stop).isPositive().isLessThan(card);
        assertThat(resume).isGreaterThan(card);
        assertThat(c).contains("SAY DIGITS 1111 \"\"");
        assertThat(c.get(c.size() - 1)).isEqualTo("HANGUP");

        assertThat(env.gateway.approvedCharges()).isEqualTo(1);
        List<PaymentRecord> paid = TestEnv.await(flows.payments().forAccount("1001"));
        assertThat(paid).hasSize(1);
        PaymentRecord p = paid.get(0);
        assertThat(p.approved()).isTrue();
        assertThat(p.last4()).isEqualTo("1111");
        assertThat(p.amount()).isEqualByComparingTo("123.45");
        assertThat(p.token()).startsWith("tok_sbx_");
        assertThat(p.idempotencyKey()).isEqualTo("1700000001.1:1");
        assertThat(c).contains("SAY DIGITS " + p.confirmationCode() + " \"\"");
        assertNoSecretAnywhere(s);
    }

    @Test
    void englishCallerHearsAmountsInEnglish() {
        SimulatedCaller caller = new SimulatedCaller(List.of("2", "1", "1", "9"));
        ScriptedAgiSession s = call("447700900123", "1700000002.1", caller);

        TestEnv.run(flows.handler("main"), s);

        assertThat(s.commands()).contains("SET VARIABLE CHANNEL(language) en");
        assertThat(String.join("\n", s.commands()))
                .contains("SAY NUMBER 250 \"\"\nSTREAM FILE centralita/en/currency-eur-many \"\"");
    }

    @Test
    void unknownCallerWithThreeWrongPinsReachesAnAgentWithTheCallContext() {
        SimulatedCaller caller = new SimulatedCaller(List.of("1", "1003", "1111", "1003", "2222", "1003", "3333"));
        ScriptedAgiSession s = call("999888777", "1700000003.1", caller);

        Optional<Throwable> end = TestEnv.run(flows.handler("main"), s);

        assertThat(end).isEmpty();
        assertThat(s.commands()).contains("STREAM FILE centralita/es/pin-locked \"\"");
        assertThat(s.commands())
                .contains(
                        "SET VARIABLE CENTRALITA_VERIFIED \"0\"",
                        "SET VARIABLE CENTRALITA_FAILED_ATTEMPTS \"3\"",
                        "SET VARIABLE CENTRALITA_AGENT_GROUP \"customer-care\"",
                        "SET VARIABLE CENTRALITA_LANGUAGE \"es\"");
        CallContext ctx = TestEnv.await(env.contexts.find("1700000003.1")).orElseThrow();
        assertThat(ctx.verified()).isFalse();
        assertThat(ctx.failedAttempts()).isEqualTo(3);
        assertThat(ctx.intent()).isEqualTo("agent-request");
        assertThat(TestEnv.await(env.contexts.find("1700000000.0"))).contains(ctx);
        assertNoSecretAnywhere(s, "1111", "2222", "3333");
    }

    @Test
    void wrongPinsOverTwoCallsLockTheAccountAndTheCallerHearsItAndReachesAPerson() {
        TestEnv.run(
                flows.handler("main"),
                call(
                        "999888777",
                        "1700000006.1",
                        new SimulatedCaller(List.of("1", "1001", "1111", "1001", "2222", "1001", "3333"))));
        SimulatedCaller caller = new SimulatedCaller(List.of("1", "1001", "4444", "1001", "5555", "1001", "1234"));
        ScriptedAgiSession s = call("999888777", "1700000006.2", caller);

        Optional<Throwable> end = TestEnv.run(flows.handler("main"), s);

        assertThat(end).isEmpty();
        assertThat(s.commands()).contains("STREAM FILE centralita/es/account-locked \"\"");
        assertThat(s.commands()).doesNotContain("STREAM FILE centralita/es/main-menu \"0123456789*#\"");
        assertThat(caller.remaining()).as("not asked again once locked").isEqualTo(2);
        CallContext ctx = TestEnv.await(env.contexts.find("1700000006.2")).orElseThrow();
        assertThat(ctx.verified()).isFalse();
        assertThat(ctx.accountId()).isEqualTo("1001");
        assertThat(ctx.transferReason()).isEqualTo("account-locked");
        assertThat(ctx.screenPop().getString("reason")).isEqualTo("account locked after wrong PINs");
        assertNoSecretAnywhere(s, "1111", "2222", "3333", "4444", "5555");
    }

    @Test
    void correctPinAfterOneMistakeVerifiesAndTheAgentSeesAVerifiedPayingCaller() {
        SimulatedCaller caller = new SimulatedCaller(List.of("1", "1003", "9999", "1003", "2468", "2", "0"));
        ScriptedAgiSession s = call("999888777", "1700000004.1", caller);

        TestEnv.run(flows.handler("main"), s);

        CallContext ctx = TestEnv.await(env.contexts.find("1700000004.1")).orElseThrow();
        assertThat(ctx.accountId()).isEqualTo("1003");
        assertThat(ctx.verified()).isTrue();
        assertThat(ctx.intent()).isEqualTo("payment");
        assertThat(ctx.lastMenu()).isEqualTo("pay-amount-menu");
        assertThat(ctx.failedAttempts()).isEqualTo(1);
    }

    @Test
    void afterHoursCallerCanAskForACallback() {
        flows.stop();
        flows = start(TestEnv.CLOSED);
        SimulatedCaller caller = new SimulatedCaller(List.of("2", "1"));
        ScriptedAgiSession s = call(MARIA, "1700000005.1", caller);

        TestEnv.run(flows.handler("main"), s);

        assertThat(s.commands()).contains("STREAM FILE centralita/en/after-hours \"0123456789*#\"");
        List<CallbackRequest> pending = TestEnv.await(flows.callbacks().pending());
        assertThat(pending).extracting(CallbackRequest::callerId).containsExactly(MARIA);
        assertThat(pending.get(0).language()).isEqualTo("en");
        assertThat(s.commands().get(s.commands().size() - 1)).isEqualTo("HANGUP");
    }

    @Test
    void hangUpAtEveryStepOfThePaymentNeverChargesTwiceNorLeavesACardNumber() {
        ScriptedAgiSession full = call(MARIA, "1700000100.1", new SimulatedCaller(PAY_IN_FULL));
        TestEnv.run(flows.handler("main"), full);
        int commands = full.commands().size();
        int firstPaymentCommand =
                full.commands().indexOf("STREAM FILE centralita/es/pay-full-or-other \"0123456789*#\"");
        assertThat(firstPaymentCommand).isPositive();
        int charged = env.gateway.approvedCharges();
        assertThat(charged).isEqualTo(1);

        for (int k = firstPaymentCommand; k < commands - 1; k++) { // the last command is our own HANGUP
            String id = "1700000200." + k;
            ScriptedAgiSession s = call(MARIA, id, new SimulatedCaller(PAY_IN_FULL));
            s.hangUpAtCommand(k);

            Optional<Throwable> end = TestEnv.run(flows.handler("main"), s);

            assertThat(end)
                    .as("hang-up at command %d (%s)", k, full.commands().get(k))
                    .hasValueSatisfying(e -> assertThat(e).isInstanceOf(AgiHangupException.class));
            List<PaymentRecord> forCall = TestEnv.await(flows.payments().forAccount("1001")).stream()
                    .filter(p -> p.callId().equals(id))
                    .collect(Collectors.toList());
            assertThat(forCall).as("payments of call %s", id).hasSizeLessThanOrEqualTo(1);
            assertThat(forCall)
                    .as("a hang-up never leaves a payment unsettled")
                    .allSatisfy(p -> assertThat(p.status().settled()).isTrue());
            assertNoSecretAnywhere(s);
        }
        int after = env.gateway.approvedCharges();
        long recorded = TestEnv.await(flows.payments().forAccount("1001")).size();
        assertThat(after - charged).as("charges made by interrupted calls").isEqualTo((int) recorded - 1);
        assertThat(recorded - 1)
                .as("interrupted calls that still charged (hang-up after confirming)")
                .isLessThanOrEqualTo(commands - firstPaymentCommand);
    }

    @Test
    void aRepeatedChargeOfTheSameCallAndAttemptDoesNotChargeAgain() {
        ScriptedAgiSession s = call(MARIA, "1700000300.1", new SimulatedCaller(PAY_IN_FULL));
        TestEnv.run(flows.handler("main"), s);
        // Same uniqueid again (e.g. the AGI reconnected and the caller replayed the same steps).
        ScriptedAgiSession again = call(MARIA, "1700000300.1", new SimulatedCaller(PAY_IN_FULL));
        TestEnv.run(flows.handler("main"), again);

        assertThat(env.gateway.approvedCharges()).isEqualTo(1);
        assertThat(TestEnv.await(flows.payments().forAccount("1001"))).hasSize(1);
    }

    @Test
    void declinedTestCardIsNotChargedAndIsRecordedAsDeclined() {
        List<String> in = List.of("1", "1", "2", "1", "4000000000000002", EXPIRY, CVV, "1", "9");
        ScriptedAgiSession s = call(MARIA, "1700000400.1", new SimulatedCaller(in));

        TestEnv.run(flows.handler("main"), s);

        assertThat(s.commands()).contains("STREAM FILE centralita/es/payment-declined \"0123456789*#\"");
        assertThat(env.gateway.approvedCharges()).isZero();
        PaymentRecord p = TestEnv.await(flows.payments().forAccount("1001")).get(0);
        assertThat(p.approved()).isFalse();
        assertThat(p.declineReason()).isEqualTo("card_declined");
        assertThat(p.last4()).isEqualTo("0002");
    }

    @Test
    void invalidCardIsRepromptedAndAPastExpiryIsRefused() {
        List<String> in = List.of("1", "1", "2", "1", "4111111111111112", CARD, "0120", EXPIRY, CVV, "2", "9");
        ScriptedAgiSession s = call(MARIA, "1700000500.1", new SimulatedCaller(in));

        TestEnv.run(flows.handler("main"), s);

        assertThat(s.commands())
                .contains(
                        "STREAM FILE centralita/es/card-invalid \"0123456789*#\"",
                        "STREAM FILE centralita/es/expiry-invalid \"0123456789*#\"",
                        "STREAM FILE centralita/es/payment-cancelled \"0123456789*#\"");
        assertThat(env.gateway.approvedCharges()).isZero();
        assertNoSecretAnywhere(s);
    }

    private void assertNoSecretAnywhere(ScriptedAgiSession s, String... more) {
        List<String> secrets =
                new java.util.ArrayList<>(List.of(CARD, CVV + " ", "\"" + CVV + "\"", "4000000000000002"));
        secrets.addAll(List.of(more));
        // In the AGI commands and the trace the CVV is looked for as a whole token: the random confirmation code read
        // out with
        // SAY DIGITS (e.g. 995737) may end in the same three digits without being the CVV.
        java.util.regex.Pattern cvvToken =
                java.util.regex.Pattern.compile("(^|[^0-9])" + CVV + "([^0-9]|$)", java.util.regex.Pattern.MULTILINE);
        String commands =
                s.commands().stream().filter(c -> !c.startsWith("GET DATA")).collect(Collectors.joining("\n"));
        String logText =
                logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        String trace = String.join("\n", env.trace);
        String db = dumpDatabase();
        assertThat(commands).as("AGI commands (CVV)").doesNotContainPattern(cvvToken);
        assertThat(trace).as("trace (CVV)").doesNotContainPattern(cvvToken);
        for (String secret : secrets) {
            if (!secret.contains(CVV)) {
                assertThat(commands).as("AGI commands").doesNotContain(secret);
                assertThat(trace).as("trace").doesNotContain(secret);
            }
            assertThat(logText).as("logs").doesNotContain(secret);
            assertThat(db).as("database").doesNotContain(secret);
        }
        assertThat(logs.list).as("the log capture is live").isNotEmpty();
    }

    private String dumpDatabase() {
        StringBuilder sb = new StringBuilder();
        try (Connection c = env.dataSource.getConnection();
                Statement st = c.createStatement()) {
            for (String table : List.of(
                    "ivr_payment",
                    "ivr_call_context",
                    "ivr_callback_request",
                    "ivr_sandbox_charge",
                    "ivr_pin_failure",
                    "ivr_account")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            sb.append(rs.getString(i)).append('|');
                        }
                        sb.append('\n');
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return sb.toString();
    }
}
