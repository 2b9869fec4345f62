package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.AttemptFacts;
import org.centralita.campaigns.AttemptHistory;
import org.centralita.campaigns.Outcome;
import org.centralita.dialer.AbandonLedger;
import org.centralita.dialer.CampaignStatistics.DialResult;
import org.centralita.dialer.Observation;
import org.junit.jupiter.api.Test;

/** What the core observes becomes attempt facts, and stored facts become the same observations again. */
class HistoryReplayTest {

    private static final long T = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    private static AttemptFacts stored(List<Observation> live) {
        AttemptFacts f = AttemptFacts.none();
        boolean machine = false;
        for (Observation o : live) {
            if (o instanceof Observation.Verdict v && v.amdUsed() && !v.needsAgent()) {
                machine = true;
            }
            f = f.and(HistoryReplay.facts(o, machine));
        }
        return f;
    }

    private static Attempt attempt(long id, AttemptFacts f) {
        Instant started = Instant.ofEpochMilli(T - 50);
        return new Attempt(id, 7, 1, started, started.plusSeconds(120), Outcome.COMPLETED, "ana", null, "c", false, f);
    }

    @Test
    void aPersonsCallIsReplayedAsTheSameDialVerdictTalkAndWrapWithItsLedgerEntryAtItsTime() {
        List<Observation> live = List.of(
                new Observation.Dialled(DialResult.ANSWERED, 8_000, T + 8_000),
                new Observation.Verdict(true, 2_500, true, T + 10_500),
                new Observation.Ledger(AbandonLedger.Entry.HUMAN_CONNECTED, T + 10_500),
                new Observation.Talk(90_000, T + 100_500),
                new Observation.Wrap(12_000, T + 112_500));
        AttemptFacts f = stored(live);
        assertThat(f.answeredAt()).isEqualTo(Instant.ofEpochMilli(T + 8_000));
        assertThat(f.amdVerdict()).isEqualTo(AttemptFacts.AmdVerdict.HUMAN);
        assertThat(f.falseMachine()).isNull();

        AttemptHistory h = new AttemptHistory(
                Instant.ofEpochMilli(T - 1),
                Map.of(AttemptFacts.LedgerEntry.ABANDONED, 4L),
                List.of(new AttemptHistory.LedgerMark(f.ledgerEntry(), f.ledgerAt())),
                List.of(attempt(1, f)));

        assertThat(HistoryReplay.olderLedger(h)).isEqualTo(Map.of(AbandonLedger.Entry.ABANDONED, 4L));
        assertThat(HistoryReplay.observations(h)).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void aScreenedMachineVerdictThatWasAPersonIsStoredAsAFalseMachineAndNotReplayedAsTalk() {
        List<Observation> live = List.of(
                new Observation.Dialled(DialResult.ANSWERED, 5_000, T + 5_000),
                new Observation.Verdict(false, 3_000, true, T + 8_000),
                new Observation.Ledger(AbandonLedger.Entry.HUMAN_CONNECTED, T + 60_000));
        AttemptFacts f = stored(live);
        assertThat(f.amdVerdict()).isEqualTo(AttemptFacts.AmdVerdict.MACHINE);
        assertThat(f.falseMachine()).isTrue();
        assertThat(f.talkMillis()).isNull();

        List<Observation> screenedMachine = List.of(
                new Observation.Dialled(DialResult.ANSWERED, 5_000, T + 5_000),
                new Observation.Verdict(false, 3_000, true, T + 8_000),
                new Observation.Screen(4_000, T + 12_000));
        assertThat(stored(screenedMachine).falseMachine()).isFalse();
        assertThat(HistoryReplay.observations(new AttemptHistory(
                        Instant.ofEpochMilli(T), Map.of(), List.of(), List.of(attempt(2, stored(screenedMachine))))))
                .containsExactlyElementsOf(screenedMachine);
    }

    @Test
    void busyLinesAndAttemptsWithoutFactsAreReplayedAsTheyHappenedOrNotAtAll() {
        AttemptFacts busy = stored(List.of(new Observation.Dialled(DialResult.QUICK_FAIL, 1_500, T + 1_450)));
        assertThat(busy.answeredAt()).isNull();
        AttemptHistory h = new AttemptHistory(
                Instant.ofEpochMilli(T),
                Map.of(),
                List.of(),
                List.of(attempt(3, busy), attempt(4, AttemptFacts.none())));
        assertThat(HistoryReplay.observations(h))
                .as("timed from the attempt's start; an attempt without facts is skipped")
                .containsExactly(new Observation.Dialled(DialResult.QUICK_FAIL, 1_500, T + 1_450));
    }
}
