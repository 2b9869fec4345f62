package org.centralita.campaigns;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaigns module's entry point: campaigns and surveys, contact-list import, do-not-call, the dialing state shared
 * with the dialer (claims, attempts, retries, callbacks), explanations and results.
 *
 * <p>Every operation comes twice: {@code x(...)} returns a {@link Future} and runs on the database worker pool (for
 * event-loop callers such as the HTTP API), {@code xBlocking(...)} runs on the calling thread (for workers, the CLI,
 * benchmarks and tests). Time comes from the injected {@link Clock}.
 */
public final class Campaigns {
    private static final Logger LOG = LoggerFactory.getLogger(Campaigns.class);

    private final Database db;
    private final Clock clock;
    private final ContactImporter importer;
    private final DialingCache dialingCache = new DialingCache();

    public Campaigns(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.importer = new ContactImporter(db, clock);
    }

    /** Returns the claim's campaign cache (tests). */
    DialingCache dialingCache() {
        return dialingCache;
    }

    /** Returns the database this service uses. */
    public Database database() {
        return db;
    }

    private <T> Future<T> async(Callable<T> work) {
        return db.onWorker(work);
    }

    private Instant now() {
        return clock.instant();
    }

    // ------------------------------------------------------------------ campaigns

    /** Creates a campaign in DRAFT. */
    public Future<Campaign> create(CampaignSpec spec) {
        return async(() -> createBlocking(spec));
    }

    public Campaign createBlocking(CampaignSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return db.transactionBlocking(c -> CampaignRepository.get(c, CampaignRepository.insert(c, spec, now())));
    }

    /** Replaces a campaign's settings (allowed in any status except FINISHED). */
    public Future<Campaign> update(long campaignId, CampaignSpec spec) {
        return async(() -> updateBlocking(campaignId, spec));
    }

    public Campaign updateBlocking(long campaignId, CampaignSpec spec) {
        return db.transactionBlocking(c -> {
            if (CampaignRepository.get(c, campaignId).status() == CampaignStatus.FINISHED) {
                throw new CampaignsException.InvalidState("campaign " + campaignId + " is finished");
            }
            CampaignRepository.update(c, campaignId, spec, now());
            return CampaignRepository.get(c, campaignId);
        });
    }

    /** Changes the status (start = RUNNING, pause, finish); a FINISHED campaign stays finished. */
    public Future<Campaign> setStatus(long campaignId, CampaignStatus status) {
        return async(() -> setStatusBlocking(campaignId, status));
    }

    public Campaign setStatusBlocking(long campaignId, CampaignStatus status) {
        return db.transactionBlocking(c -> {
            CampaignRepository.setStatus(c, campaignId, status, now());
            LOG.info("campaign {}: status {}", campaignId, status);
            return CampaignRepository.get(c, campaignId);
        });
    }

    public Future<Campaign> get(long campaignId) {
        return async(() -> getBlocking(campaignId));
    }

    public Campaign getBlocking(long campaignId) {
        return db.executeBlocking(c -> CampaignRepository.get(c, campaignId));
    }

    public Future<List<Campaign>> list() {
        return async(this::listBlocking);
    }

    public List<Campaign> listBlocking() {
        return db.executeBlocking(CampaignRepository::list);
    }

    // ------------------------------------------------------------------ contacts and lists

    public Future<Contact> contact(long contactId) {
        return async(() -> contactBlocking(contactId));
    }

    public Contact contactBlocking(long contactId) {
        return db.executeBlocking(c -> CampaignRepository.contact(c, contactId));
    }

    /** Returns up to {@code limit} contacts of a campaign with id greater than {@code afterId} (keyset paging). */
    public Future<List<Contact>> contacts(long campaignId, long afterId, int limit) {
        return async(() -> db.executeBlocking(c -> CampaignRepository.contacts(c, campaignId, afterId, limit)));
    }

    /** Pauses or resumes one uploaded list: its contacts are not dialed while paused. */
    public Future<Void> setListPaused(long listId, boolean paused) {
        return async(() -> {
            setListPausedBlocking(listId, paused);
            return null;
        });
    }

    public void setListPausedBlocking(long listId, boolean paused) {
        db.transactionBlocking(c -> {
            CampaignRepository.setListStatus(c, listId, paused);
            return null;
        });
    }

