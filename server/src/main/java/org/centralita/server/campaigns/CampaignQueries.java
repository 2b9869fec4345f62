package org.centralita.server.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.centralita.campaigns.CampaignsException;

/**
 * Read-only views the manager screens need beyond the campaigns facade: per-campaign contact counts, the
 * uploads of a campaign with their stored reports, the do-not-call list, answers per contact and completions
 * per day. Plain JDBC over the campaigns module's tables; run on a worker.
 */
final class CampaignQueries {
    private CampaignQueries() {}

    private static String iso(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC).toString();
    }

    /** Returns campaign id → {contacts, ready, done, dnc, claimed, completed}. */
    static JsonObject contactCounts(Connection c) throws SQLException {
        JsonObject out = new JsonObject();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.campaign_id, k.state, COUNT(*) n,"
                        + " SUM(CASE WHEN k.completed_at IS NULL THEN 0 ELSE 1 END) done_surveys"
                        + " FROM contacts k JOIN contact_lists l ON l.id = k.list_id"
                        + " WHERE l.status <> 'IMPORTING' GROUP BY k.campaign_id, k.state");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = Long.toString(rs.getLong(1));
                JsonObject o = out.getJsonObject(id);
                if (o == null) {
                    o = new JsonObject().put("contacts", 0L).put("completed", 0L);
                    out.put(id, o);
                }
                long n = rs.getLong(3);
                o.put(rs.getString(2).toLowerCase(Locale.ROOT), n);
                o.put("contacts", o.getLong("contacts") + n);
                o.put("completed", o.getLong("completed") + rs.getLong(4));
            }
        }
        return out;
    }

    /** Returns the campaign's uploads, newest first, with their stored reports. */
    static JsonArray imports(Connection c, long campaignId) throws SQLException {
        JsonArray out = new JsonArray();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT i.*, l.status list_status FROM imports i JOIN contact_lists l ON l.id = i.list_id"
                        + " WHERE i.campaign_id = ? AND l.status <> 'IMPORTING' ORDER BY i.id DESC")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(report(rs));
                }
            }
        }
        return out;
    }

    /** Returns one upload's report. */
    static JsonObject importReport(Connection c, long importId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT i.*, l.status list_status FROM imports i JOIN contact_lists l ON l.id = i.list_id"
                        + " WHERE i.id = ?")) {
            ps.setLong(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("import", importId);
                }
                return report(rs);
            }
        }
    }

    private static JsonObject report(ResultSet rs) throws SQLException {
        JsonObject stored = new JsonObject(rs.getString("report"));
        JsonObject rejected = new JsonObject();
        stored.getJsonObject("rejected", new JsonObject())
                .forEach(e -> rejected.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        JsonObject mapping = new JsonObject();
        stored.getJsonObject("mapping", new JsonObject())
                .forEach(e -> mapping.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return new JsonObject()
                .put("importId", rs.getLong("id"))
                .put("campaignId", rs.getLong("campaign_id"))
                .put("listId", rs.getLong("list_id"))
                .put("listStatus", rs.getString("list_status").toLowerCase(Locale.ROOT))
                .put("fileName", rs.getString("file_name"))
                .put("encoding", rs.getString("encoding"))
                .put("delimiter", rs.getString("delimiter"))
                .put("hasHeader", rs.getBoolean("has_header"))
                .put("mapping", mapping)
                .put("customFields", stored.getJsonArray("customFields", new JsonArray()))
                .put("rowsRead", rs.getLong("rows_read"))
                .put("blankLines", stored.getLong("blankLines", 0L))
                .put("accepted", rs.getLong("accepted"))
                .put("rejectedTotal", rs.getLong("rejected"))
                .put("rejected", rejected)
                .put("missingPlaceholders", stored.getJsonArray("missingPlaceholders", new JsonArray()))
                .put("bytesRead", stored.getLong("bytesRead", 0L))
                .put("durationMillis", stored.getLong("durationMillis", 0L))
                .put("startedAt", iso(rs, "started_at"))
                .put("finishedAt", iso(rs, "finished_at"));
    }

    /** Returns a page of the do-not-call list ordered by number, optionally filtered by a digits fragment. */
    static JsonObject dnc(Connection c, String query, String afterPhone, int limit) throws SQLException {
        String digits = query == null ? "" : query.replaceAll("[^0-9]", "");
        JsonArray items = new JsonArray();
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dnc WHERE phone LIKE ?")) {
            ps.setString(1, "%" + digits + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT phone, source, note, added_at FROM dnc"
                + " WHERE phone LIKE ? AND phone > ? ORDER BY phone FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, "%" + digits + "%");
            ps.setString(2, afterPhone == null ? "" : afterPhone);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new JsonObject()
                            .put("phone", rs.getString("phone"))
                            .put("source", rs.getString("source"))
                            .put("note", rs.getString("note"))
                            .put("addedAt", iso(rs, "added_at")));
                }
            }
        }
        String next =
                items.size() == limit ? items.getJsonObject(items.size() - 1).getString("phone") : null;
        return new JsonObject().put("items", items).put("total", total).put("next", next);
    }

    /** Returns surveys completed per UTC day, oldest first: [{date, completed, cumulative}]. */
    static JsonArray completionsByDay(Connection c, long campaignId) throws SQLException {
        JsonArray out = new JsonArray();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT CAST(completed_at AS DATE) d, COUNT(*) n FROM contacts"
                        + " WHERE campaign_id = ? AND completed_at IS NOT NULL GROUP BY CAST(completed_at AS DATE) ORDER BY d")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                long cumulative = 0;
                while (rs.next()) {
                    long n = rs.getLong(2);
                    cumulative += n;
                    out.add(new JsonObject()
                            .put(
                                    "date",
                                    rs.getObject(1, java.time.LocalDate.class).toString())
                            .put("completed", n)
                            .put("cumulative", cumulative));
                }
            }
        }
        return out;
    }

    /**
     * Returns a page of contacts that have answers or a disposition, with their answers: {items: [{contactId,
     * name, phone, disposition, completedAt, answers: {questionId: answer}}], next}.
     */
    static JsonObject answers(Connection c, long campaignId, long afterId, int limit) throws SQLException {
        JsonArray items = new JsonArray();
        java.util.Map<Long, JsonObject> byId = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, phone, disposition, completed_at FROM contacts"
                + " WHERE campaign_id = ? AND id > ? AND (disposition IS NOT NULL OR EXISTS"
                + " (SELECT 1 FROM answers a WHERE a.contact_id = contacts.id)) ORDER BY id FETCH FIRST " + limit
                + " ROWS ONLY")) {
            ps.setLong(1, campaignId);
            ps.setLong(2, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject o = new JsonObject()
                            .put("contactId", rs.getLong("id"))
                            .put("name", rs.getString("name"))
                            .put("phone", rs.getString("phone"))
                            .put("disposition", rs.getString("disposition"))
                            .put("completedAt", iso(rs, "completed_at"))
                            .put("answers", new JsonObject());
                    byId.put(o.getLong("contactId"), o);
                    items.add(o);
                }
            }
        }
        if (!byId.isEmpty()) {
            long first = byId.keySet().iterator().next();
            long last = items.getJsonObject(items.size() - 1).getLong("contactId");
            try (PreparedStatement ps = c.prepareStatement("SELECT contact_id, question_id, answer FROM answers"
                    + " WHERE campaign_id = ? AND contact_id BETWEEN ? AND ? ORDER BY id")) {
                ps.setLong(1, campaignId);
                ps.setLong(2, first);
                ps.setLong(3, last);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JsonObject o = byId.get(rs.getLong(1));
                        if (o != null) {
                            o.getJsonObject("answers").put(rs.getString(2), rs.getString(3));
                        }
                    }
                }
            }
        }
        Long next =
                items.size() == limit ? items.getJsonObject(items.size() - 1).getLong("contactId") : null;
        return new JsonObject().put("items", items).put("next", next);
    }
}
