package org.centralita.campaigns;

import java.time.Instant;

/**
 * What the dialer learned about one attempt while it ran, stored with it so that a restart can rebuild the campaign's
 * abandonment ledger and learned statistics. Every field is optional (null: not happened, or not known); {@link
 * Campaigns#recordFacts} writes the non-null ones and keeps the others, so facts are written one at a time as they
 * happen.
 *
 * @param dialResult how the dial ended before any agent: answered, busy or failed quickly, or rang out
 * @param dialMillis from the originate to that result (the ring time when answered)
 * @param answeredAt when the call was answered
 * @param amdVerdict the answering-machine detection verdict ({@link AmdVerdict#NOT_USED} when AMD is off)
 * @param amdMillis how long AMD took after the answer
 * @param falseMachine true when an AMD machine verdict was a person after all (an agent screening it talked to
 *     them), false when the screening agent heard a machine
 * @param connectDelayMillis from the person's verdict (or the machine verdict being screened) to the bridge
 * @param talkMillis how long the person talked to the agent (calls AMD or the answer took for a person)
 * @param screenMillis how long a screening agent took to report an answering machine
 * @param wrapMillis after-call work the agent ended (not ended by the wrap-up limit)
 * @param ledgerEntry the abandonment ledger's entry for this call
 * @param ledgerAt when that entry was recorded
 */
public record AttemptFacts(
        DialResult dialResult,
        Long dialMillis,
        Instant answeredAt,
        AmdVerdict amdVerdict,
        Long amdMillis,
        Boolean falseMachine,
        Long connectDelayMillis,
        Long talkMillis,
        Long screenMillis,
        Long wrapMillis,
        LedgerEntry ledgerEntry,
        Instant ledgerAt) {

    /** How a dial ended before any agent or flow. */
    public enum DialResult {
        ANSWERED,
        QUICK_FAIL,
        NO_ANSWER
    }

    /** The answering-machine detection verdict. */
    public enum AmdVerdict {
        HUMAN,
        MACHINE,
        NOT_USED
    }

    /** The abandonment ledger's entry for an answered call (the dialer's {@code AbandonLedger.Entry}). */
    public enum LedgerEntry {
        HUMAN_CONNECTED,
        ABANDONED,
        AMD_MACHINE,
        FALSE_MACHINE
    }

    private static final AttemptFacts NONE =
            new AttemptFacts(null, null, null, null, null, null, null, null, null, null, null, null);

    public AttemptFacts {
        nonNegative(dialMillis, "dialMillis");
        nonNegative(amdMillis, "amdMillis");
        nonNegative(connectDelayMillis, "connectDelayMillis");
        nonNegative(talkMillis, "talkMillis");
        nonNegative(screenMillis, "screenMillis");
        nonNegative(wrapMillis, "wrapMillis");
        if ((ledgerEntry == null) != (ledgerAt == null)) {
            throw new IllegalArgumentException("a ledger entry needs its time, and a time its entry");
        }
        if (answeredAt != null && dialResult != null && dialResult != DialResult.ANSWERED) {
            throw new IllegalArgumentException("answeredAt given for a dial that ended " + dialResult);
        }
    }

    /** Returns facts with nothing known. */
    public static AttemptFacts none() {
        return NONE;
    }

    /** Returns true if no fact is known. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Returns these facts with every fact {@code later} knows put over them (how facts learned later are merged). */
    public AttemptFacts and(AttemptFacts later) {
        return new AttemptFacts(
                or(later.dialResult, dialResult),
                or(later.dialMillis, dialMillis),
                or(later.answeredAt, answeredAt),
                or(later.amdVerdict, amdVerdict),
                or(later.amdMillis, amdMillis),
                or(later.falseMachine, falseMachine),
                or(later.connectDelayMillis, connectDelayMillis),
                or(later.talkMillis, talkMillis),
                or(later.screenMillis, screenMillis),
                or(later.wrapMillis, wrapMillis),
                later.ledgerEntry != null ? later.ledgerEntry : ledgerEntry,
                later.ledgerEntry != null ? later.ledgerAt : ledgerAt);
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Returns these facts with how the dial ended; {@code answeredAt} only for {@link DialResult#ANSWERED}. */
    public AttemptFacts withDial(DialResult result, long millis, Instant answered) {
        return new AttemptFacts(
                result,
                millis,
                answered,
                amdVerdict,
                amdMillis,
                falseMachine,
                connectDelayMillis,
                talkMillis,
                screenMillis,
                wrapMillis,
                ledgerEntry,
                ledgerAt);
    }

    /** Returns these facts with the AMD verdict. */
    public AttemptFacts withAmd(AmdVerdict verdict, long millis) {
        return new AttemptFacts(
                dialResult,
                dialMillis,
                answeredAt,
                verdict,
                millis,
                falseMachine,
                connectDelayMillis,
                talkMillis,
                screenMillis,
                wrapMillis,
                ledgerEntry,
                ledgerAt);
    }

    /** Returns these facts with whether a machine verdict was a person after all. */
    public AttemptFacts withFalseMachine(boolean value) {
        return new AttemptFacts(
                dialResult,
                dialMillis,
                answeredAt,
                amdVerdict,
                amdMillis,
                value,
                connectDelayMillis,
                talkMillis,
                screenMillis,
                wrapMillis,
                ledgerEntry,
                ledgerAt);
    }

    /** Returns these facts with the connect delay. */
    public AttemptFacts withConnectDelay(long millis) {
        return new AttemptFacts(
                dialResult,
                dialMillis,
                answeredAt,
                amdVerdict,
                amdMillis,
                falseMachine,
                millis,
                talkMillis,
                screenMillis,
                wrapMillis,
                ledgerEntry,
                ledgerAt);
    }

    /** Returns these facts with the talk time. */
    public AttemptFacts withTalk(long millis) {
        return new AttemptFacts(
                dialResult,
                dialMillis,
                answeredAt,
                amdVerdict,
                amdMillis,
                falseMachine,
                connectDelayMillis,
                millis,
                screenMillis,
                wrapMillis,
                ledgerEntry,
                ledgerAt);
    }

    /** Returns these facts with the screening time of a machine. */
    public AttemptFacts withScreen(long millis) {
        return new AttemptFacts(
                dialResult,
                dialMillis,
                answeredAt,
                amdVerdict,
                amdMillis,
                falseMachine,
                connectDelayMillis,
                talkMillis,
                millis,
                wrapMillis,
                ledgerEntry,
                ledgerAt);
    }

    /** Returns these facts with the wrap-up time. */
    public AttemptFacts withWrap(long millis) {
        return new AttemptFacts(
                dialResult,
                dialMillis,
                answeredAt,
                amdVerdict,
                amdMillis,
                falseMachine,
                connectDelayMillis,
                talkMillis,
                screenMillis,
                millis,
                ledgerEntry,
                ledgerAt);
    }

    /** Returns these facts with the abandonment ledger's entry. */
    public AttemptFacts withLedger(LedgerEntry entry, Instant at) {
        return new AttemptFacts(
                dialResult,
                dialMillis,
                answeredAt,
                amdVerdict,
                amdMillis,
                falseMachine,
                connectDelayMillis,
                talkMillis,
                screenMillis,
                wrapMillis,
                entry,
                at);
    }

    private static void nonNegative(Long v, String name) {
        if (v != null && v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + v);
        }
    }
}
