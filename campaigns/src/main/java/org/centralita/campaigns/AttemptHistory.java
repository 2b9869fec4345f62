package org.centralita.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A campaign's stored dialing history, as a dialer reads it at start to rebuild its abandonment ledger and learned
 * statistics ({@link Campaigns#dialerHistory}).
 *
 * @param ledgerSince where the replayed ledger entries start
 * @param olderLedger ledger entries recorded before {@code ledgerSince}, counted by entry (one aggregate query)
 * @param ledger ledger entries since {@code ledgerSince}, oldest first
 * @param recent the most recent closed attempts with their facts, oldest first (a bounded window)
 */
public record AttemptHistory(
        Instant ledgerSince,
        Map<AttemptFacts.LedgerEntry, Long> olderLedger,
        List<LedgerMark> ledger,
        List<Attempt> recent) {

    public AttemptHistory {
        Objects.requireNonNull(ledgerSince, "ledgerSince");
        olderLedger = Map.copyOf(olderLedger);
        ledger = List.copyOf(ledger);
        recent = List.copyOf(recent);
    }

    /** One abandonment ledger entry and when it was recorded. */
    public record LedgerMark(AttemptFacts.LedgerEntry entry, Instant at) {
        public LedgerMark {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(at, "at");
        }
    }
}
