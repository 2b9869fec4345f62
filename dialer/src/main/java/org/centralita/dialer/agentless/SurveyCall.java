package org.centralita.dialer.agentless;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.centralita.campaigns.AnswerSet;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.CampaignsException;
import org.centralita.campaigns.KeypadSurvey;
import org.centralita.campaigns.Outcome;
import org.centralita.flows.ActionContext;
import org.centralita.flows.ActionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of one agentless survey call. Each answer is kept in memory at once and written through {@link
 * Campaigns#saveAnswers} in the background, one write at a time in order (every write carries all answers so far,
 * so a later write never drops an earlier answer); {@link #finish} writes the final set with its disposition,
 * retrying, then closes the attempt.
 */
final class SurveyCall {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyCall.class);
    static final String AGENT = "ivr";
    private static final List<Duration> RETRY_DELAYS =
            List.of(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));

    private final Vertx vertx;
    private final Campaigns campaigns;
    private final String callId;
    private final long campaignId;
    private final long contactId;
    private final long attemptId;
    private final KeypadSurvey survey;
    private final Set<String> keypadIds = new LinkedHashSet<>();
    private final Map<String, String> answers = new LinkedHashMap<>();
    private boolean optedOut;
    private boolean dncStored;
    private Future<Void> writes = Future.succeededFuture();

    SurveyCall(
            Vertx vertx,
            Campaigns campaigns,
            String callId,
            long campaignId,
            long contactId,
            long attemptId,
            KeypadSurvey survey,
            Map<String, String> earlierAnswers) {
        this.vertx = vertx;
        this.campaigns = campaigns;
        this.callId = callId;
        this.campaignId = campaignId;
        this.contactId = contactId;
        this.attemptId = attemptId;
        this.survey = Objects.requireNonNull(survey, "survey");
        survey.questions().forEach(q -> keypadIds.add(q.questionId()));
        // A second call (a callback) keeps what an earlier one collected; new answers replace old ones.
        answers.putAll(earlierAnswers);
    }

    /** The {@code survey.answer} action: keeps the answer and starts writing it; never fails the call. */
    Future<ActionResult> answer(ActionContext ctx) {
        String questionId = ctx.arg("question", "");
        String keys = ctx.arg("keys", "");
        KeypadSurvey.KeypadQuestion q = survey.questions().stream()
                .filter(x -> x.questionId().equals(questionId))
                .findFirst()
                .orElse(null);
        String value = q == null ? null : answerFor(q, keys);
        if (value == null) {
            LOG.warn(
                    "campaign {} call {}: keys '{}' are no answer to question '{}'",
                    campaignId,
                    callId,
                    keys,
                    questionId);
            return Future.succeededFuture(ActionResult.of("invalid"));
        }
        synchronized (this) {
            answers.put(questionId, value);
        }
        LOG.debug("campaign {} call {}: question {} answered", campaignId, callId, questionId);
        write(() -> snapshot(disposition()));
        return Future.succeededFuture(ActionResult.of("ok"));
    }

    private static String answerFor(KeypadSurvey.KeypadQuestion q, String keys) {
        String v = q.keys().get(keys);
        if (v == null && keys.matches("\\d{1,3}")) {
            v = q.keys().get(Integer.toString(Integer.parseInt(keys))); // "07#" is 7
        }
        return v;
    }

    /** The {@code survey.opt-out} action: puts the number on the do-not-call list (retried at the end if it fails). */
    Future<ActionResult> optOut(ActionContext ctx) {
        synchronized (this) {
            optedOut = true;
        }
        LOG.info("campaign {} call {}: contact {} opted out of further calls", campaignId, callId, contactId);
        return markDnc().map(ok -> ActionResult.of("ok")).recover(e -> {
            LOG.warn(
                    "campaign {} call {}: do-not-call not stored yet, retried at the end: {}",
                    campaignId,
                    callId,
                    e.toString());
            return Future.succeededFuture(ActionResult.of("ok"));
        });
    }

    private Future<Void> markDnc() {
        return campaigns.markDoNotCall(contactId, "agentless-opt-out").map(added -> {
            synchronized (this) {
                dncStored = true;
            }
            return null;
        });
    }

    /** Returns the answers kept so far. */
    synchronized Map<String, String> answers() {
        return Map.copyOf(answers);
    }

    /** Returns whether every keypad question has an answer. */
    synchronized boolean complete() {
        return answers.keySet().containsAll(keypadIds);
    }

    /** Returns {@code completed}, {@code do-not-call}, {@code partial}, or {@code no-answers}. */
    synchronized String disposition() {
        if (complete()) {
            return "completed";
        }
        if (optedOut) {
            return "do-not-call";
        }
        return answers.isEmpty() ? "no-answers" : "partial";
    }

    private synchronized AnswerSet snapshot(String disposition) {
        return new AnswerSet(contactId, attemptId, AGENT, answers, disposition);
    }

    /** Queues a write after the previous ones; a failed background write is logged and repeated by finish. */
    private synchronized Future<Void> write(Supplier<AnswerSet> set) {
        writes = writes.transform(ar -> campaigns.saveAnswers(set.get()).recover(e -> {
            LOG.warn(
                    "campaign {} call {}: saving answers failed, will retry at the end: {}",
                    campaignId,
                    callId,
                    e.toString());
            return Future.succeededFuture();
        }));
        return writes;
    }

    /**
     * Writes the final answers and disposition (retrying), the do-not-call entry if still pending, and closes the
     * attempt: {@code COMPLETED} when every keypad question was answered, else {@code ANSWERED_HUMAN}.
     */
    Future<Outcome> finish(Duration duration) {
        Outcome outcome = complete() ? Outcome.COMPLETED : Outcome.ANSWERED_HUMAN;
        String disposition = disposition();
        Future<Void> dnc;
        synchronized (this) {
            dnc = optedOut && !dncStored ? retry("do-not-call", this::markDnc, 0) : Future.succeededFuture();
        }
        Future<Void> saved;
        synchronized (this) {
            saved = writes.transform(ar -> retry("answers", () -> campaigns.saveAnswers(snapshot(disposition)), 0));
            writes = saved;
        }
        return Future.join(dnc, saved)
                .transform(stored -> close(outcome, duration)
                        .compose(v ->
                                stored.succeeded() ? Future.succeededFuture() : Future.failedFuture(stored.cause())))
                .map(v -> {
                    LOG.info(
                            "campaign {} call {}: survey {} ({} answers), attempt {} closed as {}",
                            campaignId,
                            callId,
                            disposition,
                            answers().size(),
                            attemptId,
                            outcome.wireName());
                    return outcome;
                });
    }

    private Future<Void> close(Outcome outcome, Duration duration) {
        if (attemptId <= 0) {
            LOG.warn("campaign {} call {}: no CENTRALITA_ATTEMPT_ID, no attempt to close", campaignId, callId);
            return Future.succeededFuture();
        }
        return retry(
                "attempt",
                () -> campaigns
                        .closeAttempt(attemptId, outcome, null, duration)
                        .<Void>mapEmpty()
                        .recover(e -> {
                            if (e instanceof CampaignsException.InvalidState) {
                                // Closed already (the dialer runtime saw the hang-up first): the answers are kept.
                                LOG.warn("campaign {} call {}: {}", campaignId, callId, e.getMessage());
                                return Future.succeededFuture();
                            }
                            return Future.failedFuture(e);
                        }),
                0);
    }

    private Future<Void> retry(String what, Supplier<Future<Void>> work, int attempt) {
        return work.get().recover(e -> {
            if (attempt >= RETRY_DELAYS.size()) {
                LOG.error(
                        "campaign {} call {}: storing {} of contact {} failed for good; answers {} disposition {}",
                        campaignId,
                        callId,
                        what,
                        contactId,
                        answers(),
                        disposition(),
                        e);
                return Future.failedFuture(e);
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(RETRY_DELAYS.get(attempt).toMillis(), id -> retry(what, work, attempt + 1)
                    .onComplete(later));
            return later.future();
        });
    }
}
