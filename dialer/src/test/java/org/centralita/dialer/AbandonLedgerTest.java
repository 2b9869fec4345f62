package org.centralita.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbandonLedgerTest {

    private static final long HOUR = 3_600_000;

    @Test
    void rolling24HourWindowForgetsOlderCallsButCampaignToDateKeepsThem() {
        AbandonLedger l = new AbandonLedger(0);
        l.record(AbandonLedger.Entry.ABANDONED, 0);
        for (int i = 0; i < 9; i++) {
            l.record(AbandonLedger.Entry.HUMAN_CONNECTED, 0);
        }
        l.record(AbandonLedger.Entry.HUMAN_CONNECTED, 25 * HOUR);
        AbandonLedger.Rates r = l.rates(25 * HOUR);
        assertThat(r.last24h().humans()).isEqualTo(1);
        assertThat(r.last24h().rawRate()).isZero();
        assertThat(r.last30d().humans()).isEqualTo(11);
        assertThat(r.toDate().rawRate()).isEqualTo(1 / 11.0);
        assertThat(l.rates(56 * 24 * HOUR).last30d().humans()).isZero();
        assertThat(l.rates(31 * 24 * HOUR).toDate().humans()).isEqualTo(11);
    }

    @Test
    void adjustedRateCountsKnownFalseMachinesAsAbandoned() {
        AbandonLedger l = new AbandonLedger(0);
        for (int i = 0; i < 97; i++) {
            l.record(AbandonLedger.Entry.HUMAN_CONNECTED, 1_000);
        }
        l.record(AbandonLedger.Entry.ABANDONED, 1_000);
        l.record(AbandonLedger.Entry.AMD_MACHINE, 1_000);
        l.record(AbandonLedger.Entry.FALSE_MACHINE, 1_000);
        AbandonLedger.Counts c = l.last24h(2_000);
        assertThat(c.rawRate()).isEqualTo(1 / 98.0);
        assertThat(c.adjustedRate()).isEqualTo(2 / 99.0);
    }

    @Test
    void adjustedRateEstimatesFalseMachinesFromTheAssumedShare() {
        AbandonLedger l = new AbandonLedger(0.1);
        for (int i = 0; i < 99; i++) {
            l.record(AbandonLedger.Entry.HUMAN_CONNECTED, 0);
        }
        for (int i = 0; i < 10; i++) {
            l.record(AbandonLedger.Entry.AMD_MACHINE, 0);
        }
        AbandonLedger.Counts c = l.last24h(0);
        assertThat(c.estimatedFalseMachines()).isEqualTo(1.0);
        assertThat(c.adjustedRate()).isEqualTo(1 / 100.0);
    }
}
