package org.centralita.dialer;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Counts answered people and abandoned calls for one campaign over the windows regulators use: a rolling 24 h
 * (UK Ofcom), a rolling 30 days and campaign-to-date (US FTC TSR). Each window gives a raw rate (abandoned over
 * people answered and detected) and an answering-machine-adjusted rate, where people that AMD wrongly took for
 * machines count as abandoned (Ofcom's rule).
 *
 * <p>When the truth about AMD errors is known (the simulator, or a QA sample) record {@link Entry#FALSE_MACHINE};
 * otherwise the ledger estimates them as {@code assumedFalseMachineShare} of the AMD machine verdicts. Counts are
 * kept in one-minute buckets, so windows are exact to the minute. Times are injected; nothing reads a clock.
 */
public final class AbandonLedger {

    /** What happened to one answered call. */
    public enum Entry {
        /** A person (by AMD or by answer) was connected to an agent. */
        HUMAN_CONNECTED,
        /** A person was not connected within the deadline, or hung up waiting: abandoned. */
        ABANDONED,
        /** AMD said machine and the call was hung up or left a message. */
        AMD_MACHINE,
        /** A machine verdict that is known to have been a person: abandoned for the adjusted rate. */
        FALSE_MACHINE
    }

    private static final long MINUTE = 60_000;
    private static final long DAY = 24 * 60 * MINUTE;
    private static final long MONTH = 30 * DAY;

    private final double assumedFalseMachineShare;
    private final Window day = new Window(DAY);
    private final Window month = new Window(MONTH);
    private final long[] toDate = new long[Entry.values().length];

    /**
     * Creates an empty ledger.
     *
     * @param assumedFalseMachineShare share of AMD machine verdicts assumed to be people, in [0, 1)
     */
    public AbandonLedger(double assumedFalseMachineShare) {
        if (!(assumedFalseMachineShare >= 0 && assumedFalseMachineShare < 1)) {
            throw new IllegalArgumentException(
                    "assumedFalseMachineShare must be in [0, 1), was " + assumedFalseMachineShare);
        }
        this.assumedFalseMachineShare = assumedFalseMachineShare;
    }

    /**
     * Records one entry at {@code now}, which may be in the past (a restart replays stored entries at their original
     * times). Entries must come in non-decreasing time order (to the minute).
     */
    public void record(Entry entry, long now) {
        Objects.requireNonNull(entry, "entry");
        day.add(entry, now);
        month.add(entry, now);
        toDate[entry.ordinal()]++;
    }

    /**
     * Adds {@code count} entries to the campaign-to-date counts only: entries older than the rolling windows (more
     * than 30 days old), as a restart restores them from storage without replaying each one. Newer entries are
     * replayed with {@link #record(Entry, long)} at their original times.
     */
    public void addToDate(Entry entry, long count) {
        Objects.requireNonNull(entry, "entry");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        toDate[entry.ordinal()] += count;
    }

    /** Returns the three windows as of {@code now}. */
    public Rates rates(long now) {
        return new Rates(day.snapshot(now), month.snapshot(now), snapshot(toDate));
    }

    /** Returns the rolling 24-hour window as of {@code now}. */
    public Counts last24h(long now) {
        return day.snapshot(now);
    }

    private Counts snapshot(long[] c) {
        return new Counts(
                c[Entry.HUMAN_CONNECTED.ordinal()],
                c[Entry.ABANDONED.ordinal()],
                c[Entry.AMD_MACHINE.ordinal()],
                c[Entry.FALSE_MACHINE.ordinal()],
                assumedFalseMachineShare);
    }

    /**
     * Counts in one window.
     *
     * @param connected people connected to an agent
     * @param abandoned people abandoned
     * @param amdMachines AMD machine verdicts
     * @param falseMachines machine verdicts known to be people
     * @param assumedFalseMachineShare share of machine verdicts assumed to be people when not known
     */
    public record Counts(
            long connected, long abandoned, long amdMachines, long falseMachines, double assumedFalseMachineShare) {

        /** Returns people answered and recognised as such: connected plus abandoned. */
        public long humans() {
            return connected + abandoned;
        }

        /** Returns the estimated people among machine verdicts: known ones plus the assumed share of the rest. */
        public double estimatedFalseMachines() {
            return falseMachines + assumedFalseMachineShare * Math.max(0, amdMachines - falseMachines);
        }

        /** Returns abandoned over people answered, 0 with no people. */
        public double rawRate() {
            long h = humans();
            return h == 0 ? 0 : (double) abandoned / h;
        }

        /** Returns (abandoned + false machines) over (people answered + false machines), Ofcom's measure. */
        public double adjustedRate() {
            double fm = estimatedFalseMachines();
            double den = humans() + fm;
            return den == 0 ? 0 : (abandoned + fm) / den;
        }
    }

    /**
     * The windows regulators look at.
     *
     * @param last24h rolling 24 hours (Ofcom)
     * @param last30d rolling 30 days (FTC)
     * @param toDate campaign to date (FTC alternative)
     */
    public record Rates(Counts last24h, Counts last30d, Counts toDate) {}

    private final class Window {
        private final long length;
        private final ArrayDeque<long[]> buckets = new ArrayDeque<>(); // [minute, c0, c1, c2, c3]
        private final long[] sums = new long[Entry.values().length];

        Window(long length) {
            this.length = length;
        }

        void add(Entry e, long now) {
            long minute = Math.floorDiv(now, MINUTE);
            long[] last = buckets.peekLast();
            if (last == null || last[0] < minute) {
                last = new long[1 + Entry.values().length];
                last[0] = minute;
                buckets.addLast(last);
            }
            last[1 + e.ordinal()]++;
            sums[e.ordinal()]++;
            evict(now);
        }

        Counts snapshot(long now) {
            evict(now);
            return AbandonLedger.this.snapshot(sums);
        }

        private void evict(long now) {
            long firstMinute = Math.floorDiv(now - length, MINUTE) + 1;
            while (!buckets.isEmpty() && buckets.peekFirst()[0] < firstMinute) {
                long[] b = buckets.pollFirst();
                for (int i = 0; i < sums.length; i++) {
                    sums[i] -= b[1 + i];
                }
            }
        }
    }
}
