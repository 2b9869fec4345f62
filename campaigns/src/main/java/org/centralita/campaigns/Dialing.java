package org.centralita.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** SQL and rules of the dialing state: claims, attempts, retries, callbacks, do-not-call and explanations. */
final class Dialing {
    private Dialing() {}

    // ---------------------------------------------------------------- next-contact query

    /**
     * Claims up to {@code limit} dialable contacts: callbacks due first, then fresh, then retries, oldest due first;
     * each claimed with a conditional update so that two dialers never get the same contact.
     *
     * @param campaign the campaign's cached snapshot, validated in this transaction
     * @param open the campaign's zone keys inside their calling window now
     */
    static List<ClaimedContact> claimNext(
            Connection c,
            DialingCache.Snapshot campaign,
            List<DialingCache.OpenZone> open,
            int limit,
            String owner,
            Instant now)
            throws SQLException {
        if (campaign.status() != CampaignStatus.RUNNING || limit <= 0 || open.isEmpty()) {
            return List.of();
        }
        String candidates = candidateSql(campaign.inactiveLists());
        List<ClaimedContact> out = new ArrayList<>();
        // another dialer may win some of our candidates: try again (a few times) for the ones we lost
        for (int round = 0; round < 4 && out.size() < limit; round++) {
            int lost = claimRound(c, campaign, candidates, limit - out.size(), owner, now, open, out);
            if (lost == 0) {
                break;
            }
        }
        return out;
    }

    /**
     * The candidate read: an index-ordered range of {@code contacts_next} per (zone, priority) that stops at the limit.
     * Every column it touches is in that index, so H2 reads no contact row.
     */
    private static String candidateSql(List<Long> inactiveLists) {
        StringBuilder sql =
                new StringBuilder("SELECT id, next_due_at, list_id, phone FROM contacts WHERE campaign_id = ?"
                        + " AND state = 'READY' AND time_zone = ? AND priority = ? AND next_due_at <= ?");
        for (int i = 0; i < inactiveLists.size(); i++) {
            sql.append(i == 0 ? " AND list_id NOT IN (" : ", ").append(inactiveLists.get(i));
            if (i == inactiveLists.size() - 1) {
                sql.append(')');
            }
        }
        sql.append(" AND NOT EXISTS (SELECT 1 FROM dnc d WHERE d.phone = contacts.phone)"
                // the equality columns are repeated so that H2 reads the index in order and stops at the limit
                + " ORDER BY campaign_id, state, time_zone, priority, next_due_at, id LIMIT ?");
        return sql.toString();
    }

