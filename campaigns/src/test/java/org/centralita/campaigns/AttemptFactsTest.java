package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Facts the dialer writes on attempts as they happen, and the history a restarted dialer reads back. */
class AttemptFactsTest {
    static final Instant MONDAY_10Z = Instant.parse("2026-11-23T10:00:00Z");

    private Database db;

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void factsWrittenOneAtATimeSurviveTheOutcomeAndARestartReadsTheLedgerAndRecentAttemptsBack() {
        db = TestDatabases.h2();
        factsAndHistory(db);
    }

    @Test
    void aLedgerEntryNeedsItsTimeAndDurationsCannotBeNegative() {
        assertThatThrownBy(() -> new AttemptFacts(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        AttemptFacts.LedgerEntry.ABANDONED,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ledger entry");
        assertThatThrownBy(() -> AttemptFacts.none().withTalk(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("talkMillis");
        assertThatThrownBy(() -> AttemptFacts.none().withDial(AttemptFacts.DialResult.QUICK_FAIL, 900, MONDAY_10Z))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answeredAt");
        AttemptFacts merged = AttemptFacts.none()
                .withAmd(AttemptFacts.AmdVerdict.MACHINE, 3_000)
                .and(AttemptFacts.none().withLedger(AttemptFacts.LedgerEntry.HUMAN_CONNECTED, MONDAY_10Z))
                .and(AttemptFacts.none().withFalseMachine(true));
        assertThat(merged.amdVerdict()).isEqualTo(AttemptFacts.AmdVerdict.MACHINE);
        assertThat(merged.ledgerEntry()).isEqualTo(AttemptFacts.LedgerEntry.HUMAN_CONNECTED);
        assertThat(merged.falseMachine()).isTrue();
        assertThat(AttemptFacts.none().isEmpty()).isTrue();
        assertThat(AttemptFacts.none().withWrap(0).isEmpty()).isFalse();
    }

    /** The scenario, on any database (H2 here, PostgreSQL in {@link PostgresTest}). */
    static void factsAndHistory(Database db) {
        MutableClock clock = new MutableClock(MONDAY_10Z);
        Campaigns campaigns = new Campaigns(db, clock);
        Campaign campaign = campaigns.createBlocking(Fixtures.spanishSpec());
        byte[] csv = Fixtures.generated(4);
        campaigns.importContactsBlocking(
                campaign.id(), "facts.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
        List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaign.id(), 3, "dialer");
        assertThat(claimed).hasSize(3);

        // 40 days ago: an abandoned person (counted campaign-to-date only).
        clock.set(MONDAY_10Z.minus(Duration.ofDays(40)));
        Attempt old = campaigns.openAttemptBlocking(claimed.get(0).contact().id(), "c-old", null);
        campaigns.recordFactsBlocking(
                old.id(),
                AttemptFacts.none()
                        .withLedger(
                                AttemptFacts.LedgerEntry.ABANDONED,
                                clock.instant().plusSeconds(12)));
        campaigns.closeAttemptBlocking(old.id(), Outcome.ABANDONED, null, Duration.ZERO);

        // Now: a person bridged to ana; facts arrive one at a time, the last ones after the outcome.
        clock.set(MONDAY_10Z);
        Instant answered = MONDAY_10Z.plusSeconds(8);
        Attempt a = campaigns.openAttemptBlocking(claimed.get(1).contact().id(), "c-1", null);
        campaigns.recordFactsBlocking(
                a.id(), AttemptFacts.none().withDial(AttemptFacts.DialResult.ANSWERED, 8_000, answered));
        campaigns.recordFactsBlocking(a.id(), AttemptFacts.none().withAmd(AttemptFacts.AmdVerdict.HUMAN, 2_500));
        campaigns.recordFactsBlocking(
                a.id(),
                AttemptFacts.none()
                        .withConnectDelay(120)
                        .withLedger(AttemptFacts.LedgerEntry.HUMAN_CONNECTED, answered.plusMillis(2_620)));
        clock.set(MONDAY_10Z.plusSeconds(100));
        campaigns.recordFactsBlocking(a.id(), AttemptFacts.none().withTalk(89_000));
        campaigns.closeAttemptBlocking(a.id(), Outcome.COMPLETED, "ana", Duration.ofSeconds(89));
        campaigns.recordFactsBlocking(a.id(), AttemptFacts.none().withWrap(12_000));

        // A busy line.
        clock.set(MONDAY_10Z.plusSeconds(200));
        Attempt b = campaigns.openAttemptBlocking(claimed.get(2).contact().id(), "c-2", null);
        campaigns.recordFactsBlocking(
                b.id(), AttemptFacts.none().withDial(AttemptFacts.DialResult.QUICK_FAIL, 1_500, null));
        clock.set(MONDAY_10Z.plusSeconds(202));
        campaigns.closeAttemptBlocking(b.id(), Outcome.BUSY, null, Duration.ZERO);

        Attempt stored =
                campaigns.attemptsBlocking(claimed.get(1).contact().id()).get(0);
        assertThat(stored.outcome()).as("facts never change the outcome").isEqualTo(Outcome.COMPLETED);
        assertThat(stored.agent()).isEqualTo("ana");
        assertThat(stored.facts())
                .isEqualTo(new AttemptFacts(
                        AttemptFacts.DialResult.ANSWERED,
                        8_000L,
                        answered,
                        AttemptFacts.AmdVerdict.HUMAN,
                        2_500L,
                        null,
                        120L,
                        89_000L,
                        null,
                        12_000L,
                        AttemptFacts.LedgerEntry.HUMAN_CONNECTED,
                        answered.plusMillis(2_620)));

        clock.set(MONDAY_10Z.plusSeconds(300));
        AttemptHistory h = campaigns.dialerHistoryBlocking(
                campaign.id(), MONDAY_10Z.minus(Duration.ofDays(30)), Duration.ofDays(7), 1_000);
        assertThat(h.olderLedger()).isEqualTo(Map.of(AttemptFacts.LedgerEntry.ABANDONED, 1L));
        assertThat(h.ledger())
                .containsExactly(new AttemptHistory.LedgerMark(
                        AttemptFacts.LedgerEntry.HUMAN_CONNECTED, answered.plusMillis(2_620)));
        assertThat(h.recent())
                .as("closed within 7 days, oldest first")
                .extracting(Attempt::id)
                .containsExactly(a.id(), b.id());
        assertThat(h.recent().get(1).facts().dialResult()).isEqualTo(AttemptFacts.DialResult.QUICK_FAIL);

        AttemptHistory latest = campaigns.dialerHistoryBlocking(
                campaign.id(), MONDAY_10Z.minus(Duration.ofDays(30)), Duration.ofDays(7), 1);
        assertThat(latest.recent()).extracting(Attempt::id).containsExactly(b.id());

        assertThatThrownBy(() -> campaigns.recordFactsBlocking(
                        999_999, AttemptFacts.none().withWrap(1)))
                .isInstanceOf(CampaignsException.NotFound.class);
    }
}
