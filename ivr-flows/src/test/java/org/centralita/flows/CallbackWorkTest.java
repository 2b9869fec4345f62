package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.centralita.flows.selfservice.CallbackTicket;
import org.centralita.flows.selfservice.JdbcCallbackRequests;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** After-hours callback requests reach people: listed, claimed by one person, released or closed. */
class CallbackWorkTest {

    final TestEnv env = new TestEnv();
    IvrFlows flows;

    @AfterEach
    void tearDown() {
        flows.stop();
        env.close();
    }

    long afterHoursRequest(String callerId, String uniqueId) {
        ScriptedAgiSession s = MainFlowTest.call(callerId, uniqueId, new SimulatedCaller(List.of("1", "1")));
        TestEnv.run(flows.handler("main"), s);
        return TestEnv.await(flows.openCallbacks()).stream()
                .filter(t -> t.request().callId().equals(uniqueId))
                .findFirst()
                .orElseThrow()
                .id();
    }

    @Test
    void anAfterHoursRequestIsListedClaimedByOnePersonAndClosedWithAnOutcome() {
        Path root = TestEnv.repoRoot();
        flows = env.start(env.builder(root.resolve("flows"), TestEnv.CLOSED).prompts(root.resolve("prompts")));
        long id = afterHoursRequest(MainFlowTest.MARIA, "1700008000.1");

        List<CallbackTicket> open = TestEnv.await(flows.openCallbacks());
        assertThat(open).hasSize(1);
        assertThat(open.get(0).status()).isEqualTo(CallbackTicket.Status.PENDING);
        assertThat(open.get(0).request().callerId()).isEqualTo(MainFlowTest.MARIA);
        assertThat(open.get(0).request().accountId()).isEqualTo("1001");

        CallbackTicket ana = TestEnv.await(flows.claimCallback(id, "ana"));
        assertThat(ana.status()).isEqualTo(CallbackTicket.Status.CLAIMED);
        assertThat(ana.claimedBy()).isEqualTo("ana");
        assertThat(flows.claimCallback(id, "bob").toCompletionStage().toCompletableFuture())
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .withMessageContaining("being handled by ana");

        CallbackTicket released = TestEnv.await(flows.releaseCallback(id, "ana", "no answer"));
        assertThat(released.status()).isEqualTo(CallbackTicket.Status.PENDING);
        assertThat(released.attempts()).isEqualTo(1);
        assertThat(released.note()).isEqualTo("no answer");

        TestEnv.await(flows.claimCallback(id, "bob"));
        CallbackTicket closed = TestEnv.await(flows.closeCallback(id, "bob", "called-back", "paid by phone"));
        assertThat(closed.status()).isEqualTo(CallbackTicket.Status.CLOSED);
        assertThat(closed.outcome()).isEqualTo("called-back");
        assertThat(closed.closedBy()).isEqualTo("bob");
        assertThat(closed.closedAt()).isEqualTo(TestEnv.CLOSED);
        assertThat(TestEnv.await(flows.openCallbacks())).isEmpty();
        assertThat(TestEnv.await(flows.callbacks().pending())).isEmpty();
        assertThat(flows.claimCallback(id, "ana").toCompletionStage().toCompletableFuture())
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .withMessageContaining("closed");
        assertThat(flows.closeCallback(id, "ana", "x", "").toCompletionStage().toCompletableFuture())
                .failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aClaimLeftForHalfAnHourCanBeTakenOver() {
        Path root = TestEnv.repoRoot();
        flows = env.start(env.builder(root.resolve("flows"), TestEnv.CLOSED).prompts(root.resolve("prompts")));
        long id = afterHoursRequest(MainFlowTest.MARIA, "1700008001.1");
        JdbcCallbackRequests store = new JdbcCallbackRequests(env.vertx, env.dataSource);
        Instant t = TestEnv.CLOSED;
        Duration timeout = IvrFlows.CALLBACK_CLAIM_TIMEOUT;

        TestEnv.await(store.claim(id, "ana", t, timeout));
        assertThat(store.claim(id, "bob", t.plus(Duration.ofMinutes(29)), timeout)
                        .toCompletionStage()
                        .toCompletableFuture())
                .failsWithin(Duration.ofSeconds(10));
        CallbackTicket taken = TestEnv.await(store.claim(id, "bob", t.plus(Duration.ofMinutes(31)), timeout));
        assertThat(taken.claimedBy()).isEqualTo("bob");
        assertThatThrownBy(() -> TestEnv.await(store.claim(999_999, "bob", t, timeout)))
                .hasMessageContaining("no callback request 999999");
    }
}