    /** Selects and claims up to {@code limit} candidates into {@code out}; returns how many were lost to others. */
    private static int claimRound(
            Connection c,
            DialingCache.Snapshot campaign,
            String candidates,
            int limit,
            String owner,
            Instant now,
            List<DialingCache.OpenZone> open,
            List<ClaimedContact> out)
            throws SQLException {
        List<long[]> picked = new ArrayList<>(); // {id, dueMillis, priority}
        LocalDateTime nowTs = Formats.ts(now);
        try (PreparedStatement ps = c.prepareStatement(candidates)) {
            for (int priority = 0; priority <= 2 && picked.size() < limit; priority++) {
                List<long[]> level = new ArrayList<>();
                for (DialingCache.OpenZone zone : open) {
                    ps.setLong(1, campaign.campaignId());
                    ps.setString(2, zone.key());
                    ps.setInt(3, priority);
                    ps.setObject(4, nowTs);
                    ps.setInt(5, limit - picked.size());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // a list created after the snapshot (an import that just started) is never dialed
                            if (!campaign.activeLists().contains(rs.getLong(3))) {
                                continue;
                            }
                            // a holiday of the contact's own country today (rare: only then is the region derived)
                            if (!zone.countriesOnHoliday().isEmpty()) {
                                String region = Regions.of(rs.getString(4));
                                if (region != null && zone.countriesOnHoliday().contains(region)) {
                                    continue;
                                }
                            }
                            level.add(new long[] {
                                rs.getLong(1),
                                Formats.instant(rs.getObject(2, LocalDateTime.class))
                                        .toEpochMilli(),
                                priority
                            });
                        }
                    }
                }
                level.sort(Comparator.<long[]>comparingLong(x -> x[1]).thenComparingLong(x -> x[0]));
                picked.addAll(level.subList(0, Math.min(level.size(), limit - picked.size())));
            }
        }
        if (picked.isEmpty()) {
            return 0;
        }
        // one conditional update claims them all and returns the rows it changed: exactly the ones we won. The ids
        // (our own longs) are literals: H2 turns a constant IN list into a sorted set instead of comparing every
        // updated row with 100 parameters one by one
        StringBuilder in = new StringBuilder();
        for (long[] p : picked) {
            in.append(in.length() == 0 ? "" : ", ").append(p[0]);
        }
        String update = "UPDATE contacts SET state = 'CLAIMED', claimed_at = ?, claim_owner = ? WHERE state = 'READY'"
                + " AND id IN (" + in + ")";
        java.util.Map<Long, Contact> won = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                isPostgres(c) ? update + " RETURNING *" : "SELECT * FROM FINAL TABLE (" + update + ")")) {
            ps.setObject(1, nowTs);
            ps.setString(2, truncateOwner(owner));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Contact ct = CampaignRepository.contact(rs);
                    won.put(ct.id(), ct);
                }
            }
        }
        int lost = 0;
        for (long[] p : picked) {
            Contact ct = won.get(p[0]);
            if (ct == null) {
                lost++;
                continue;
            }
            ClaimedContact.Kind kind = p[2] == 0
                    ? ClaimedContact.Kind.CALLBACK
                    : p[2] == 1 ? ClaimedContact.Kind.FRESH : ClaimedContact.Kind.RETRY;
            out.add(new ClaimedContact(ct, kind));
        }
        return lost;
    }

    private static String truncateOwner(String owner) {
        String o = owner == null ? "dialer" : owner;
        return o.length() <= 100 ? o : o.substring(0, 100);
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getURL().startsWith("jdbc:postgresql:");
    }

    /** The state a released claim returns to: DNC when its number went on the list meanwhile, else READY. */
    private static final String RELEASED_STATE =
            "CASE WHEN EXISTS (SELECT 1 FROM dnc d WHERE d.phone = contacts.phone) THEN 'DNC' ELSE 'READY' END";

    /**
     * Returns a claimed contact to READY (the dialer decided not to call it), or to DNC if its number went on the
     * do-not-call list meanwhile; no attempt may be open.
     */
    static void release(Connection c, long contactId) throws SQLException {
        if (openAttempt(c, contactId).isPresent()) {
            throw new CampaignsException.InvalidState(
                    "contact " + contactId + " has an open attempt: close or reconcile it instead of releasing");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET state = " + RELEASED_STATE
                + ", claimed_at = NULL, claim_owner = NULL WHERE id = ? AND state = 'CLAIMED'")) {
            ps.setLong(1, contactId);
            ps.executeUpdate();
        }
    }

    /** Releases every CLAIMED contact of a campaign that has no open attempt (never dialed); returns how many. */
    static int releaseUndialedClaims(Connection c, long campaignId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET state = " + RELEASED_STATE
                + ", claimed_at = NULL, claim_owner = NULL WHERE campaign_id = ? AND state = 'CLAIMED' AND NOT EXISTS (SELECT 1 FROM"
                + " attempts a WHERE a.contact_id = contacts.id AND a.ended_at IS NULL)")) {
            ps.setLong(1, campaignId);
            return ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- attempts

    /**
     * Records an attempt before the call is placed. The contact must be CLAIMED (by {@code claimNext} or {@code
     * claimContact}); a pending callback becomes DIALED.
     */
    static Attempt openAttempt(Connection c, long contactId, String callId, String agent, Instant now)
            throws SQLException {
        Contact ct = lockContact(c, contactId);
        if (ct.state() != ContactState.CLAIMED) {
            throw new CampaignsException.InvalidState(
                    "contact " + contactId + " is " + ct.state() + ", not CLAIMED: claim it before dialing");
        }
        if (openAttempt(c, contactId).isPresent()) {
            throw new CampaignsException.InvalidState("contact " + contactId + " already has an open attempt");
        }
        // The number may have gone on the list after the claim (an agent, a manager, an opt-out): never dial it.
        if (isDnc(c, ct.phone())) {
            throw new CampaignsException.DoNotCall(
                    "contact " + contactId + ": " + ct.phone() + " is on the do-not-call list; not dialled");
        }
        long id = ContactImporter.insertReturningId(
                c,
                "INSERT INTO attempts (contact_id, campaign_id, started_at, agent, call_id, reconciled)"
                        + " VALUES (?, ?, ?, ?, ?, FALSE)",
                contactId,
                ct.campaignId(),
                Formats.ts(now),
                agent,
                callId);
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE contacts SET attempts = attempts + 1, last_attempt_at = ? WHERE id = ?")) {
            ps.setObject(1, Formats.ts(now));
            ps.setLong(2, contactId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET status = 'DIALED', closed_at = ?"
                + " WHERE contact_id = ? AND status = 'PENDING' AND due_at <= ?")) {
            ps.setObject(1, Formats.ts(now));
            ps.setLong(2, contactId);
            ps.setObject(3, Formats.ts(now));
            ps.executeUpdate();
        }
        return new Attempt(id, contactId, ct.campaignId(), now, null, null, agent, null, callId, false, null);
    }

    /** Claims one specific contact (preview dialing, or an agent reserved for it); it must be READY. */
    static Contact claimContact(Connection c, long contactId, String owner, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET state = 'CLAIMED', claimed_at = ?,"
                + " claim_owner = ? WHERE id = ? AND state = 'READY'")) {
            ps.setObject(1, Formats.ts(now));
            ps.setString(2, owner);
            ps.setLong(3, contactId);
            if (ps.executeUpdate() == 0) {
                Contact ct = CampaignRepository.contact(c, contactId);
                throw new CampaignsException.InvalidState(
                        "contact " + contactId + " is " + ct.state() + " and cannot be claimed");
            }
        }
        if (isDnc(c, CampaignRepository.contact(c, contactId).phone())) {
            throw new CampaignsException.InvalidState("contact " + contactId + " is on the do-not-call list");
        }
        return CampaignRepository.contact(c, contactId);
    }

    static Optional<Attempt> openAttempt(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM attempts WHERE contact_id = ? AND ended_at IS NULL")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(attempt(rs)) : Optional.empty();
            }
        }
    }

    static Attempt attempt(Connection c, long attemptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM attempts WHERE id = ?")) {
            ps.setLong(1, attemptId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("attempt", attemptId);
                }
                return attempt(rs);
            }
        }
    }

    static List<Attempt> attempts(Connection c, String where, long id) throws SQLException {
        List<Attempt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM attempts WHERE " + where + " ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(attempt(rs));
                }
            }
        }
        return out;
    }

    static Attempt attempt(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        long ms = rs.getLong("duration_ms");
        boolean noDuration = rs.wasNull();
        return new Attempt(
                rs.getLong("id"),
                rs.getLong("contact_id"),
                rs.getLong("campaign_id"),
                Formats.instant(rs, "started_at"),
                Formats.instant(rs, "ended_at"),
                outcome == null ? null : Outcome.valueOf(outcome),
                rs.getString("agent"),
                noDuration ? null : Duration.ofMillis(ms),
                rs.getString("call_id"),
                rs.getBoolean("reconciled"),
                AttemptFactsSql.facts(rs));
    }

    private static Contact lockContact(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM contacts WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("contact", contactId);
                }
                return CampaignRepository.contact(rs);
            }
        }
    }

    /**
     * Records on an open attempt what its call has achieved so far, without closing it: {@link
     * Outcome#ANSWERED_HUMAN} (and the agent) once the person is bridged to an agent, {@link Outcome#COMPLETED} once
     * the agent saved a complete survey. A restart that finds the attempt open then knows the conversation happened;
     * {@link #closeAttempt} never records less. A closed attempt is left as it is.
     */
    static Attempt recordProgress(Connection c, long attemptId, Outcome outcome, String agent) throws SQLException {
        if (outcome != Outcome.ANSWERED_HUMAN && outcome != Outcome.COMPLETED) {
            throw new IllegalArgumentException(
                    "only answered-human or completed can be recorded on an open attempt, not " + outcome.wireName());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE attempts SET outcome = ?, agent = COALESCE(?, agent)" + " WHERE id = ? AND ended_at IS NULL")) {
            ps.setString(1, outcome.name());
            ps.setString(2, agent);
            ps.setLong(3, attemptId);
            ps.executeUpdate();
        }
        return attempt(c, attemptId);
    }

    /**
     * The outcome an attempt is closed with: never less than what was recorded while it was open (a survey the agent
     * completed stays completed; a call bridged to an agent that a restart can only call failed was answered).
     */
    static Outcome settle(Outcome reported, Outcome recorded) {
        if (reported == Outcome.COMPLETED || recorded == Outcome.COMPLETED) {
            return Outcome.COMPLETED;
        }
        if (recorded == Outcome.ANSWERED_HUMAN && (reported == Outcome.FAILED || reported == Outcome.NO_ANSWER)) {
            return Outcome.ANSWERED_HUMAN;
        }
        return reported;
    }

    private static boolean surveyCompleted(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT completed_at FROM contacts WHERE id = ?")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject(1) != null;
            }
        }
    }

    /**
     * Writes the outcome of an open attempt and schedules what comes next for the contact: a pending callback wins,
     * then a finished survey (this outcome, one recorded while the call was live, or answers saved complete) makes
     * it DONE, then the campaign's retry rule for the outcome, else the contact is DONE. A number on the do-not-call
     * list makes the contact DNC, except a completed survey (DONE); a finished one keeps its done reason, so that
     * {@link #removeDnc} never makes it dialable again.
     */
    static Attempt closeAttempt(
            Connection c,
            Campaign campaign,
            long attemptId,
            Outcome outcome,
            String agent,
            Duration duration,
            boolean reconciled,
            Instant now)
            throws SQLException {
        Attempt a = attempt(c, attemptId);
        if (!a.open()) {
            if (a.outcome() == outcome || a.outcome() == settle(outcome, a.outcome())) {
                return a; // idempotent: the same outcome reported twice (or less than the recorded one)
            }
            throw new CampaignsException.InvalidState("attempt " + attemptId + " is already closed as "
                    + a.outcome().wireName());
        }
        Contact ct = lockContact(c, a.contactId());
        outcome = settle(outcome, a.outcome());
        try (PreparedStatement ps = c.prepareStatement("UPDATE attempts SET ended_at = ?, outcome = ?,"
                + " agent = COALESCE(?, agent), duration_ms = ?, reconciled = ? WHERE id = ? AND ended_at IS NULL")) {
            ps.setObject(1, Formats.ts(now));
            ps.setString(2, outcome.name());
            ps.setString(3, agent);
            if (duration == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, duration.toMillis());
            }
            ps.setBoolean(5, reconciled);
            ps.setLong(6, attemptId);
            if (ps.executeUpdate() == 0) {
                throw new CampaignsException.InvalidState("attempt " + attemptId + " was closed concurrently");
            }
        }
        Optional<Callback> callback = pendingCallback(c, ct.id());
        String state;
        int priority = ct.priority();
        Instant due = ct.nextDueAt();
        String doneReason = null;
        String cbAgent = null;
        if (callback.isPresent()) {
            state = "READY";
            priority = 0;
            due = callback.get().dueAt();
            cbAgent = callback.get().agent();
        } else if (outcome == Outcome.COMPLETED || surveyCompleted(c, ct.id())) {
            state = "DONE";
            doneReason = "completed";
        } else {
            Optional<RetryRule> rule = campaign.spec().retryRules().forOutcome(outcome);
            if (rule.isEmpty()) {
                state = "DONE";
                doneReason = outcome == Outcome.ANSWERED_HUMAN ? "answered" : "final-outcome";
            } else if (ct.attempts() >= rule.get().maxAttempts()) {
                state = "DONE";
                doneReason = "max-attempts";
            } else {
                state = "READY";
                priority = 2;
                due = now.plus(rule.get().delay());
            }
        }
        // On the list: DNC, unless the survey was completed (that result stays DONE). A finished contact keeps its
        // done_reason, so that removing the number makes it DONE again, never READY.
        if (!"completed".equals(doneReason) && isDnc(c, ct.phone())) {
            state = "DNC";
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET state = ?, priority = ?, next_due_at = ?,"
                + " last_outcome = ?, done_reason = ?, callback_agent = ?, claimed_at = NULL, claim_owner = NULL"
                + " WHERE id = ?")) {
            ps.setString(1, state);
            ps.setInt(2, priority);
            ps.setObject(3, Formats.ts(due));
            ps.setString(4, outcome.name());
            ps.setString(5, doneReason);
            ps.setString(6, cbAgent);
            ps.setLong(7, ct.id());
            ps.executeUpdate();
        }
        return attempt(c, attemptId);
    }

    static List<Attempt> openAttempts(Connection c, long campaignId) throws SQLException {
        return attempts(c, "campaign_id = ? AND ended_at IS NULL", campaignId);
    }

    // ---------------------------------------------------------------- callbacks

    static Callback scheduleCallback(
            Connection c,
            Campaign campaign,
            long contactId,
            Instant dueAt,
            String agent,
            String note,
            String by,
            Instant now)
            throws SQLException {
        Contact ct = lockContact(c, contactId);
        if (ct.campaignId() != campaign.id()) {
            throw new CampaignsException.InvalidState("contact " + contactId + " is not in campaign " + campaign.id());
        }
        if (ct.state() == ContactState.DNC || isDnc(c, ct.phone())) {
            throw new CampaignsException.InvalidState(
                    "contact " + contactId + " is on the do-not-call list: no callback can be scheduled");
        }
        if (dueAt.isBefore(now.minus(Duration.ofMinutes(1)))) {
            throw new IllegalArgumentException("callback time " + dueAt + " is in the past");
        }
        String region = Regions.of(ct.phone());
        if (!campaign.spec().windows().isOpen(dueAt, ct.timeZone(), region)) {
            String next = campaign.spec()
                    .windows()
                    .nextOpening(dueAt, ct.timeZone(), region)
                    .map(i -> local(i, ct.timeZone()))
                    .orElse("never");
            throw new IllegalArgumentException("callback time " + local(dueAt, ct.timeZone())
                    + " is outside the contact's calling window; the next opening is " + next);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET status = 'CANCELLED', closed_at = ?"
                + " WHERE contact_id = ? AND status = 'PENDING'")) {
            ps.setObject(1, Formats.ts(now));
            ps.setLong(2, contactId);
            ps.executeUpdate();
        }
        long id = ContactImporter.insertReturningId(
                c,
                "INSERT INTO callbacks (contact_id, campaign_id, due_at, agent, note, created_by, status, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?)",
                contactId,
                campaign.id(),
                Formats.ts(dueAt),
                agent,
                note,
                by,
                Formats.ts(now));
        // A contact being called keeps its claim; closeAttempt picks the callback up. Otherwise reschedule now.
        if (ct.state() != ContactState.CLAIMED) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET state = 'READY', priority = 0,"
                    + " next_due_at = ?, callback_agent = ?, done_reason = NULL WHERE id = ?")) {
                ps.setObject(1, Formats.ts(dueAt));
                ps.setString(2, agent);
                ps.setLong(3, contactId);
                ps.executeUpdate();
            }
        }
        return new Callback(id, contactId, campaign.id(), dueAt, agent, note, by, "PENDING");
    }

    static Optional<Callback> pendingCallback(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM callbacks WHERE contact_id = ? AND status = 'PENDING' ORDER BY due_at")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(callback(rs));
            }
        }
    }

    static List<Callback> callbacks(Connection c, long campaignId, String agent) throws SQLException {
        List<Callback> out = new ArrayList<>();
        String sql = "SELECT * FROM callbacks WHERE campaign_id = ? AND status = 'PENDING'"
                + (agent == null ? "" : " AND agent = ?") + " ORDER BY due_at";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, campaignId);
            if (agent != null) {
                ps.setString(2, agent);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(callback(rs));
                }
            }
        }
        return out;
    }

    static void cancelCallback(Connection c, long callbackId, Instant now) throws SQLException {
        Callback cb;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM callbacks WHERE id = ?")) {
            ps.setLong(1, callbackId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("callback", callbackId);
                }
                cb = callback(rs);
            }
        }
        if (!cb.status().equals("PENDING")) {
            throw new CampaignsException.InvalidState("callback " + callbackId + " is already " + cb.status());
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE callbacks SET status = 'CANCELLED', closed_at = ? WHERE id = ?")) {
            ps.setObject(1, Formats.ts(now));
            ps.setLong(2, callbackId);
            ps.executeUpdate();
        }
        // the contact goes back to the retry queue, due now
        try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET priority = 2, next_due_at = ?,"
                + " callback_agent = NULL WHERE id = ? AND state = 'READY' AND priority = 0")) {
            ps.setObject(1, Formats.ts(now));
            ps.setLong(2, cb.contactId());
            ps.executeUpdate();
        }
    }

    private static Callback callback(ResultSet rs) throws SQLException {
        return new Callback(
                rs.getLong("id"),
                rs.getLong("contact_id"),
                rs.getLong("campaign_id"),
                Formats.instant(rs, "due_at"),
                rs.getString("agent"),
                rs.getString("note"),
                rs.getString("created_by"),
                rs.getString("status"));
    }

    // ---------------------------------------------------------------- do-not-call

    static boolean isDnc(Connection c, String e164) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM dnc WHERE phone = ?")) {
            ps.setString(1, e164);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Adds a number (E.164) and takes every READY contact with it out of dialing; returns false if already there. */
    static boolean addDnc(Connection c, String e164, String source, String note, Instant now) throws SQLException {
        boolean added = false;
        if (!isDnc(c, e164)) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO dnc (phone, source, note, added_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, e164);
                ps.setString(2, source);
                ps.setString(3, note);
                ps.setObject(4, Formats.ts(now));
                ps.executeUpdate();
                added = true;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                // through contacts_campaign_phone (campaign_id, phone): one probe per campaign
                "UPDATE contacts SET state = 'DNC' WHERE campaign_id IN (SELECT id FROM campaigns)"
                        + " AND phone = ? AND state = 'READY'")) {
            ps.setString(1, e164);
            ps.executeUpdate();
        }
        return added;
    }

    /**
     * Removes a number; contacts taken out by it become READY again, unless they were finished (a done reason, a
     * completed survey, a person who talked to an agent): those become DONE. Returns false if it was not listed.
     */
    static boolean removeDnc(Connection c, String e164) throws SQLException {
        int n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dnc WHERE phone = ?")) {
            ps.setString(1, e164);
            n = ps.executeUpdate();
        }
        // Finished contacts (rows of earlier versions included, which kept no done reason) become DONE, never READY.
        try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET state = 'DONE', done_reason ="
                + " COALESCE(done_reason, CASE WHEN completed_at IS NOT NULL OR last_outcome = 'COMPLETED'"
                + " THEN 'completed' ELSE 'answered' END) WHERE campaign_id IN (SELECT id FROM campaigns)"
                + " AND phone = ? AND state = 'DNC' AND (done_reason IS NOT NULL"
                + " OR completed_at IS NOT NULL OR last_outcome IN ('COMPLETED', 'ANSWERED_HUMAN'))")) {
            ps.setString(1, e164);
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE contacts SET state = 'READY' WHERE campaign_id IN (SELECT id FROM campaigns)"
                        + " AND phone = ? AND state = 'DNC'")) {
            ps.setString(1, e164);
            ps.executeUpdate();
        }
        return n > 0;
    }

    static Optional<DncEntry> dncEntry(Connection c, String e164) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM dnc WHERE phone = ?")) {
            ps.setString(1, e164);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DncEntry(
                        rs.getString("phone"),
                        rs.getString("source"),
                        rs.getString("note"),
                        Formats.instant(rs, "added_at")));
            }
        }
    }

    // ---------------------------------------------------------------- explanation

    static Dialability explain(Connection c, Campaign campaign, long contactId, Instant now) throws SQLException {
        Contact ct = CampaignRepository.contact(c, contactId);
        List<Dialability.Reason> reasons = new ArrayList<>();
        Instant next = null;
        if (campaign.status() != CampaignStatus.RUNNING) {
            reasons.add(new Dialability.Reason(
                    Dialability.Code.CAMPAIGN_NOT_RUNNING,
                    "the campaign is " + campaign.status().name().toLowerCase(java.util.Locale.ROOT)));
        }
        String listStatus = CampaignRepository.listStatus(c, ct.listId());
        if (!"ACTIVE".equals(listStatus)) {
            reasons.add(new Dialability.Reason(
                    Dialability.Code.LIST_PAUSED,
                    "its contact list (" + ct.listId() + ") is "
                            + ("PAUSED".equals(listStatus) ? "paused" : "still importing")));
        }
        Optional<DncEntry> dnc = dncEntry(c, ct.phone());
        if (dnc.isPresent() || ct.state() == ContactState.DNC) {
            reasons.add(new Dialability.Reason(
                    Dialability.Code.DO_NOT_CALL,
                    ct.phone() + " is on the do-not-call list"
                            + dnc.map(d -> " (added by " + d.source() + " on " + d.addedAt() + ")")
                                    .orElse("")));
        }
        if (ct.state() == ContactState.CLAIMED) {
            Optional<Attempt> open = openAttempt(c, contactId);
            reasons.add(new Dialability.Reason(
                    Dialability.Code.IN_PROGRESS,
                    open.map(a -> "a call is in progress since " + a.startedAt() + " (attempt " + a.id()
                                    + "; after a restart it awaits reconciliation)")
                            .orElse("a dialer has claimed it and is about to call")));
        }
        if (ct.state() == ContactState.DONE) {
            if ("max-attempts".equals(ct.doneReason())) {
                reasons.add(new Dialability.Reason(
                        Dialability.Code.ATTEMPT_LIMIT,
                        "it reached the attempt limit (" + ct.attempts() + " attempts, last outcome "
                                + (ct.lastOutcome() == null
                                        ? "none"
                                        : ct.lastOutcome().wireName()) + ")"));
            } else {
                reasons.add(new Dialability.Reason(
                        Dialability.Code.COMPLETED,
                        "nothing more to do: " + ct.doneReason()
                                + (ct.lastOutcome() == null
                                        ? ""
                                        : " (last outcome " + ct.lastOutcome().wireName() + ")")));
            }
        }
        if (ct.state() == ContactState.READY && ct.nextDueAt().isAfter(now)) {
            next = ct.nextDueAt();
            if (ct.priority() == 0) {
                reasons.add(new Dialability.Reason(
                        Dialability.Code.CALLBACK_PENDING,
                        "a callback is scheduled for " + local(ct.nextDueAt(), ct.timeZone())
                                + (ct.callbackAgent() == null ? "" : " with agent " + ct.callbackAgent())));
            } else {
                String rule = ct.lastOutcome() == null
                        ? ""
                        : " after " + ct.lastOutcome().wireName() + " (attempt " + ct.attempts() + ")";
                reasons.add(new Dialability.Reason(
                        Dialability.Code.RETRY_DELAY,
                        "retry delay" + rule + ": due at " + local(ct.nextDueAt(), ct.timeZone())));
            }
        }
        CallingWindows w = campaign.spec().windows();
        String region = Regions.of(ct.phone());
        if (!w.isOpen(now, ct.timeZone(), region)) {
            Optional<Holiday> holiday = Optional.empty();
            for (ZoneId z : TimeZoneKeys.zones(ct.timeZone())) {
                if (holiday.isEmpty()) {
                    holiday = w.holidayOn(LocalDateTime.ofInstant(now, z).toLocalDate(), region);
                }
            }
            Optional<Instant> opening = w.nextOpening(now, ct.timeZone(), region);
            String when =
                    opening.map(i -> "; it opens at " + local(i, ct.timeZone())).orElse("; it never opens");
            reasons.add(new Dialability.Reason(
                    holiday.isPresent() ? Dialability.Code.HOLIDAY : Dialability.Code.OUTSIDE_WINDOW,
                    holiday.map(h -> h.country() == null ? "holiday: " + h.date() : h.toString())
                                    .orElse("outside its calling window")
                            + " (local time " + local(now, ct.timeZone()) + ")" + when));
            if (opening.isPresent() && (next == null || opening.get().isAfter(next))) {
                next = opening.get();
            }
        }
        return new Dialability(contactId, reasons.isEmpty(), reasons, next, local(now, ct.timeZone()));
    }

    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", java.util.Locale.ENGLISH);

    static String local(Instant i, String zoneKey) {
        StringBuilder b = new StringBuilder();
        for (ZoneId z : TimeZoneKeys.zones(zoneKey)) {
            if (b.length() > 0) {
                b.append(" / ");
            }
            b.append(LOCAL.format(i.atZone(z))).append(' ').append(z.getId());
        }
        return b.toString();
    }
}
