package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.centralita.flows.selfservice.CallbackRequests;
import org.centralita.flows.selfservice.ChargeRequest;
import org.centralita.flows.selfservice.ChargeResult;
import org.centralita.flows.selfservice.JdbcAccounts;
import org.centralita.flows.selfservice.JdbcCallbackRequests;
import org.centralita.flows.selfservice.JdbcPayments;
import org.centralita.flows.selfservice.PaymentGateway;
import org.centralita.flows.selfservice.PaymentRecord;
import org.centralita.flows.selfservice.Payments;
import org.centralita.flows.selfservice.SandboxPaymentGateway;
import org.centralita.flows.selfservice.SelfServiceActions;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A card charge interrupted at each step (database down before the row, a crash before or after the gateway, the
 * database down after the gateway) and a restart: never two charges, never a charge without a row, no card data
 * stored.
 */
class PaymentFaultsTest {

    static final String CARD = "4111111111111111";
    static final String EXPIRY = "0128";
    static final String CVV = "737";
    static final String KEY = "1700009000.1:1";

    final TestEnv env = new TestEnv();
    final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");

    @AfterEach
    void tearDown() {
        env.close();
    }

    /** One server "process": its own sandbox (ledger in the shared database), payments store and actions. */
    final class Process {
        final SandboxPaymentGateway sandbox;
        final Payments payments;
        final SelfServiceActions actions;

        Process(Instant now, Payments paymentsOverride, PaymentGateway gatewayOverride) {
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            DataSource ds = env.dataSource;
            sandbox = new SandboxPaymentGateway(env.vertx, ds, clock);
            payments = paymentsOverride != null ? paymentsOverride : new JdbcPayments(env.vertx, ds, clock);
            CallbackRequests callbacks = new JdbcCallbackRequests(env.vertx, ds);
            actions = new SelfServiceActions(
                    new JdbcAccounts(env.vertx, ds),
                    payments,
                    gatewayOverride != null ? gatewayOverride : sandbox,
                    callbacks,
                    clock);
        }

        Process(Instant now) {
            this(now, null, null);
        }

        ActionResult charge() {
            Vars v = Vars.empty()
                    .with("account_id", "1001")
                    .with("pay_amount", "123.45")
                    .with("currency", "EUR")
                    .with("payment_attempt", "1")
                    .withSecret("card_number", SensitiveValue.of(CARD))
                    .withSecret("card_expiry", SensitiveValue.of(EXPIRY))
                    .withSecret("card_cvv", SensitiveValue.of(CVV));
            ActionContext ctx = new ActionContext(
                    "1700009000.1",
                    "main",
                    "charge",
                    Map.of("amount", "123.45", "currency", "EUR"),
                    v,
                    ScriptedAgiSession.builder().build());
            return TestEnv.await(actions.all().get("payment.charge").run(ctx));
        }

        SelfServiceActions.Reconciliation reconcile() {
            return TestEnv.await(actions.reconcilePayments(Duration.ofMinutes(2)));
        }
    }

    /** A gateway that dies with the process: before sending the charge, or after it was made. */
    static PaymentGateway crashing(SandboxPaymentGateway real, boolean afterCharging, AtomicInteger calls) {
        return new PaymentGateway() {
            @Override
            public Future<ChargeResult> charge(ChargeRequest request) {
                calls.incrementAndGet();
                Future<ChargeResult> sent =
                        afterCharging ? real.charge(request) : Future.succeededFuture(ChargeResult.declined("x"));
                return sent.compose(r -> Future.failedFuture(new IllegalStateException("process died")));
            }

            @Override
            public Future<Optional<ChargeResult>> lookup(String key) {
                return real.lookup(key);
            }
        };
    }

    /** A payments store whose database fails at one operation. */
    static Payments failingAt(Payments real, String operation) {
        return new Payments() {
            private <T> Future<T> maybe(String op, Future<T> f) {
                return op.equals(operation) ? Future.failedFuture(new FlowsException("database down")) : f;
            }

            @Override
            public Future<Optional<PaymentRecord>> find(String key) {
                return maybe("find", real.find(key));
            }

            @Override
            public Future<Boolean> begin(PaymentRecord pending) {
                return operation.equals("begin")
                        ? Future.failedFuture(new FlowsException("database down"))
                        : real.begin(pending);
            }

            @Override
            public Future<Void> settle(String key, ChargeResult result) {
                return operation.equals("settle")
                        ? Future.failedFuture(new FlowsException("database down"))
                        : real.settle(key, result);
            }

            @Override
            public Future<Void> notCharged(String key) {
                return real.notCharged(key);
            }

            @Override
            public Future<List<PaymentRecord>> pending() {
                return real.pending();
            }

            @Override
            public Future<List<PaymentRecord>> forAccount(String accountId) {
                return real.forAccount(accountId);
            }
        };
    }

    @Test
    void databaseDownBeforeTheRowMeansNoCharge() {
        AtomicInteger calls = new AtomicInteger();
        Process p0 = new Process(t0);
        Process p = new Process(t0, failingAt(p0.payments, "begin"), crashing(p0.sandbox, true, calls));

        assertThat(p.charge().outcome()).isEqualTo("error");

        assertThat(calls).as("the gateway was never asked").hasValue(0);
        assertThat(ledgerCharges()).isZero();
        assertThat(rows()).isEmpty();
        assertNoCardData();
    }