    /** Returns the survey with the contact's placeholders filled, for the agent's screen pop. */
    public Survey surveyFor(Campaign campaign, Contact contact) {
        Map<String, String> values = contact.placeholderValues();
        Survey s = campaign.survey();
        return new Survey(
                s.title(),
                Survey.render(s.intro(), values),
                s.questions().stream()
                        .map(q -> new Question(
                                q.id(), q.type(), Survey.render(q.text(), values), q.choices(), q.required()))
                        .toList(),
                s.fcrQuestionId());
    }

    /** Returns the agentless keypad script of the campaign's survey for one contact (see {@link KeypadSurvey}). */
    public KeypadSurvey keypadSurvey(Campaign campaign, Contact contact) {
        boolean spanish =
                contact.language() == null || contact.language().toLowerCase().startsWith("es");
        return KeypadSurvey.of(campaign.survey(), contact.placeholderValues(), spanish);
    }

    // ------------------------------------------------------------------ import

    /**
     * Imports an upload into a new list of the campaign, all or nothing.
     *
     * @param totalBytes the upload's size if known (for the progress bar and an early size check), else -1
     * @param progress called on the worker thread every ~100 ms and at the end; may be null. If it throws, the import
     *     is rolled back and the exception propagates.
     * @throws ImportException if the upload as a whole is refused (empty, binary, no phone column, too large...)
     */
    public Future<ImportReport> importContacts(
            long campaignId,
            String fileName,
            InputStream in,
            long totalBytes,
            ImportOptions options,
            Consumer<ImportProgress> progress) {
        return async(() -> importContactsBlocking(campaignId, fileName, in, totalBytes, options, progress));
    }

    public ImportReport importContactsBlocking(
            long campaignId,
            String fileName,
            InputStream in,
            long totalBytes,
            ImportOptions options,
            Consumer<ImportProgress> progress) {
        Campaign campaign = getBlocking(campaignId);
        if (campaign.status() == CampaignStatus.FINISHED) {
            throw new CampaignsException.InvalidState("campaign " + campaignId + " is finished: no new lists");
        }
        return importer.run(campaign, fileName, in, totalBytes, options, progress);
    }

    /** Imports a file (its size drives the progress bar). */
    public Future<ImportReport> importFile(
            long campaignId, Path file, ImportOptions options, Consumer<ImportProgress> progress) {
        return async(() -> importFileBlocking(campaignId, file, options, progress));
    }

