package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.AttemptFacts;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.Outcome;
import org.centralita.dialer.AbandonLedger;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.CampaignStatistics;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart (a new runtime on the same database) keeps the campaign's abandonment ledger and learned statistics: the
 * runtime stores what the dialer learns with each attempt and replays it at start.
 */
@ExtendWith(VertxExtension.class)
class DialerRuntimeRestartTest {

    private static final String ANA = "+34612345678";
    private static final String LUIS = "+34612345679";
    private static final String EVA = "+34612345680";

    @TempDir
    Path dir;

    /** What the dialer has learned, copied on its context. */
    private record Learned(
            double answeredRate,
            double needAgentShare,
            long ringCount,
            double ringMean,
            long talkCount,
            double talkMean,
            long wrapCount,
            double wrapMean,
            long amdCount,
            double amdMean,
            double[] needByHour) {

        static Learned of(CampaignStatistics s) {
            double[] byHour = new double[24];
            for (int h = 0; h < 24; h++) {
                byHour[h] = s.needRateByHour(h);
            }
            return new Learned(
                    s.answeredRate(),
                    s.needAgentShare(),
                    s.ring.observations(),
                    s.ring.mean(),
                    s.talk.observations(),
                    s.talk.mean(),
                    s.wrap.observations(),
                    s.wrap.mean(),
                    s.amd.observations(),
                    s.amd.mean(),
                    byHour);
        }
    }

