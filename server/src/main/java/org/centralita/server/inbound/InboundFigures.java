package org.centralita.server.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Aggregates the inbound figures of the supervisor wallboard from what the IVR and the dialer runtimes report:
 * callers in the IVR now and today, callers waiting for an agent now (and the longest wait), and, over today and a
 * rolling window, calls answered by an agent, calls abandoned while waiting, average speed of answer (wait from the
 * IVR's hand-off to the agent bridge, over answered calls) and service level (answered within the threshold ÷
 * (answered + abandoned)).
 *
 * <p>Plain logic with an injected clock, independent of how many campaigns run. Thread-safe: events arrive from
 * FastAGI sessions and event-bus consumers on different event loops. "Today" starts at midnight in {@code zone}.
 */
public final class InboundFigures {
    private final Clock clock;
    private final ZoneId zone;
    private final Duration threshold;
    private final Duration window;
    private final Set<String> inIvr = new HashSet<>();
    private final Map<String, Instant> waiting = new HashMap<>();
    private final Deque<Finished> recent = new ArrayDeque<>();
    private LocalDate day;
    private long ivrToday;
    private Tally today = new Tally();

    /**
     * Creates the aggregator.
     *
     * @param threshold service-level threshold (e.g. 20 s)
     * @param window the rolling window of the "recent" figures (e.g. 30 min)
     */
    public InboundFigures(Clock clock, ZoneId zone, Duration threshold, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.window = Objects.requireNonNull(window, "window");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("threshold must be positive, got " + threshold);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.day = LocalDate.ofInstant(clock.instant(), zone);
    }

    /** Records a caller entering the IVR. */
    public synchronized void ivrStarted(String callId) {
        roll(clock.instant());
        if (inIvr.add(Objects.requireNonNull(callId, "callId"))) {
            ivrToday++;
        }
    }

    /** Records a caller leaving the IVR (end of the flow, hang-up or transfer). */
    public synchronized void ivrFinished(String callId) {
        inIvr.remove(callId);
    }

    /** Records a caller handed to the agents' queue. */
    public synchronized void queued(String callId) {
        Instant now = clock.instant();
        roll(now);
        waiting.putIfAbsent(Objects.requireNonNull(callId, "callId"), now);
    }

    /** Records a queued caller bridged to an agent after waiting {@code waitMillis}. */
    public synchronized void answered(String callId, long waitMillis) {
        finish(callId, waitMillis, true);
    }

    /** Records a queued caller who hung up after waiting {@code waitMillis}, before reaching an agent. */
    public synchronized void abandoned(String callId, long waitMillis) {
        finish(callId, waitMillis, false);
    }

    /** Forgets a queued caller who left the queue without an outcome (the dialer runtime closed). */
    public synchronized void left(String callId) {
        waiting.remove(callId);
    }

    private void finish(String callId, long waitMillis, boolean answered) {
        if (waitMillis < 0) {
            throw new IllegalArgumentException("waitMillis must not be negative, got " + waitMillis);
        }
        Instant now = clock.instant();
        roll(now);
        waiting.remove(callId);
        Finished f = new Finished(now, waitMillis, answered);
        recent.addLast(f);
        today.add(f, threshold);
        prune(now);
    }

    /** Returns the figures now. */
    public synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        roll(now);
        prune(now);
        Tally last = new Tally();
        recent.forEach(f -> last.add(f, threshold));
        Long longest = waiting.values().stream()
                .min(Instant::compareTo)
                .map(since -> Math.max(0, Duration.between(since, now).toSeconds()))
                .orElse(null);
        return new Snapshot(
                now,
                inIvr.size(),
                ivrToday,
                waiting.size(),
                longest,
                today.figures(),
                last.figures(),
                threshold,
                window);
    }

    private void roll(Instant now) {
        LocalDate d = LocalDate.ofInstant(now, zone);
        if (!d.equals(day)) {
            day = d;
            ivrToday = inIvr.size(); // callers still in the IVR at midnight count on the new day too
            today = new Tally();
        }
    }

    private void prune(Instant now) {
        Instant cutoff = now.minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().at().isAfter(cutoff)) {
            recent.pollFirst();
        }
    }

    private record Finished(Instant at, long waitMillis, boolean answered) {}

    private static final class Tally {
        long answered;
        long abandoned;
        long withinThreshold;
        long answerWaitMillis;

        void add(Finished f, Duration threshold) {
            if (f.answered()) {
                answered++;
                answerWaitMillis += f.waitMillis();
                if (f.waitMillis() <= threshold.toMillis()) {
                    withinThreshold++;
                }
            } else {
                abandoned++;
            }
        }

        Period figures() {
            long offered = answered + abandoned;
            return new Period(
                    answered,
                    abandoned,
                    withinThreshold,
                    answered == 0 ? null : answerWaitMillis / 1000.0 / answered,
                    offered == 0 ? null : (double) withinThreshold / offered,
                    offered == 0 ? null : (double) abandoned / offered);
        }
    }

    /**
     * Figures over one period; ratios are null when no call finished queueing in it.
     *
     * @param answered callers bridged to an agent
     * @param abandoned callers who hung up while waiting for an agent
     * @param answeredWithinThreshold answered callers who waited at most the service-level threshold
     * @param averageSpeedOfAnswerSeconds mean wait of the answered callers, from the IVR hand-off to the bridge
     * @param serviceLevel answered within the threshold ÷ (answered + abandoned)
     * @param abandonRate abandoned ÷ (answered + abandoned)
     */
    public record Period(
            long answered,
            long abandoned,
            long answeredWithinThreshold,
            Double averageSpeedOfAnswerSeconds,
            Double serviceLevel,
            Double abandonRate) {}

    /**
     * The inbound figures at {@code at}.
     *
     * @param inIvr callers in the IVR's flows now
     * @param ivrCallsToday callers who entered the IVR today
     * @param waiting callers waiting for an agent now
     * @param longestWaitSeconds how long the longest-waiting caller has waited, null when nobody waits
     * @param today calls that finished queueing today
     * @param recent calls that finished queueing within the rolling window
     */
    public record Snapshot(
            Instant at,
            int inIvr,
            long ivrCallsToday,
            int waiting,
            Long longestWaitSeconds,
            Period today,
            Period recent,
            Duration serviceLevelThreshold,
            Duration window) {}
}
