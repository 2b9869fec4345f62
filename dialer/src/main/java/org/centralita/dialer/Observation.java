package org.centralita.dialer;

import java.util.Objects;

/**
 * One fact about a call that the {@link CampaignDialer} used for its abandonment ledger or its learned statistics, at
 * the time it happened. A live dialer reports them ({@link DialerAction.Observed}) so the shell can store them with
 * the attempt; after a restart the shell hands the stored ones back ({@link CampaignDialer#restore}) and the core
 * applies them exactly as it did live.
 */
public sealed interface Observation {

    /** Returns when it happened (epoch millis). */
    long atMillis();

    /** A dial ended (answered, busy or failed quickly, rang out) {@code elapsedMillis} after the originate. */
    record Dialled(CampaignStatistics.DialResult result, long elapsedMillis, long atMillis) implements Observation {
        public Dialled {
            Objects.requireNonNull(result, "result");
            requireNonNegative(elapsedMillis, "elapsedMillis");
        }
    }

    /**
     * An answered call was classified: {@code needsAgent} for a person (AMD human, or any answer when AMD is off),
     * AMD took {@code detectMillis} when {@code amdUsed}.
     */
    record Verdict(boolean needsAgent, long detectMillis, boolean amdUsed, long atMillis) implements Observation {
        public Verdict {
            requireNonNegative(detectMillis, "detectMillis");
        }
    }

    /** An entry of the abandonment ledger. */
    record Ledger(AbandonLedger.Entry entry, long atMillis) implements Observation {
        public Ledger {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** A person talked to an agent for {@code millis}. */
    record Talk(long millis, long atMillis) implements Observation {
        public Talk {
            requireNonNegative(millis, "millis");
        }
    }

    /** An agent took {@code millis} of after-call work (ended by the agent, not by the wrap-up limit). */
    record Wrap(long millis, long atMillis) implements Observation {
        public Wrap {
            requireNonNegative(millis, "millis");
        }
    }

    /** An agent screening an AMD machine verdict took {@code millis} to report the answering machine. */
    record Screen(long millis, long atMillis) implements Observation {
        public Screen {
            requireNonNegative(millis, "millis");
        }
    }

    private static void requireNonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + v);
        }
    }
}
