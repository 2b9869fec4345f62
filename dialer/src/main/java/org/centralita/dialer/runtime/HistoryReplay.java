package org.centralita.dialer.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.AttemptFacts;
import org.centralita.campaigns.AttemptHistory;
import org.centralita.dialer.AbandonLedger;
import org.centralita.dialer.CampaignStatistics;
import org.centralita.dialer.Observation;

/**
 * Translates between the dialer core's {@link Observation}s and the facts stored with attempts: each observation a
 * live dialer reports becomes facts on its attempt ({@link #facts}), and a campaign's stored history becomes the
 * observations a new dialer replays at start ({@link #olderLedger}, {@link #observations}). Pure: no I/O, no clock.
 */
final class HistoryReplay {
    private HistoryReplay() {}

    /** How far back the rolling ledger windows reach (the FTC's 30 days; Ofcom's 24 h is inside it). */
    static final Duration LEDGER_WINDOW = Duration.ofDays(30);
    /** How far back the learned statistics are warmed from. */
    static final Duration STATISTICS_WINDOW = Duration.ofDays(7);
    /** At most this many of the latest attempts warm the statistics. */
    static final int STATISTICS_LIMIT = 20_000;

    /**
     * Returns the facts {@code o} adds to its attempt; {@code machineVerdict} tells whether the call had an AMD machine
     * verdict (a person connected after one was a false machine).
     */
    static AttemptFacts facts(Observation o, boolean machineVerdict) {
        AttemptFacts f = AttemptFacts.none();
        if (o instanceof Observation.Dialled d) {
            AttemptFacts.DialResult r =
                    AttemptFacts.DialResult.valueOf(d.result().name());
            return f.withDial(
                    r,
                    d.elapsedMillis(),
                    r == AttemptFacts.DialResult.ANSWERED ? Instant.ofEpochMilli(d.atMillis()) : null);
        } else if (o instanceof Observation.Verdict v) {
            AttemptFacts.AmdVerdict verdict = !v.amdUsed()
                    ? AttemptFacts.AmdVerdict.NOT_USED
                    : v.needsAgent() ? AttemptFacts.AmdVerdict.HUMAN : AttemptFacts.AmdVerdict.MACHINE;
            return f.withAmd(verdict, v.detectMillis());
        } else if (o instanceof Observation.Ledger l) {
            f = f.withLedger(AttemptFacts.LedgerEntry.valueOf(l.entry().name()), Instant.ofEpochMilli(l.atMillis()));
            if (l.entry() == AbandonLedger.Entry.FALSE_MACHINE
                    || (l.entry() == AbandonLedger.Entry.HUMAN_CONNECTED && machineVerdict)) {
                f = f.withFalseMachine(true);
            }
            return f;
        } else if (o instanceof Observation.Talk t) {
            return f.withTalk(t.millis());
        } else if (o instanceof Observation.Screen s) {
            return f.withScreen(s.millis()).withFalseMachine(false);
        } else if (o instanceof Observation.Wrap w) {
            return f.withWrap(w.millis());
        }
        return f;
    }

    /** Returns the ledger entries older than the rolling windows, counted by entry. */
    static Map<AbandonLedger.Entry, Long> olderLedger(AttemptHistory h) {
        Map<AbandonLedger.Entry, Long> out = new EnumMap<>(AbandonLedger.Entry.class);
        h.olderLedger().forEach((e, n) -> out.put(AbandonLedger.Entry.valueOf(e.name()), n));
        return out;
    }

    /**
     * Returns the observations to replay: every ledger entry of the rolling windows at its recorded time, and the
     * statistics facts of the recent attempts at the times they happened (the answer, then the verdict, the talk or
     * screening, and the wrap-up, each after the one before).
     */
    static List<Observation> observations(AttemptHistory h) {
        List<Observation> out =
                new ArrayList<>(h.ledger().size() + 4 * h.recent().size());
        for (AttemptHistory.LedgerMark m : h.ledger()) {
            out.add(new Observation.Ledger(AbandonLedger.Entry.valueOf(m.entry().name()), m.at().toEpochMilli()));
        }
        for (Attempt a : h.recent()) {
            AttemptFacts f = a.facts();
            if (f.dialResult() == null || f.dialMillis() == null) {
                continue; // not placed, or written by a version that kept no facts
            }
            long dialAt = f.answeredAt() != null
                    ? f.answeredAt().toEpochMilli()
                    : a.startedAt().toEpochMilli() + f.dialMillis();
            out.add(new Observation.Dialled(
                    CampaignStatistics.DialResult.valueOf(f.dialResult().name()), f.dialMillis(), dialAt));
            long t = dialAt;
            if (f.amdVerdict() != null) {
                boolean amdUsed = f.amdVerdict() != AttemptFacts.AmdVerdict.NOT_USED;
                long detect = amdUsed && f.amdMillis() != null ? f.amdMillis() : 0;
                t += detect;
                out.add(new Observation.Verdict(f.amdVerdict() != AttemptFacts.AmdVerdict.MACHINE, detect, amdUsed, t));
            }
            if (f.connectDelayMillis() != null) {
                t += f.connectDelayMillis();
            }
            if (f.talkMillis() != null) {
                t += f.talkMillis();
                out.add(new Observation.Talk(f.talkMillis(), t));
            }
            if (f.screenMillis() != null) {
                t += f.screenMillis();
                out.add(new Observation.Screen(f.screenMillis(), t));
            }
            if (f.wrapMillis() != null) {
                t += f.wrapMillis();
                out.add(new Observation.Wrap(f.wrapMillis(), t));
            }
        }
        return out;
    }
}
