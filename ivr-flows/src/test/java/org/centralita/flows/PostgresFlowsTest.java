package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.centralita.flows.selfservice.CallbackRequest;
import org.centralita.flows.selfservice.PaymentRecord;
import org.centralita.flows.selfservice.PinCheck;
import org.centralita.flows.selfservice.PinPolicy;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The ivr-flows migrations and JDBC stores on a real PostgreSQL ({@code .ci/postgres.sh}), in a private schema
 * dropped afterwards; skipped unless {@code CENTRALITA_TEST_PG_URL} is set.
 */
@EnabledIfEnvironmentVariable(named = "CENTRALITA_TEST_PG_URL", matches = ".+")
class PostgresFlowsTest {

    private final String schema =
            "ivr_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private PGSimpleDataSource ds;
    private TestEnv env;
    private IvrFlows flows;

    @BeforeEach
    void setUp() {
        ds = new PGSimpleDataSource();
        ds.setURL(System.getenv("CENTRALITA_TEST_PG_URL"));
        ds.setUser(System.getenv("CENTRALITA_TEST_PG_USER"));
        ds.setPassword(System.getenv("CENTRALITA_TEST_PG_PASSWORD"));
        ds.setCurrentSchema(schema);
        Flyway.configure()
                .dataSource(ds)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration/ivr")
                .load()
                .migrate();
        env = new TestEnv(ds);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (flows != null) {
            flows.stop();
        }
        env.close();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private IvrFlows start(Instant now) {
        Path root = TestEnv.repoRoot();
        return env.start(env.builder(root.resolve("flows"), now).prompts(root.resolve("prompts")));
    }

    @Test
    void callerPaysOnPostgresAndARepeatedAttemptIsNotRecordedTwice() {
        flows = start(TestEnv.OPEN);
        for (int i = 0; i < 2; i++) {
            ScriptedAgiSession s = MainFlowTest.call(
                    MainFlowTest.MARIA, "1700009000.1", new SimulatedCaller(MainFlowTest.PAY_IN_FULL));
            assertThat(TestEnv.run(flows.handler("main"), s)).isEmpty();
        }

        List<PaymentRecord> paid = TestEnv.await(flows.payments().forAccount("1001"));
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).last4()).isEqualTo("1111");
        assertThat(paid.get(0).amount()).isEqualByComparingTo("123.45");
        assertThat(env.gateway.approvedCharges()).isEqualTo(1);
    }

    @Test
    void pinCheckAndCallbackRequestWorkOnPostgres() {
        flows = start(TestEnv.CLOSED);
        ScriptedAgiSession s =
                MainFlowTest.call(MainFlowTest.MARIA, "1700009001.1", new SimulatedCaller(List.of("1", "1")));

        TestEnv.run(flows.handler("main"), s);

        assertThat(TestEnv.await(flows.callbacks().pending()))
                .extracting(CallbackRequest::callerId)
                .containsExactly(MainFlowTest.MARIA);
        org.centralita.flows.selfservice.JdbcAccounts accounts =
                new org.centralita.flows.selfservice.JdbcAccounts(env.vertx, ds);
        PinPolicy two = new PinPolicy(2, java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(30));
        java.time.Instant t = TestEnv.OPEN;
        assertThat(TestEnv.await(accounts.verifyPin("1003", SensitiveValue.of("0000"), two, t)))
                .isEqualTo(PinCheck.INVALID);
        assertThat(TestEnv.await(accounts.verifyPin("1003", SensitiveValue.of("0000"), two, t)))
                .isEqualTo(PinCheck.LOCKED);
        assertThat(TestEnv.await(accounts.verifyPin("1003", SensitiveValue.of("2468"), two, t.plusSeconds(60))))
                .isEqualTo(PinCheck.LOCKED);
        assertThat(TestEnv.await(accounts.verifyPin("1003", SensitiveValue.of("2468"), two, t.plusSeconds(1860))))
                .isEqualTo(PinCheck.VERIFIED);
    }
}
