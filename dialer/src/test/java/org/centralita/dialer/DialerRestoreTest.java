package org.centralita.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.centralita.dialer.AbandonLedger.Entry;
import org.centralita.gateway.call.CallOutcome;
import org.centralita.gateway.call.OriginateResult;
import org.junit.jupiter.api.Test;

/** A restart rebuilds the abandonment ledger and the learned statistics from stored facts, in the pure core. */
class DialerRestoreTest {

    private static final long MINUTE = 60_000;
    private static final long DAY = 24 * 60 * MINUTE;
    /** Monday 23 November 2026 00:00 UTC. */
    private static final long T0 = 1_795_392_000_000L;

    private final AtomicInteger next = new AtomicInteger();
    private final LeadSource leads =
            now -> Optional.of(new Contact("k" + next.incrementAndGet(), "+3460000" + next.get(), null));

    private CampaignDialer dialer(DialMode mode) {
        CampaignSettings s = CampaignSettings.defaults("camp", mode)
                .withCalling(Duration.ofSeconds(25), Duration.ofSeconds(2), 0.03, true, 0.03);
        return new CampaignDialer(s, leads, CampaignStatistics.Priors.defaults());
    }

    private record Recorded(Entry entry, long at) {}

    /** 40 days of answered calls, a few an hour, with abandons and machine verdicts. */
    private static List<Recorded> fortyDays() {
        Random rnd = new Random(7);
        List<Recorded> out = new ArrayList<>();
        for (long t = T0; t < T0 + 40 * DAY; t += 5 * MINUTE + rnd.nextInt(20 * 60_000)) {
            double u = rnd.nextDouble();
            Entry e = u < 0.05
                    ? Entry.ABANDONED
                    : u < 0.25 ? Entry.AMD_MACHINE : u < 0.27 ? Entry.FALSE_MACHINE : Entry.HUMAN_CONNECTED;
            out.add(new Recorded(e, t));
        }
        return out;
    }

    private static AbandonLedger rebuilt(List<Recorded> stored, long now) {
        // What the runtime does: one aggregate for what the rolling windows no longer hold, each newer entry replayed.
        AbandonLedger ledger = new AbandonLedger(0.03);
        Map<Entry, Long> older = new EnumMap<>(Entry.class);
        for (Recorded r : stored) {
            if (r.at() < now - 30 * DAY) {
                older.merge(r.entry(), 1L, Long::sum);
            }
        }
        older.forEach(ledger::addToDate);
        for (Recorded r : stored) {
            if (r.at() >= now - 30 * DAY) {
                ledger.record(r.entry(), r.at());
            }
        }
        return ledger;
    }

    @Test
    void ledgerRebuiltFromStoredEntriesGivesTheSameRatesInEveryWindowAsTheOneThatRecordedThemLive() {
        List<Recorded> stored = fortyDays();
        AbandonLedger live = new AbandonLedger(0.03);
        stored.forEach(r -> live.record(r.entry(), r.at()));
        long restart = stored.get(stored.size() - 1).at() + 7 * MINUTE;

        AbandonLedger restored = rebuilt(stored, restart);

        // The windows only move forward: look at the restart first.
        AbandonLedger.Rates r = restored.rates(restart);
        assertThat(r.toDate().humans())
                .as("campaign to date counts all 40 days")
                .isGreaterThan(r.last30d().humans());
        assertThat(r.last30d().humans()).isGreaterThan(r.last24h().humans());
        assertThat(r.last24h().rawRate()).isPositive();
        assertThat(r.last30d().adjustedRate()).isGreaterThan(r.last30d().rawRate());
        for (long later : new long[] {0, MINUTE, 3 * 3_600_000, DAY, 10 * DAY, 31 * DAY}) {
            AbandonLedger.Rates a = live.rates(restart + later);
            AbandonLedger.Rates b = restored.rates(restart + later);
            assertThat(b).as("%d ms after the restart", later).isEqualTo(a);
        }
    }

    @Test
    void restoredEntriesLeaveThe24HourAnd30DayWindowsExactlyWhenTheyAgeOutButStayInTheCampaignToDate() {
        long abandonAt = T0 + 10 * MINUTE; // on a minute boundary
        List<Recorded> stored =
                List.of(new Recorded(Entry.HUMAN_CONNECTED, T0), new Recorded(Entry.ABANDONED, abandonAt));
        AbandonLedger ledger = rebuilt(stored, abandonAt + 3_600_000);

        assertThat(ledger.rates(abandonAt + DAY - 1).last24h().abandoned()).isEqualTo(1);
        assertThat(ledger.rates(abandonAt + DAY).last24h().abandoned()).isZero();
        assertThat(ledger.rates(abandonAt + DAY).last30d().abandoned()).isEqualTo(1);
        assertThat(ledger.rates(abandonAt + 30 * DAY - 1).last30d().abandoned()).isEqualTo(1);
        assertThat(ledger.rates(abandonAt + 30 * DAY).last30d().abandoned()).isZero();
        assertThat(ledger.rates(abandonAt + 30 * DAY).toDate().abandoned()).isEqualTo(1);
        assertThat(ledger.rates(abandonAt + 30 * DAY).toDate().rawRate()).isEqualTo(0.5);

        AbandonLedger afterAMonth = rebuilt(stored, abandonAt + 30 * DAY);
        assertThat(afterAMonth.rates(abandonAt + 30 * DAY)).isEqualTo(ledger.rates(abandonAt + 30 * DAY));
    }