    @Test
    void aNewRuntimeOnTheSameDatabaseKeepsTheAbandonmentLedgerAndTheLearnedStatistics(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(
                vertx, dir, ANA + ";Ana López;router", LUIS + ";Luis Gil;router", EVA + ";Eva Sanz;router")) {
            h.ami.onOriginate("Local/" + ANA + "@customer-sim", FakeAsteriskAmi.Outcome.ANSWERED_BY_HUMAN);
            h.ami.onOriginate("Local/" + LUIS + "@customer-sim", FakeAsteriskAmi.Outcome.ANSWERED);
            h.ami.onOriginate("Local/" + EVA + "@customer-sim", FakeAsteriskAmi.Outcome.ANSWERED_BY_MACHINE);
            DialerRuntime first = h.runtime(Duration.ofMillis(300), 1);
            Learned priors = first.read(d -> Learned.of(d.statistics())).await().orElse(null);
            assertThat(priors).as("not started yet").isNull();
            first.start().await();
            Learned fresh = first.read(d -> Learned.of(d.statistics())).await().orElseThrow();
            String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
            first.login("ana", agentChannel).await();

            // 1. A person (AMD human) talks to ana, who wraps up with a disposition.
            assertThat(h.awaitOriginate(1).get("Channel")).isEqualTo("Local/" + ANA + "@customer-sim");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.ami.receivedActions("Bridge").size() == 1);
            h.ami.hangupFromNetwork(h.awaitCustomerChannel("Local/" + ANA + "@customer-sim"), 16);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> first.agent("ana").await().state() == AgentState.WRAP_UP);
            first.disposition("ana", new Disposition("completed", Map.of("csat", "4"), true, true))
                    .await();

            // 2. The only agent leaves before the next person answers: abandoned.
            assertThat(h.awaitOriginate(2).get("Channel")).isEqualTo("Local/" + LUIS + "@customer-sim");
            String luisCall = RuntimeHarness.variables(
                            h.ami.receivedActions("Originate").get(1))
                    .get(DialerRuntime.CALL_VARIABLE);
            first.pause("ana", "break").await();
            String luis = h.awaitCustomerChannel("Local/" + LUIS + "@customer-sim");
            h.dialerConnect(luis, luisCall, "HUMAN");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !h.ami.receivedActions("Redirect").isEmpty());
            h.ami.hangupFromNetwork(luis, 16);

            // 3. AMD says machine; ana, ready again, screens it and finds a person: a false machine, connected.
            first.ready("ana").await();
            assertThat(h.awaitOriginate(3).get("Channel")).isEqualTo("Local/" + EVA + "@customer-sim");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.ami.receivedActions("Bridge").size() == 2);
            h.ami.hangupFromNetwork(h.awaitCustomerChannel("Local/" + EVA + "@customer-sim"), 16);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> first.agent("ana").await().state() == AgentState.WRAP_UP);
            first.disposition("ana", new Disposition("completed", Map.of("csat", "3"), true, true))
                    .await();

            long now = first.nowMillis();
            AbandonLedger.Rates before = first.status().await().abandonment();
            Learned learned =
                    first.read(d -> Learned.of(d.statistics())).await().orElseThrow();
            assertThat(before.last24h().connected()).isEqualTo(2);
            assertThat(before.last24h().abandoned()).isEqualTo(1);
            assertThat(before.last24h().rawRate()).isCloseTo(1 / 3.0, within(1e-9));
            assertThat(learned.ringCount()).isEqualTo(fresh.ringCount() + 3);
            assertThat(learned.talkCount()).isEqualTo(fresh.talkCount() + 1);
            assertThat(learned.wrapCount()).isEqualTo(fresh.wrapCount() + 2);

            first.close().await();
            h.agi.shutdown(Duration.ZERO).await();

            Map<String, Attempt> byPhone = new java.util.HashMap<>();
            for (Contact c : h.contacts()) {
                List<Attempt> attempts = h.campaigns.attempts(c.id()).await();
                assertThat(attempts).hasSize(1);
                byPhone.put(c.phone(), attempts.get(0));
            }
            AttemptFacts person = byPhone.get(ANA).facts();
            assertThat(byPhone.get(ANA).outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(person.dialResult()).isEqualTo(AttemptFacts.DialResult.ANSWERED);
            assertThat(person.answeredAt()).isNotNull();
            assertThat(person.amdVerdict()).isEqualTo(AttemptFacts.AmdVerdict.HUMAN);
            assertThat(person.ledgerEntry()).isEqualTo(AttemptFacts.LedgerEntry.HUMAN_CONNECTED);
            assertThat(person.connectDelayMillis()).isZero();
            assertThat(person.talkMillis()).isNotNull();
            assertThat(person.wrapMillis()).isNotNull();
            assertThat(person.falseMachine()).isNull();
            AttemptFacts abandoned = byPhone.get(LUIS).facts();
            assertThat(byPhone.get(LUIS).outcome()).isEqualTo(Outcome.ABANDONED);
            assertThat(abandoned.ledgerEntry()).isEqualTo(AttemptFacts.LedgerEntry.ABANDONED);
            assertThat(abandoned.connectDelayMillis()).isNull();
            AttemptFacts falseMachine = byPhone.get(EVA).facts();
            assertThat(falseMachine.amdVerdict()).isEqualTo(AttemptFacts.AmdVerdict.MACHINE);
            assertThat(falseMachine.falseMachine()).isTrue();
            assertThat(falseMachine.ledgerEntry()).isEqualTo(AttemptFacts.LedgerEntry.HUMAN_CONNECTED);
            assertThat(falseMachine.talkMillis())
                    .as("screening time is not talk time")
                    .isNull();

            // The restart: a new runtime on the same database.
            DialerRuntime second = h.runtime(Duration.ofMillis(300), 1);
            second.start().await();
            AbandonLedger.Rates after = second.status().await().abandonment();
            assertThat(after).isEqualTo(before);
            assertThat(second.read(d -> d.ledger().rates(now)).await().orElseThrow())
                    .isEqualTo(before);
            Learned restored =
                    second.read(d -> Learned.of(d.statistics())).await().orElseThrow();
            assertThat(restored.ringCount()).isEqualTo(learned.ringCount());
            assertThat(restored.talkCount()).isEqualTo(learned.talkCount());
            assertThat(restored.wrapCount()).isEqualTo(learned.wrapCount());
            assertThat(restored.amdCount()).isEqualTo(learned.amdCount());
            assertThat(restored.answeredRate()).isCloseTo(learned.answeredRate(), within(1e-9));
            assertThat(restored.needAgentShare()).isCloseTo(learned.needAgentShare(), within(1e-9));
            assertThat(restored.ringMean()).isCloseTo(learned.ringMean(), within(1e-6));
            assertThat(restored.talkMean()).isCloseTo(learned.talkMean(), within(1e-6));
            assertThat(restored.wrapMean()).isCloseTo(learned.wrapMean(), within(1e-6));
            assertThat(restored.amdMean()).isCloseTo(learned.amdMean(), within(1e-6));
            assertThat(restored.needByHour()).containsExactly(learned.needByHour(), within(1e-9));
            assertThat(restored.needAgentShare())
                    .as("learned, not the priors")
                    .isNotCloseTo(fresh.needAgentShare(), within(1e-3));
        }
    }
}