    @Test
    void crashBeforeTheGatewayLeavesAPendingRowThatReconciliationMarksNotChargedAndARetryChargesOnce() {
        AtomicInteger calls = new AtomicInteger();
        Process p0 = new Process(t0);
        Process crashed = new Process(t0, null, crashing(p0.sandbox, false, calls));

        assertThat(crashed.charge().outcome()).isEqualTo("error");
        assertThat(rows()).extracting(PaymentRecord::status).containsExactly(PaymentRecord.Status.PENDING);
        assertThat(ledgerCharges()).isZero();

        Process soon = new Process(t0.plusSeconds(30));
        assertThat(soon.reconcile().stillPending()).as("maybe still in flight").isEqualTo(1);
        Process restarted = new Process(t0.plusSeconds(600));
        assertThat(restarted.reconcile().notCharged()).isEqualTo(1);
        assertThat(rows()).extracting(PaymentRecord::status).containsExactly(PaymentRecord.Status.NOT_CHARGED);

        assertThat(restarted.charge().outcome()).isEqualTo("approved");
        assertThat(restarted.charge().outcome()).isEqualTo("approved");
        assertThat(ledgerCharges()).isEqualTo(1);
        assertThat(rows()).extracting(PaymentRecord::status).containsExactly(PaymentRecord.Status.APPROVED);
        assertNoCardData();
    }

    @Test
    void crashAfterTheGatewayChargedIsRecordedAtRestartAndNeverChargedAgain() {
        AtomicInteger calls = new AtomicInteger();
        Process p0 = new Process(t0);
        Process crashed = new Process(t0, null, crashing(p0.sandbox, true, calls));

        assertThat(crashed.charge().outcome()).isEqualTo("error");
        assertThat(ledgerCharges()).as("the card was charged").isEqualTo(1);
        assertThat(rows())
                .as("and the row exists")
                .extracting(PaymentRecord::status)
                .containsExactly(PaymentRecord.Status.PENDING);

        Process restarted = new Process(t0.plusSeconds(5)); // a new sandbox instance: keys come from the database
        assertThat(restarted.reconcile().settled()).isEqualTo(1);
        PaymentRecord row = rows().get(0);
        assertThat(row.status()).isEqualTo(PaymentRecord.Status.APPROVED);
        assertThat(row.token()).startsWith("tok_sbx_");

        ActionResult again = restarted.charge();
        assertThat(again.outcome()).isEqualTo("approved");
        assertThat(again.vars().text("confirmation_code")).isEqualTo(row.confirmationCode());
        assertThat(restarted.sandbox.approvedCharges()).isZero();
        assertThat(ledgerCharges()).isEqualTo(1);
        assertNoCardData();
    }

    @Test
    void databaseDownAfterTheChargeTellsTheCallerTheTruthAndReconciliationRecordsIt() {
        Process p0 = new Process(t0);
        Process p = new Process(t0, failingAt(p0.payments, "settle"), p0.sandbox);

        ActionResult r = p.charge();

        assertThat(r.outcome())
                .as("the card was charged: saying 'error' would invite a second charge")
                .isEqualTo("approved");
        assertThat(rows()).extracting(PaymentRecord::status).containsExactly(PaymentRecord.Status.PENDING);
        assertThat(new Process(t0.plusSeconds(60)).reconcile().settled()).isEqualTo(1);
        assertThat(rows().get(0).confirmationCode()).isEqualTo(r.vars().text("confirmation_code"));
        assertThat(p.charge().outcome()).isEqualTo("approved");
        assertThat(ledgerCharges()).isEqualTo(1);
        assertNoCardData();
    }

    @Test
    void sandboxIdempotencyKeysSurviveARestart() {
        ChargeRequest req = new ChargeRequest(
                KEY,
                "1001",
                new BigDecimal("10.00"),
                "EUR",
                SensitiveValue.of(CARD),
                SensitiveValue.of(EXPIRY),
                SensitiveValue.of(CVV));
        ChargeResult first = TestEnv.await(new Process(t0).sandbox.charge(req));
        SandboxPaymentGateway restarted = new Process(t0).sandbox;

        assertThat(TestEnv.await(restarted.lookup(KEY))).contains(first);
        assertThat(TestEnv.await(restarted.charge(req))).isEqualTo(first);
        assertThat(TestEnv.await(restarted.lookup("other:1"))).isEmpty();
        assertThat(ledgerCharges()).isEqualTo(1);
        assertNoCardData();
    }

    private List<PaymentRecord> rows() {
        return TestEnv.await(new JdbcPayments(env.vertx, env.dataSource).forAccount("1001"));
    }

    private int ledgerCharges() {
        try (Connection c = env.dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ivr_sandbox_charge WHERE approved")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void assertNoCardData() {
        StringBuilder sb = new StringBuilder();
        try (Connection c = env.dataSource.getConnection();
                Statement st = c.createStatement()) {
            for (String table : List.of("ivr_payment", "ivr_sandbox_charge")) {
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
        assertThat(sb.toString())
                .doesNotContain(CARD)
                .doesNotContain("|" + CVV + "|")
                .doesNotContain(EXPIRY);
    }
}