    @Test
    void dialerRestoredFromTheObservationsAnotherReportedHasTheSameLedgerAndStatistics() {
        CampaignDialer live = dialer(new DialMode.Ratio(3.0));
        live.reportObservations(true);
        List<DialerAction> all = new ArrayList<>();
        all.addAll(live.agentLogin("ana", "PJSIP/ana", T0));
        List<DialerAction> started = live.start(T0);
        all.addAll(started);
        List<DialerAction.Originate> calls = started.stream()
                .filter(DialerAction.Originate.class::isInstance)
                .map(DialerAction.Originate.class::cast)
                .toList();
        assertThat(calls).hasSize(3);
        for (int i = 0; i < 3; i++) {
            String id = calls.get(i).callId();
            all.addAll(live.originated(
                    id, new OriginateResult(id, CallOutcome.ANSWERED, "SIP/c-" + i, "u" + i, 4), T0 + 6_000 + i * 900));
        }
        all.addAll(live.amdDetected("SIP/c-0", true, T0 + 9_000)); // bridged to ana
        all.addAll(live.amdDetected("SIP/c-1", true, T0 + 9_500)); // waits, then abandoned
        all.addAll(live.amdDetected("SIP/c-2", false, T0 + 10_000)); // waits to be screened, then hung up
        all.addAll(live.tick(T0 + 12_000));
        all.addAll(live.channelHungUp("SIP/c-0", 16, T0 + 95_000));
        all.addAll(live.agentWrapUpDone("ana", T0 + 107_000));
        long now = T0 + 110_000;

        List<Observation> reported = all.stream()
                .filter(DialerAction.Observed.class::isInstance)
                .map(a -> ((DialerAction.Observed) a).observation())
                .toList();
        assertThat(reported)
                .hasAtLeastOneElementOfType(Observation.Dialled.class)
                .hasAtLeastOneElementOfType(Observation.Verdict.class)
                .hasAtLeastOneElementOfType(Observation.Talk.class)
                .hasAtLeastOneElementOfType(Observation.Wrap.class);
        AbandonLedger.Counts day = live.ledger().last24h(now);
        assertThat(day.connected()).isEqualTo(1);
        assertThat(day.abandoned()).isEqualTo(1);
        assertThat(day.amdMachines()).isEqualTo(1);

        CampaignDialer restored = dialer(new DialMode.Ratio(3.0));
        restored.restore(Map.of(), reported);

        assertThat(restored.ledger().rates(now)).isEqualTo(live.ledger().rates(now));
        CampaignStatistics a = live.statistics();
        CampaignStatistics b = restored.statistics();
        assertThat(b.answeredRate()).isEqualTo(a.answeredRate());
        assertThat(b.needAgentShare()).isEqualTo(a.needAgentShare());
        assertThat(b.needPerDial(now)).isEqualTo(a.needPerDial(now));
        assertThat(b.ring.mean()).isEqualTo(a.ring.mean());
        assertThat(b.talk.mean()).isEqualTo(a.talk.mean());
        assertThat(b.wrap.mean()).isEqualTo(a.wrap.mean());
        assertThat(b.amd.mean()).isEqualTo(a.amd.mean());
        assertThat(b.talk.mean())
                .as("learned, not the prior")
                .isNotEqualTo(dialer(new DialMode.Ratio(3.0)).statistics().talk.mean());
    }

    @Test
    void aDialerWithoutReportingEmitsNoObservations() {
        CampaignDialer d = dialer(new DialMode.Progressive());
        d.agentLogin("ana", "PJSIP/ana", T0);
        String id = ((DialerAction.Originate) d.start(T0).stream()
                        .filter(DialerAction.Originate.class::isInstance)
                        .findFirst()
                        .orElseThrow())
                .callId();
        List<DialerAction> out = d.originated(id, new OriginateResult(id, CallOutcome.BUSY, "", "", 17), T0 + 2_000);
        assertThat(out).noneMatch(DialerAction.Observed.class::isInstance);
        assertThat(d.statistics().quickFailRate())
                .isGreaterThan(dialer(new DialMode.Progressive()).statistics().quickFailRate());
    }

    @Test
    void historyIsRefusedOnceTheDialerHasStarted() {
        CampaignDialer d = dialer(new DialMode.Progressive());
        d.start(T0);
        assertThatThrownBy(() -> d.restore(Map.of(Entry.ABANDONED, 1L), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before the dialer starts");
    }
}