    public ImportReport importFileBlocking(
            long campaignId, Path file, ImportOptions options, Consumer<ImportProgress> progress) {
        try (InputStream in = Files.newInputStream(file)) {
            return importContactsBlocking(
                    campaignId, file.getFileName().toString(), in, Files.size(file), options, progress);
        } catch (IOException e) {
            throw new ImportException(ImportException.Failure.READ_ERROR, "cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Removes lists left half-imported by a crash (their contacts were never dialable). The server calls this once at
     * start-up, before accepting uploads; returns how many lists were removed.
     */
    public Future<Integer> recoverInterruptedImports() {
        return async(this::recoverInterruptedImportsBlocking);
    }

    public int recoverInterruptedImportsBlocking() {
        return importer.recoverInterrupted();
    }

    /** Writes the rejected rows of an import as CSV (line, reason, detail, row); returns the number of rows. */
    public Future<Long> exportRejects(long importId, Writer out) {
        return async(() -> exportRejectsBlocking(importId, out));
    }

    public long exportRejectsBlocking(long importId, Writer out) {
        return db.executeBlocking(c -> {
            try {
                return Results.exportRejects(c, importId, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    // ------------------------------------------------------------------ dialing (used by the dialer)

    /**
     * Claims up to {@code limit} contacts to dial now: callbacks due first, then fresh contacts, then retries; only
     * contacts inside their local calling window, not on the do-not-call list, in unpaused lists of a RUNNING
     * campaign. Each returned contact is CLAIMED for {@code owner}: next call {@link #openAttempt} right before
     * originating, or {@link #release} it. Call this at least every 30 s so callbacks are honoured within a minute.
     */
    public Future<List<ClaimedContact>> claimNext(long campaignId, int limit, String owner) {
        return async(() -> claimNextBlocking(campaignId, limit, owner));
    }

    public List<ClaimedContact> claimNextBlocking(long campaignId, int limit, String owner) {
        if (limit < 0 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be in [0, 10000], got " + limit);
        }
        Instant now = now();
        return db.transactionBlocking(c -> {
            DialingCache.Snapshot campaign = dialingCache.snapshot(c, campaignId);
            return Dialing.claimNext(c, campaign, dialingCache.openZones(campaign, now), limit, owner, now);
        });
    }

    /** Claims one READY contact on purpose (preview dialing, or an agent reserved for it). */
    public Future<Contact> claimContact(long contactId, String owner) {
        return async(() -> claimContactBlocking(contactId, owner));
    }

    public Contact claimContactBlocking(long contactId, String owner) {
        return db.transactionBlocking(c -> Dialing.claimContact(c, contactId, owner, now()));
    }

    /** Returns a claimed contact that was not dialed to the queue. */
    public Future<Void> release(long contactId) {
        return async(() -> {
            releaseBlocking(contactId);
            return null;
        });
    }

    public void releaseBlocking(long contactId) {
        db.transactionBlocking(c -> {
            Dialing.release(c, contactId);
            return null;
        });
    }

    /**
     * Records an attempt BEFORE the call is placed (the attempt counts even if the server dies during the call).
     *
     * @param callId the dialer's id for the call (channel variable / ActionID), kept for reconciliation
     */
    public Future<Attempt> openAttempt(long contactId, String callId, String agent) {
        return async(() -> openAttemptBlocking(contactId, callId, agent));
    }

    public Attempt openAttemptBlocking(long contactId, String callId, String agent) {
        return db.transactionBlocking(c -> Dialing.openAttempt(c, contactId, callId, agent, now()));
    }

    /**
     * Writes the outcome of an attempt and schedules the contact: pending callback, else the retry rule, else done.
     * Reporting the same outcome twice is harmless.
     */
    public Future<Attempt> closeAttempt(long attemptId, Outcome outcome, String agent, Duration duration) {
        return async(() -> closeAttemptBlocking(attemptId, outcome, agent, duration));
    }

    public Attempt closeAttemptBlocking(long attemptId, Outcome outcome, String agent, Duration duration) {
        return db.transactionBlocking(c -> {
            Attempt a = Dialing.attempt(c, attemptId);
            return Dialing.closeAttempt(
                    c, CampaignRepository.get(c, a.campaignId()), attemptId, outcome, agent, duration, false, now());
        });
    }

    /**
     * Records on an open attempt what its call has achieved so far, without closing it: {@link
     * Outcome#ANSWERED_HUMAN} with the agent when the person is bridged, {@link Outcome#COMPLETED} when the agent
     * saved a complete survey. The attempt stays open (its contact is not dialled); closing or reconciling it never
     * records less. A closed attempt is left unchanged.
     */
    public Future<Attempt> recordProgress(long attemptId, Outcome outcome, String agent) {
        return async(() -> recordProgressBlocking(attemptId, outcome, agent));
    }

    public Attempt recordProgressBlocking(long attemptId, Outcome outcome, String agent) {
        return db.transactionBlocking(c -> Dialing.recordProgress(c, attemptId, outcome, agent));
    }

    /** Lists attempts left open (e.g. by a crash): reconcile each one, never redial them blindly. */
    public Future<List<Attempt>> openAttempts(long campaignId) {
        return async(() -> openAttemptsBlocking(campaignId));
    }

    public List<Attempt> openAttemptsBlocking(long campaignId) {
        return db.executeBlocking(c -> Dialing.openAttempts(c, campaignId));
    }

    /**
     * Closes an attempt left open by a restart with the outcome the dialer established (from Asterisk's CDR/AMI, or
     * {@link Outcome#FAILED} if the call never left); marked as reconciled.
     */
    public Future<Attempt> reconcile(long attemptId, Outcome outcome) {
        return async(() -> reconcileBlocking(attemptId, outcome));
    }

    public Attempt reconcileBlocking(long attemptId, Outcome outcome) {
        return db.transactionBlocking(c -> {
            Attempt a = Dialing.attempt(c, attemptId);
            LOG.warn(
                    "campaign {}: reconciling open attempt {} of contact {} as {}",
                    a.campaignId(),
                    attemptId,
                    a.contactId(),
                    outcome.wireName());
            return Dialing.closeAttempt(
                    c, CampaignRepository.get(c, a.campaignId()), attemptId, outcome, null, null, true, now());
        });
    }

    /**
     * Writes what the dialer learned about an attempt while it ran (ring and AMD times, the abandonment ledger's entry,
     * talk, screening and wrap-up times): the non-null facts are stored, the others kept. The attempt may be open or
     * closed (wrap-up ends after the outcome); neither its outcome nor the contact's schedule changes.
     */
    public Future<Void> recordFacts(long attemptId, AttemptFacts facts) {
        return async(() -> {
            recordFactsBlocking(attemptId, facts);
            return null;
        });
    }

    public void recordFactsBlocking(long attemptId, AttemptFacts facts) {
        Objects.requireNonNull(facts, "facts");
        if (facts.isEmpty()) {
            return;
        }
        db.executeBlocking(c -> {
            AttemptFactsSql.record(c, attemptId, facts);
            return null;
        });
    }

    /**
     * Reads what a campaign's dialer needs at start to rebuild its abandonment ledger and learned statistics: ledger
     * entries recorded before {@code ledgerSince} counted by entry with one aggregate query, each entry since then in
     * time order, and the attempts closed within {@code recentWindow} of now (at most the latest {@code recentLimit}),
     * oldest first, with their facts.
     */
    public Future<AttemptHistory> dialerHistory(
            long campaignId, Instant ledgerSince, Duration recentWindow, int recentLimit) {
        return async(() -> dialerHistoryBlocking(campaignId, ledgerSince, recentWindow, recentLimit));
    }

    public AttemptHistory dialerHistoryBlocking(
            long campaignId, Instant ledgerSince, Duration recentWindow, int recentLimit) {
        Objects.requireNonNull(ledgerSince, "ledgerSince");
        Objects.requireNonNull(recentWindow, "recentWindow");
        if (recentWindow.isNegative() || recentLimit < 0) {
            throw new IllegalArgumentException(
                    "recentWindow and recentLimit must not be negative, were " + recentWindow + ", " + recentLimit);
        }
        Instant recentSince = now().minus(recentWindow);
        return db.executeBlocking(c -> AttemptFactsSql.history(c, campaignId, ledgerSince, recentSince, recentLimit));
    }

    /** After a restart: returns to READY every claimed contact of the campaign that was never dialed. */
    public Future<Integer> releaseUndialedClaims(long campaignId) {
        return async(() -> releaseUndialedClaimsBlocking(campaignId));
    }

    public int releaseUndialedClaimsBlocking(long campaignId) {
        return db.transactionBlocking(c -> Dialing.releaseUndialedClaims(c, campaignId));
    }

    public Future<List<Attempt>> attempts(long contactId) {
        return async(() -> attemptsBlocking(contactId));
    }

    /** Returns a contact's attempt history, oldest first (for the screen pop). */
    public List<Attempt> attemptsBlocking(long contactId) {
        return db.executeBlocking(c -> Dialing.attempts(c, "contact_id = ?", contactId));
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * Schedules a callback (cancelling an earlier pending one). The time must fall inside the contact's calling window
     * so the promise can be kept.
     *
     * @param agent the agent who must take it, or null for anyone
     */
    public Future<Callback> scheduleCallback(long contactId, Instant dueAt, String agent, String note, String by) {
        return async(() -> scheduleCallbackBlocking(contactId, dueAt, agent, note, by));
    }

    public Callback scheduleCallbackBlocking(long contactId, Instant dueAt, String agent, String note, String by) {
        return db.transactionBlocking(c -> {
            Contact ct = CampaignRepository.contact(c, contactId);
            return Dialing.scheduleCallback(
                    c, CampaignRepository.get(c, ct.campaignId()), contactId, dueAt, agent, note, by, now());
        });
    }

    public Future<Void> cancelCallback(long callbackId) {
        return async(() -> db.transactionBlocking(c -> {
            Dialing.cancelCallback(c, callbackId, now());
            return null;
        }));
    }

    /** Returns pending callbacks of a campaign, soonest first; only one agent's if {@code agent} is not null. */
    public Future<List<Callback>> callbacks(long campaignId, String agent) {
        return async(() -> db.executeBlocking(c -> Dialing.callbacks(c, campaignId, agent)));
    }

    // ------------------------------------------------------------------ do-not-call

    /** Adds a number to the global do-not-call list at once (written with a country code, or in {@code region}). */
    public Future<Boolean> addDoNotCall(String phone, String region, String source, String note) {
        return async(() -> addDoNotCallBlocking(phone, region, source, note));
    }

    public boolean addDoNotCallBlocking(String phone, String region, String source, String note) {
        String e164 = e164(phone, region);
        return db.transactionBlocking(c -> {
            boolean added = Dialing.addDnc(c, e164, source, note, now());
            LOG.info("do-not-call: {} added by {}", e164, source);
            return added;
        });
    }

    /**
     * Puts a contact's number on the do-not-call list: the agent's "do not call me" disposition, or the abandon
     * message's opt-out key.
     */
    public Future<Boolean> markDoNotCall(long contactId, String source) {
        return async(() -> markDoNotCallBlocking(contactId, source));
    }

    public boolean markDoNotCallBlocking(long contactId, String source) {
        return db.transactionBlocking(c -> {
            Contact ct = CampaignRepository.contact(c, contactId);
            return Dialing.addDnc(c, ct.phone(), source, "contact " + contactId, now());
        });
    }

    public Future<Boolean> removeDoNotCall(String phone, String region) {
        return async(() -> removeDoNotCallBlocking(phone, region));
    }

    public boolean removeDoNotCallBlocking(String phone, String region) {
        String e164 = e164(phone, region);
        return db.transactionBlocking(c -> Dialing.removeDnc(c, e164));
    }

    public Future<Optional<DncEntry>> doNotCallEntry(String phone, String region) {
        return async(() -> db.executeBlocking(c -> Dialing.dncEntry(c, e164(phone, region))));
    }

    /** Uploads a do-not-call CSV (a phone column, header optional); all or nothing. */
    public Future<DncImportReport> importDoNotCall(
            String fileName, InputStream in, long totalBytes, String region, ImportOptions options) {
        return async(() -> importDoNotCallBlocking(fileName, in, totalBytes, region, options));
    }

    public DncImportReport importDoNotCallBlocking(
            String fileName, InputStream in, long totalBytes, String region, ImportOptions options) {
        return new DncImporter(db, clock).run(fileName, in, totalBytes, region, options);
    }

    private static String e164(String phone, String region) {
        PhoneNormalizer.Result r = new PhoneNormalizer(region == null ? "ZZ" : region, "UTC").normalise(phone);
        if (!r.valid()) {
            throw new IllegalArgumentException("invalid phone number: " + r.detail());
        }
        return r.e164();
    }

    // ------------------------------------------------------------------ explanation and results

    /** Explains why a contact is or is not dialable now. */
    public Future<Dialability> explain(long contactId) {
        return async(() -> explainBlocking(contactId));
    }

    public Dialability explainBlocking(long contactId) {
        return db.executeBlocking(c -> {
            Contact ct = CampaignRepository.contact(c, contactId);
            return Dialing.explain(c, CampaignRepository.get(c, ct.campaignId()), contactId, now());
        });
    }

    /** Stores a contact's survey answers (validated against the survey) and disposition. */
    public Future<Void> saveAnswers(AnswerSet answers) {
        return async(() -> {
            saveAnswersBlocking(answers);
            return null;
        });
    }

    public void saveAnswersBlocking(AnswerSet answers) {
        db.transactionBlocking(c -> {
            Contact ct = CampaignRepository.contact(c, answers.contactId());
            Results.save(c, CampaignRepository.get(c, ct.campaignId()), answers, now());
            return null;
        });
    }

    public Future<Map<String, String>> answers(long contactId) {
        return async(() -> db.executeBlocking(c -> Results.answers(c, contactId)));
    }

    /** Returns completion rate, CSAT average and distribution, NPS, first-contact resolution and outcomes. */
    public Future<CampaignResults> results(long campaignId) {
        return async(() -> resultsBlocking(campaignId));
    }

    public CampaignResults resultsBlocking(long campaignId) {
        return db.executeBlocking(c -> Results.aggregate(c, CampaignRepository.get(c, campaignId)));
    }

    /** Writes the results CSV (one row per contact, protected against formula injection); returns rows written. */
    public Future<Long> exportResults(long campaignId, boolean answeredOnly, Writer out) {
        return async(() -> exportResultsBlocking(campaignId, answeredOnly, out));
    }

    public long exportResultsBlocking(long campaignId, boolean answeredOnly, Writer out) {
        return db.transactionBlocking(c -> {
            try {
                return Results.export(c, CampaignRepository.get(c, campaignId), answeredOnly, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
