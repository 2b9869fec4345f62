package org.centralita.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** SQL of the attempt facts: written one at a time as they happen, read back in bulk when a dialer starts. */
final class AttemptFactsSql {
    private AttemptFactsSql() {}

    /** Writes the non-null facts on an attempt (open or closed), keeping the ones already stored. */
    static void record(Connection c, long attemptId, AttemptFacts f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE attempts SET"
                + " dial_result = COALESCE(?, dial_result), dial_ms = COALESCE(?, dial_ms),"
                + " answered_at = COALESCE(?, answered_at), amd_verdict = COALESCE(?, amd_verdict),"
                + " amd_ms = COALESCE(?, amd_ms), false_machine = COALESCE(?, false_machine),"
                + " connect_delay_ms = COALESCE(?, connect_delay_ms), talk_ms = COALESCE(?, talk_ms),"
                + " screen_ms = COALESCE(?, screen_ms), wrap_ms = COALESCE(?, wrap_ms),"
                + " ledger_entry = COALESCE(?, ledger_entry), ledger_at = COALESCE(?, ledger_at)"
                + " WHERE id = ?")) {
            int i = 1;
            ps.setString(i++, f.dialResult() == null ? null : f.dialResult().name());
            setLong(ps, i++, f.dialMillis());
            setTimestamp(ps, i++, f.answeredAt());
            ps.setString(i++, f.amdVerdict() == null ? null : f.amdVerdict().name());
            setLong(ps, i++, f.amdMillis());
            if (f.falseMachine() == null) {
                ps.setNull(i++, Types.BOOLEAN);
            } else {
                ps.setBoolean(i++, f.falseMachine());
            }
            setLong(ps, i++, f.connectDelayMillis());
            setLong(ps, i++, f.talkMillis());
            setLong(ps, i++, f.screenMillis());
            setLong(ps, i++, f.wrapMillis());
            ps.setString(i++, f.ledgerEntry() == null ? null : f.ledgerEntry().name());
            setTimestamp(ps, i++, f.ledgerAt());
            ps.setLong(i, attemptId);
            if (ps.executeUpdate() == 0) {
                throw new CampaignsException.NotFound("attempt", attemptId);
            }
        }
    }

    /** Reads the facts of the attempt row {@code rs} is on. */
    static AttemptFacts facts(ResultSet rs) throws SQLException {
        String dial = rs.getString("dial_result");
        String amd = rs.getString("amd_verdict");
        String entry = rs.getString("ledger_entry");
        boolean fm = rs.getBoolean("false_machine");
        Boolean falseMachine = rs.wasNull() ? null : fm;
        return new AttemptFacts(
                dial == null ? null : AttemptFacts.DialResult.valueOf(dial),
                getLong(rs, "dial_ms"),
                Formats.instant(rs, "answered_at"),
                amd == null ? null : AttemptFacts.AmdVerdict.valueOf(amd),
                getLong(rs, "amd_ms"),
                falseMachine,
                getLong(rs, "connect_delay_ms"),
                getLong(rs, "talk_ms"),
                getLong(rs, "screen_ms"),
                getLong(rs, "wrap_ms"),
                entry == null ? null : AttemptFacts.LedgerEntry.valueOf(entry),
                entry == null ? null : Formats.instant(rs, "ledger_at"));
    }

    /**
     * Reads what a dialer needs at start: ledger entries before {@code ledgerSince} counted by entry (one GROUP BY),
     * each entry since then in time order, and the attempts closed since {@code recentSince}, at most {@code
     * recentLimit} of the latest, oldest first.
     */
    static AttemptHistory history(
            Connection c, long campaignId, Instant ledgerSince, Instant recentSince, int recentLimit)
            throws SQLException {
        Map<AttemptFacts.LedgerEntry, Long> older = new EnumMap<>(AttemptFacts.LedgerEntry.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT ledger_entry, COUNT(*) AS n FROM attempts"
                + " WHERE campaign_id = ? AND ledger_at < ? GROUP BY ledger_entry")) {
            ps.setLong(1, campaignId);
            ps.setObject(2, Formats.ts(ledgerSince));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    older.put(AttemptFacts.LedgerEntry.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        List<AttemptHistory.LedgerMark> marks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ledger_entry, ledger_at FROM attempts"
                + " WHERE campaign_id = ? AND ledger_at >= ? ORDER BY ledger_at")) {
            ps.setLong(1, campaignId);
            ps.setObject(2, Formats.ts(ledgerSince));
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    marks.add(new AttemptHistory.LedgerMark(
                            AttemptFacts.LedgerEntry.valueOf(rs.getString(1)), Formats.instant(rs, "ledger_at")));
                }
            }
        }
        List<Attempt> recent = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM attempts WHERE campaign_id = ?"
                + " AND ended_at >= ? ORDER BY ended_at DESC, id DESC LIMIT ?")) {
            ps.setLong(1, campaignId);
            ps.setObject(2, Formats.ts(recentSince));
            ps.setInt(3, recentLimit);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recent.add(Dialing.attempt(rs));
                }
            }
        }
        java.util.Collections.reverse(recent);
        return new AttemptHistory(ledgerSince, older, marks, recent);
    }

    private static void setTimestamp(PreparedStatement ps, int i, Instant v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.TIMESTAMP);
        } else {
            ps.setObject(i, Formats.ts(v));
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
