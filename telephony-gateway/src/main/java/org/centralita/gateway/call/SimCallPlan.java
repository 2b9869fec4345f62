package org.centralita.gateway.call;

import java.util.Objects;

/**
 * The scripted fate of one simulated call, fixed before it is dialled.
 *
 * @param answer who or what is at the far end
 * @param ringMillis time from originate to answer, busy or failure (ignored for {@link SimAnswer#NO_ANSWER});
 *     an answer later than the request's ring timeout becomes a no-answer
 * @param talkMillis for a person, how long they talk once bridged before hanging up; for a machine, how long its
 *     greeting lasts before it hangs up if left alone
 * @param amdVerdict what AMD will report, {@link SimAmdVerdict#NONE} when AMD is off
 * @param amdMillis time from answer to the AMD verdict
 */
public record SimCallPlan(
        SimAnswer answer, long ringMillis, long talkMillis, SimAmdVerdict amdVerdict, long amdMillis) {

    public SimCallPlan {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(amdVerdict, "amdVerdict");
        if (ringMillis < 0 || talkMillis < 0 || amdMillis < 0) {
            throw new IllegalArgumentException(
                    "times must not be negative: ring " + ringMillis + ", talk " + talkMillis + ", amd " + amdMillis);
        }
    }

    /** A person who answers after {@code ringMillis} and talks {@code talkMillis} once bridged, AMD off. */
    public static SimCallPlan human(long ringMillis, long talkMillis) {
        return new SimCallPlan(SimAnswer.HUMAN, ringMillis, talkMillis, SimAmdVerdict.NONE, 0);
    }

    /** A call that ends with {@code answer} (busy, no answer, failed) after {@code ringMillis}. */
    public static SimCallPlan unanswered(SimAnswer answer, long ringMillis) {
        if (answer == SimAnswer.HUMAN || answer == SimAnswer.MACHINE) {
            throw new IllegalArgumentException("unanswered plan cannot be " + answer);
        }
        return new SimCallPlan(answer, ringMillis, 0, SimAmdVerdict.NONE, 0);
    }

    /** Returns whether the far end picks up (person or machine). */
    public boolean picksUp() {
        return answer == SimAnswer.HUMAN || answer == SimAnswer.MACHINE;
    }

    /** Returns whether AMD will be wrong about this call. */
    public boolean amdWrong() {
        return (answer == SimAnswer.HUMAN && amdVerdict == SimAmdVerdict.MACHINE)
                || (answer == SimAnswer.MACHINE && amdVerdict == SimAmdVerdict.HUMAN);
    }
}
