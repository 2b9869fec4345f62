package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The next-contact query, attempts, retries, callbacks, do-not-call and explanations, with an injected clock. */
class DialingTest {
    /** Monday 23 November 2026, 10:00 UTC: 11:00 in Madrid, 10:00 in London and the Canaries, 05:00 in New York. */
    static final Instant MONDAY_10Z = Instant.parse("2026-11-23T10:00:00Z");

    private Database db;
    private MutableClock clock;
    private Campaigns campaigns;
    private Campaign campaign;
    private Map<String, Contact> byPhone;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        clock = new MutableClock(Instant.parse("2026-11-23T06:00:00Z")); // the list is uploaded early
        campaigns = new Campaigns(db, clock);
        campaign = campaigns.createBlocking(Fixtures.spanishSpec());
        campaigns.addDoNotCallBlocking("600 000 001", "ES", "upload", null);
        byte[] csv = Fixtures.spanishWindows1252();
        campaigns.importContactsBlocking(
                campaign.id(), "visits.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        campaign = campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
        clock.set(MONDAY_10Z);
        byPhone = contacts().stream().collect(Collectors.toMap(Contact::phone, Function.identity()));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<Contact> contacts() {
        return db.executeBlocking(c -> CampaignRepository.contacts(c, campaign.id(), 0, 100));
    }

    private List<String> claimPhones(int n) {
        return campaigns.claimNextBlocking(campaign.id(), n, "dialer-1").stream()
                .map(c -> c.contact().phone())
                .toList();
    }

    private long id(String phone) {
        return byPhone.get(phone).id();
    }

    private void releaseAll(List<String> phones) {
        phones.forEach(p -> campaigns.releaseBlocking(id(p)));
    }

    @Test
    void nextContactQueryOnlyReturnsContactsInsideTheirLocalWindow() {
        clock.set(Instant.parse("2026-11-23T07:30:00Z")); // Madrid 08:30, London 07:30, New York 02:30
        assertThat(claimPhones(100)).isEmpty();

        clock.set(MONDAY_10Z);
        List<String> morning = claimPhones(100);
        assertThat(morning).hasSize(8).doesNotContain("+12125550123").contains("+442079460958", "+34928123456");

        clock.set(Instant.parse("2026-11-23T15:00:00Z")); // New York 10:00
        assertThat(claimPhones(100)).containsExactly("+12125550123");
    }

    @Test
    void contactWithSeveralPossibleZonesIsCalledOnlyWhenAllAreOpen() {
        // 08:30 UTC: Madrid 09:30 (open), Canaries 08:30 (closed) -> Spanish mobiles may be on the Canaries
        clock.set(Instant.parse("2026-11-23T08:30:00Z"));
        assertThat(claimPhones(100)).containsExactly("+34911234567");
        // 20:30 UTC: Madrid 21:30 (closed), Canaries and London 20:30 (open)
        clock.set(Instant.parse("2026-11-23T20:30:00Z"));
        assertThat(claimPhones(100)).containsExactlyInAnyOrder("+34928123456", "+442079460958", "+12125550123");
    }

    @Test
    void weekendsAndHolidaysAreClosed() {
        clock.set(Instant.parse("2026-11-28T12:00:00Z")); // Saturday
        assertThat(claimPhones(100)).isEmpty();

        campaign = campaigns.updateBlocking(
                campaign.id(),
                campaign.spec()
                        .withWindows(campaign.spec().windows().withHolidays(Set.of(LocalDate.of(2026, 11, 23)))));
        clock.set(MONDAY_10Z);
        assertThat(claimPhones(100)).isEmpty();
        Dialability d = campaigns.explainBlocking(id("+34911234567"));
        assertThat(d.dialable()).isFalse();
        assertThat(d.reasons()).extracting(Dialability.Reason::code).containsExactly(Dialability.Code.HOLIDAY);
        assertThat(d.nextEligibleAt()).isEqualTo(Instant.parse("2026-11-24T08:00:00Z")); // Tuesday 09:00 Madrid
    }

    @Test
    void aContactIsNeverClaimedTwice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<ClaimedContact>>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String owner = "dialer-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return campaigns.claimNextBlocking(campaign.id(), 6, owner);
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<ClaimedContact>> f : results) {
                f.get().forEach(c -> all.add(c.contact().id()));
            }
            campaigns
                    .claimNextBlocking(campaign.id(), 100, "dialer-3")
                    .forEach(c -> all.add(c.contact().id()));
            assertThat(all).doesNotHaveDuplicates().hasSize(8);
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimPhones(100)).isEmpty();
    }

    @Test
    void callbacksComeFirstThenFreshThenRetries() {
        List<String> first = claimPhones(2);
        String busy = first.get(0);
        String promised = first.get(1);
        Attempt a = campaigns.openAttemptBlocking(id(busy), "call-1", null);
        Attempt b = campaigns.openAttemptBlocking(id(promised), "call-2", "ana");
        campaigns.closeAttemptBlocking(a.id(), Outcome.BUSY, null, Duration.ofSeconds(20));
        // during the call the customer asks to be called back at 10:30 by the same agent
        campaigns.scheduleCallbackBlocking(
                id(promised), Instant.parse("2026-11-23T10:30:00Z"), "ana", "prefers after 10:30", "ana");
        campaigns.closeAttemptBlocking(b.id(), Outcome.ANSWERED_HUMAN, "ana", Duration.ofSeconds(95));

        clock.set(Instant.parse("2026-11-23T10:14:59Z"));
        assertThat(claimPhones(100)).hasSize(6).doesNotContain(busy, promised);
        contacts().stream()
                .filter(c -> c.state() == ContactState.CLAIMED)
                .forEach(c -> campaigns.releaseBlocking(c.id()));

        clock.set(Instant.parse("2026-11-23T10:30:00Z"));
        List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaign.id(), 100, "dialer-1");
        assertThat(claimed)
                .extracting(c -> c.contact().phone())
                .hasSize(8)
                .startsWith(promised)
                .endsWith(busy);
        assertThat(claimed.get(0).reason()).isEqualTo(ClaimedContact.Kind.CALLBACK);
        assertThat(claimed.get(0).contact().callbackAgent()).isEqualTo("ana");
        assertThat(claimed.get(1).reason()).isEqualTo(ClaimedContact.Kind.FRESH);
        assertThat(claimed.get(7).reason()).isEqualTo(ClaimedContact.Kind.RETRY);
    }

    @Test
    void callbackIsDueExactlyAtItsTimeNotBefore() {
        long contact = id("+34911234567");
        campaigns.scheduleCallbackBlocking(contact, Instant.parse("2026-11-23T12:00:00Z"), null, null, "ana");

        clock.set(Instant.parse("2026-11-23T11:59:59Z"));
        assertThat(claimPhones(100)).hasSize(7).doesNotContain("+34911234567");
        Dialability d = campaigns.explainBlocking(contact);
        assertThat(d.reasons()).extracting(Dialability.Reason::code).containsExactly(Dialability.Code.CALLBACK_PENDING);
        assertThat(d.reasons().get(0).message()).contains("Mon 2026-11-23 13:00 Europe/Madrid");

        clock.set(Instant.parse("2026-11-23T12:00:00Z"));
        List<ClaimedContact> due = campaigns.claimNextBlocking(campaign.id(), 100, "d");
        assertThat(due).hasSize(1);
        assertThat(due.get(0).reason()).isEqualTo(ClaimedContact.Kind.CALLBACK);
    }

    @Test
    void callbackOutsideTheContactsWindowIsRefusedWithTheNextOpening() {
        assertThatThrownBy(() -> campaigns.scheduleCallbackBlocking(
                        id("+12125550123"), Instant.parse("2026-11-23T12:00:00Z"), null, null, "ana"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("07:00 America/New_York")
                .hasMessageContaining("next opening is Mon 2026-11-23 09:00 America/New_York");
    }

    @Test
    void retryDelaysFollowTheRulesUntilTheAttemptLimit() {
        long contact = id("+34911234567");
        campaign = campaigns.updateBlocking(
                campaign.id(),
                campaign.spec()
                        .withRetryRules(
                                RetryRules.defaults().with(Outcome.NO_ANSWER, new RetryRule(Duration.ofHours(2), 2))));
        Contact ct = campaigns.claimContactBlocking(contact, "preview");
        Attempt a1 = campaigns.openAttemptBlocking(ct.id(), "c1", null);
        clock.advance(Duration.ofSeconds(30));
        campaigns.closeAttemptBlocking(a1.id(), Outcome.NO_ANSWER, null, Duration.ofSeconds(30));

        Contact after1 = campaigns.contactBlocking(contact);
        assertThat(after1.state()).isEqualTo(ContactState.READY);
        assertThat(after1.priority()).isEqualTo(2);
        assertThat(after1.attempts()).isEqualTo(1);
        assertThat(after1.nextDueAt()).isEqualTo(Instant.parse("2026-11-23T12:00:30Z"));
        Dialability d = campaigns.explainBlocking(contact);
        assertThat(d.reasons()).extracting(Dialability.Reason::code).containsExactly(Dialability.Code.RETRY_DELAY);
        assertThat(d.nextEligibleAt()).isEqualTo(Instant.parse("2026-11-23T12:00:30Z"));

        clock.set(Instant.parse("2026-11-23T12:00:30Z"));
        Attempt a2 = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(contact, "preview").id(), "c2", null);
        campaigns.closeAttemptBlocking(a2.id(), Outcome.NO_ANSWER, null, Duration.ofSeconds(30));

        Contact after2 = campaigns.contactBlocking(contact);
        assertThat(after2.state()).isEqualTo(ContactState.DONE);
        assertThat(after2.doneReason()).isEqualTo("max-attempts");
        Dialability limit = campaigns.explainBlocking(contact);
        assertThat(limit.reasons())
                .extracting(Dialability.Reason::code)
                .containsExactly(Dialability.Code.ATTEMPT_LIMIT);
        assertThat(limit.reasons().get(0).message()).contains("2 attempts").contains("no-answer");
    }

    @Test
    void abandonedCallIsNotRecalledFor72Hours() {
        long contact = id("+34911234567");
        Attempt a = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(contact, "d").id(), "c1", null);
        campaigns.closeAttemptBlocking(a.id(), Outcome.ABANDONED, null, Duration.ofSeconds(4));

        assertThat(campaigns.contactBlocking(contact).nextDueAt()).isEqualTo(MONDAY_10Z.plus(Duration.ofHours(72)));
        clock.set(MONDAY_10Z.plus(Duration.ofHours(72)).minusSeconds(1));
        assertThat(claimPhones(100)).doesNotContain("+34911234567");
        clock.set(MONDAY_10Z.plus(Duration.ofHours(72)));
        assertThat(claimPhones(100)).contains("+34911234567");
    }

    @Test
    void completedAndAnsweredContactsAreDone() {
        long c1 = id("+34911234567");
        long c2 = id("+34928123456");
        Attempt a = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(c1, "d").id(), "x", "ana");
        Attempt b = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(c2, "d").id(), "y", "ana");
        campaigns.closeAttemptBlocking(a.id(), Outcome.COMPLETED, "ana", Duration.ofSeconds(120));
        campaigns.closeAttemptBlocking(b.id(), Outcome.ANSWERED_HUMAN, "ana", Duration.ofSeconds(60));

        assertThat(campaigns.contactBlocking(c1).doneReason()).isEqualTo("completed");
        assertThat(campaigns.contactBlocking(c2).doneReason()).isEqualTo("answered");
        assertThat(campaigns.explainBlocking(c1).reasons())
                .extracting(Dialability.Reason::code)
                .containsExactly(Dialability.Code.COMPLETED);
        assertThat(campaigns.attemptsBlocking(c1)).singleElement().satisfies(at -> {
            assertThat(at.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(at.duration()).isEqualTo(Duration.ofSeconds(120));
            assertThat(at.agent()).isEqualTo("ana");
        });
    }

    @Test
    void openAttemptAfterRestartIsReconciledNotRedialed() {
        long contact = id("+34911234567");
        List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaign.id(), 2, "dialer-1");
        Attempt open = campaigns.openAttemptBlocking(claimed.get(0).contact().id(), "SIP/trunk-0001", null);
        long undialed = claimed.get(1).contact().id();

        // "restart": a new service over the same database
        Campaigns restarted = new Campaigns(db, clock);
        assertThat(restarted.openAttemptsBlocking(campaign.id()))
                .extracting(Attempt::id)
                .containsExactly(open.id());
        assertThat(restarted.claimNextBlocking(campaign.id(), 100, "dialer-1"))
                .extracting(c -> c.contact().id())
                .doesNotContain(open.contactId(), undialed);
        assertThat(restarted.explainBlocking(open.contactId()).reasons())
                .extracting(Dialability.Reason::code)
                .containsExactly(Dialability.Code.IN_PROGRESS);
        assertThatThrownBy(() -> restarted.releaseBlocking(open.contactId()))
                .isInstanceOf(CampaignsException.InvalidState.class);
        int released = db.executeBlocking(c -> Dialing.releaseUndialedClaims(c, campaign.id()));
        assertThat(released).as("the other claimed, never dialed contacts").isEqualTo(7);
        assertThat(restarted.contactBlocking(undialed).state()).isEqualTo(ContactState.READY);

        Attempt reconciled = restarted.reconcileBlocking(open.id(), Outcome.FAILED);
        assertThat(reconciled.reconciled()).isTrue();
        assertThat(reconciled.outcome()).isEqualTo(Outcome.FAILED);
        Contact after = restarted.contactBlocking(open.contactId());
        assertThat(after.state()).isEqualTo(ContactState.READY);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.nextDueAt()).isEqualTo(MONDAY_10Z.plus(Duration.ofMinutes(30)));
        assertThat(restarted.openAttemptsBlocking(campaign.id())).isEmpty();
        assertThat(contact).isPositive();
    }

    @Test
    void doNotCallTakesEffectAtOnceAndCanBeUndone() {
        long contact = id("+34911234567");
        assertThat(campaigns.markDoNotCallBlocking(contact, "agent")).isTrue();

        assertThat(claimPhones(100)).hasSize(7).doesNotContain("+34911234567");
        Dialability d = campaigns.explainBlocking(contact);
        assertThat(d.reasons()).extracting(Dialability.Reason::code).containsExactly(Dialability.Code.DO_NOT_CALL);
        assertThat(d.reasons().get(0).message()).contains("added by agent");
        assertThatThrownBy(() ->
                        campaigns.scheduleCallbackBlocking(contact, MONDAY_10Z.plusSeconds(3600), null, null, "x"))
                .isInstanceOf(CampaignsException.InvalidState.class);

        assertThat(campaigns.removeDoNotCallBlocking("91 123 45 67", "ES")).isTrue();
        assertThat(campaigns.contactBlocking(contact).state()).isEqualTo(ContactState.READY);
        assertThat(claimPhones(100)).containsExactly("+34911234567");
    }

    @Test
    void dncAddedDuringACallStopsTheRetry() {
        long contact = id("+34911234567");
        Attempt a = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(contact, "d").id(), "x", null);
        campaigns.addDoNotCallBlocking("+34 911 23 45 67", null, "ivr-opt-out", "pressed 9 in abandon message");
        campaigns.closeAttemptBlocking(a.id(), Outcome.ABANDONED, null, Duration.ofSeconds(3));

        assertThat(campaigns.contactBlocking(contact).state()).isEqualTo(ContactState.DNC);
    }

    @Test
    void attemptBridgedToAnAgentAndReconciledAfterARestartIsAnsweredNotRetried() {
        long contact = id("+34911234567");
        Attempt a = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(contact, "d").id(), "x", null);
        Attempt live = campaigns.recordProgressBlocking(a.id(), Outcome.ANSWERED_HUMAN, "ana");
        assertThat(live.open()).isTrue();
        assertThat(live.agent()).isEqualTo("ana");

        // restart: the channel is gone, the reconciler only knows "no live call"
        Attempt settled = new Campaigns(db, clock).reconcileBlocking(a.id(), Outcome.FAILED);
        assertThat(settled.outcome()).isEqualTo(Outcome.ANSWERED_HUMAN);
        assertThat(settled.agent()).isEqualTo("ana");
        Contact after = campaigns.contactBlocking(contact);
        assertThat(after.state()).isEqualTo(ContactState.DONE);
        assertThat(claimPhones(100)).doesNotContain("+34911234567");
    }

    @Test
    void contactWhoseSurveyWasSavedCompleteIsDoneWhateverTheCloseSays() {
        long byAnswers = id("+34911234567");
        long byOutcome = id("+34928123456");
        Attempt a = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(byAnswers, "d").id(), "x", null);
        Attempt b = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(byOutcome, "d").id(), "y", null);
        campaigns.saveAnswersBlocking(new AnswerSet(byAnswers, a.id(), "ana", completeAnswers(), "completed"));
        campaigns.recordProgressBlocking(b.id(), Outcome.COMPLETED, "luis");

        campaigns.reconcileBlocking(a.id(), Outcome.FAILED);
        campaigns.reconcileBlocking(b.id(), Outcome.ABANDONED);

        assertThat(campaigns.contactBlocking(byAnswers).state()).isEqualTo(ContactState.DONE);
        assertThat(campaigns.contactBlocking(byAnswers).doneReason()).isEqualTo("completed");
        assertThat(campaigns.attemptsBlocking(byOutcome).get(0).outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(campaigns.contactBlocking(byOutcome).state()).isEqualTo(ContactState.DONE);
    }

    private Map<String, String> completeAnswers() {
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        for (Question q : campaign.survey().questions()) {
            answers.put(
                    q.id(),
                    switch (q.type()) {
                        case CSAT -> "5";
                        case NPS -> "10";
                        case YES_NO -> "yes";
                        case SINGLE_CHOICE -> q.choices().get(0);
                        default -> "ok";
                    });
        }
        return answers;
    }

    @Test
    void claimedContactWhoseNumberWentOnTheListIsRefusedAtDialTimeAndReleasedAsDnc() {
        long contact = id("+34911234567");
        campaigns.claimContactBlocking(contact, "d");
        campaigns.addDoNotCallBlocking("+34 911 23 45 67", null, "agent", "asked on another campaign");

        assertThatThrownBy(() -> campaigns.openAttemptBlocking(contact, "x", null))
                .isInstanceOf(CampaignsException.DoNotCall.class);
        assertThat(campaigns.attemptsBlocking(contact)).isEmpty();
        assertThat(campaigns.contactBlocking(contact).attempts()).isZero();
        campaigns.releaseBlocking(contact);
        assertThat(campaigns.contactBlocking(contact).state()).isEqualTo(ContactState.DNC);
    }

    @Test
    void removingANumberFromDncNeverRevivesAFinishedContact() {
        long done = id("+34911234567");
        long retry = id("+34928123456");
        Attempt a = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(done, "d").id(), "x", "ana");
        Attempt b = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(retry, "d").id(), "y", null);
        long answered = id("+34612345679");
        Attempt talk = campaigns.openAttemptBlocking(
                campaigns.claimContactBlocking(answered, "d").id(), "z", "luis");
        campaigns.addDoNotCallBlocking("+34911234567", null, "agent", null);
        campaigns.addDoNotCallBlocking("+34928123456", null, "agent", null);
        campaigns.addDoNotCallBlocking("+34612345679", null, "agent", "opted out during the call");
        campaigns.closeAttemptBlocking(a.id(), Outcome.COMPLETED, "ana", Duration.ofSeconds(90));
        campaigns.closeAttemptBlocking(b.id(), Outcome.NO_ANSWER, null, Duration.ofSeconds(25));
        campaigns.closeAttemptBlocking(talk.id(), Outcome.ANSWERED_HUMAN, "luis", Duration.ofSeconds(40));
        assertThat(campaigns.contactBlocking(done).state()).isEqualTo(ContactState.DONE);
        assertThat(campaigns.contactBlocking(retry).state()).isEqualTo(ContactState.DNC);
        assertThat(campaigns.contactBlocking(answered).state()).isEqualTo(ContactState.DNC);

        campaigns.removeDoNotCallBlocking("+34911234567", null);
        campaigns.removeDoNotCallBlocking("+34928123456", null);
        campaigns.removeDoNotCallBlocking("+34612345679", null);
        assertThat(campaigns.contactBlocking(done).state()).isEqualTo(ContactState.DONE);
        assertThat(campaigns.contactBlocking(retry).state()).isEqualTo(ContactState.READY);
        assertThat(campaigns.contactBlocking(answered).state()).isEqualTo(ContactState.DONE);
        assertThat(campaigns.contactBlocking(answered).doneReason()).isEqualTo("answered");

        // a row an earlier version marked DNC after a completed survey
        db.transactionBlocking(c -> {
            try (var ps = c.prepareStatement("UPDATE contacts SET state = 'DNC', done_reason = NULL WHERE id = ?")) {
                ps.setLong(1, done);
                ps.executeUpdate();
            }
            return null;
        });
        campaigns.addDoNotCallBlocking("+34911234567", null, "agent", null);
        campaigns.removeDoNotCallBlocking("+34911234567", null);
        assertThat(campaigns.contactBlocking(done).state()).isEqualTo(ContactState.DONE);
        assertThat(campaigns.contactBlocking(done).doneReason()).isEqualTo("completed");
    }

    @Test
    void pausedListsAndCampaignsExplainThemselves() {
        long contact = id("+34911234567");
        Contact ct = campaigns.contactBlocking(contact);
        campaigns.database().executeBlocking(c -> {
            CampaignRepository.setListStatus(c, ct.listId(), true);
            return null;
        });
        assertThat(claimPhones(100)).isEmpty();
        assertThat(campaigns.explainBlocking(contact).reasons())
                .extracting(Dialability.Reason::code)
                .containsExactly(Dialability.Code.LIST_PAUSED);

        campaigns.setStatusBlocking(campaign.id(), CampaignStatus.PAUSED);
        clock.set(Instant.parse("2026-11-23T22:00:00Z"));
        Dialability d = campaigns.explainBlocking(contact);
        assertThat(d.reasons())
                .extracting(Dialability.Reason::code)
                .containsExactly(
                        Dialability.Code.CAMPAIGN_NOT_RUNNING,
                        Dialability.Code.LIST_PAUSED,
                        Dialability.Code.OUTSIDE_WINDOW);
        assertThat(d.localTime()).isEqualTo("Mon 2026-11-23 23:00 Europe/Madrid");
    }

    @Test
    void dialableContactSaysSo() {
        Dialability d = campaigns.explainBlocking(id("+34911234567"));
        assertThat(d.dialable()).isTrue();
        assertThat(d.reasons()).isEmpty();
        assertThat(new HashSet<>(claimPhones(100))).contains("+34911234567");
    }

    @Test
    void listLeftHalfImportedByACrashIsNeverDialedAndIsRemovedAtStartup() {
        long contact = id("+34911234567");
        long listId = campaigns.contactBlocking(contact).listId();
        // a crash between the chunk commits and the final switch leaves the list IMPORTING
        db.executeBlocking(c -> c.createStatement()
                .executeUpdate("UPDATE contact_lists SET status = 'IMPORTING' WHERE id = " + listId));

        assertThat(claimPhones(100)).isEmpty();
        assertThat(campaigns.explainBlocking(contact).reasons().get(0).message())
                .contains("still importing");
        assertThat(campaigns.resultsBlocking(campaign.id()).contacts()).isZero();

        assertThat(new Campaigns(db, clock).recoverInterruptedImportsBlocking()).isEqualTo(1);
        assertThat(contacts()).isEmpty();
    }
}
