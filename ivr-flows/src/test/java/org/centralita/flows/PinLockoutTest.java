package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.centralita.flows.selfservice.JdbcAccounts;
import org.centralita.flows.selfservice.JdbcCallbackRequests;
import org.centralita.flows.selfservice.JdbcPayments;
import org.centralita.flows.selfservice.SandboxPaymentGateway;
import org.centralita.flows.selfservice.SelfServiceActions;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wrong PINs counted per account across calls, with a time-based lock, on an injected clock. */
class PinLockoutTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = TestEnv.OPEN;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final TestEnv env = new TestEnv();
    final MovableClock clock = new MovableClock();
    final SelfServiceActions actions = new SelfServiceActions(
            new JdbcAccounts(env.vertx, env.dataSource),
            new JdbcPayments(env.vertx, env.dataSource),
            new SandboxPaymentGateway(),
            new JdbcCallbackRequests(env.vertx, env.dataSource),
            clock);
    int calls;

    @AfterEach
    void tearDown() {
        env.close();
    }

    /** One PIN attempt in a new call (so the per-call limit of 3 never applies). */
    ActionResult pin(String account, String pin, Map<String, String> extraArgs) {
        Map<String, String> args = new HashMap<>(Map.of("account", account, "pin", "pin"));
        args.putAll(extraArgs);
        ActionContext ctx = new ActionContext(
                "1700007000." + (++calls),
                "main",
                "check-pin",
                args,
                Vars.empty().withSecret("pin", SensitiveValue.of(pin)),
                ScriptedAgiSession.builder().build());
        return TestEnv.await(actions.all().get("identify.pin").run(ctx));
    }

    ActionResult pin(String account, String pin) {
        return pin(account, pin, Map.of());
    }

    @Test
    void fiveWrongPinsInFifteenMinutesOverSeveralCallsLockTheAccountForThirtyMinutes() {
        for (int i = 0; i < 4; i++) {
            assertThat(pin("1001", "0000").outcome()).as("wrong PIN %d", i + 1).isEqualTo("invalid");
            clock.advance(Duration.ofMinutes(3));
        }
        ActionResult fifth = pin("1001", "0000");
        assertThat(fifth.outcome()).isEqualTo("account-locked");
        assertThat(fifth.vars().text("transfer_reason")).isEqualTo("account-locked");
        assertThat(fifth.vars().text("failed_at")).isEqualTo("PIN");

        clock.advance(Duration.ofMinutes(29));
        assertThat(pin("1001", "1234").outcome())
                .as("even the right PIN, while locked")
                .isEqualTo("account-locked");
        assertThat(pin("1002", "4321").outcome())
                .as("other accounts are not affected")
                .isEqualTo("verified");

        clock.advance(Duration.ofMinutes(2));
        assertThat(pin("1001", "1234").outcome()).as("after 30 minutes").isEqualTo("verified");
    }

    @Test
    void aRightPinClearsTheCount() {
        for (int i = 0; i < 4; i++) {
            pin("1001", "0000");
        }
        assertThat(pin("1001", "1234").outcome()).isEqualTo("verified");
        for (int i = 0; i < 4; i++) {
            assertThat(pin("1001", "0000").outcome()).isEqualTo("invalid");
        }
        assertThat(pin("1001", "0000").outcome()).isEqualTo("account-locked");
    }

    @Test
    void wrongPinsOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            pin("1001", "0000");
        }
        clock.advance(Duration.ofMinutes(16));
        assertThat(pin("1001", "0000").outcome()).isEqualTo("invalid");
        assertThat(pin("1001", "1234").outcome()).isEqualTo("verified");
    }

    @Test
    void theFlowConfiguresTheLock() {
        Map<String, String> strict = Map.of("lock-after", "2", "lock-window", "1h", "lock-for", "PT2H");
        assertThat(pin("1003", "0000", strict).outcome()).isEqualTo("invalid");
        assertThat(pin("1003", "0000", strict).outcome()).isEqualTo("account-locked");
        clock.advance(Duration.ofMinutes(119));
        assertThat(pin("1003", "2468", strict).outcome()).isEqualTo("account-locked");
        clock.advance(Duration.ofMinutes(2));
        assertThat(pin("1003", "2468", strict).outcome()).isEqualTo("verified");
    }
}
