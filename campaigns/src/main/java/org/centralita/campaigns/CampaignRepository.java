package org.centralita.campaigns;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQL for campaigns, contacts and lists. Every method runs on the caller's connection. */
final class CampaignRepository {
    private CampaignRepository() {}

    static long insert(Connection c, CampaignSpec s, Instant now) throws SQLException {
        return ContactImporter.insertReturningId(
                c,
                "INSERT INTO campaigns (name, status, default_country, default_time_zone, caller_id, abandon_target,"
                        + " dial_mode, dial_settings, calling_windows, retry_rules, survey, created_at, updated_at)"
                        + " VALUES (?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.name(),
                s.defaultCountry(),
                s.defaultTimeZone().getId(),
                s.callerId(),
                BigDecimal.valueOf(s.abandonTarget()),
                s.dialMode(),
                s.dialSettings(),
                Json.windows(s.windows()).encode(),
                Json.retryRules(s.retryRules()).encode(),
                Json.survey(s.survey()).encode(),
                Formats.ts(now),
                Formats.ts(now));
    }

    static void update(Connection c, long id, CampaignSpec s, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE campaigns SET name = ?, default_country = ?,"
                + " default_time_zone = ?, caller_id = ?, abandon_target = ?, dial_mode = ?, dial_settings = ?,"
                + " calling_windows = ?, retry_rules = ?, survey = ?, updated_at = ?, dialing_rev = dialing_rev + 1"
                + " WHERE id = ?")) {
            ps.setString(1, s.name());
            ps.setString(2, s.defaultCountry());
            ps.setString(3, s.defaultTimeZone().getId());
            ps.setString(4, s.callerId());
            ps.setBigDecimal(5, BigDecimal.valueOf(s.abandonTarget()));
            ps.setString(6, s.dialMode());
            ps.setString(7, s.dialSettings());
            ps.setString(8, Json.windows(s.windows()).encode());
            ps.setString(9, Json.retryRules(s.retryRules()).encode());
            ps.setString(10, Json.survey(s.survey()).encode());
            ps.setObject(11, Formats.ts(now));
            ps.setLong(12, id);
            if (ps.executeUpdate() == 0) {
                throw new CampaignsException.NotFound("campaign", id);
            }
        }
    }

    static void setStatus(Connection c, long id, CampaignStatus status, Instant now) throws SQLException {
        Campaign current = get(c, id);
        if (current.status() == CampaignStatus.FINISHED && status != CampaignStatus.FINISHED) {
            throw new CampaignsException.InvalidState("campaign " + id + " is finished and cannot be " + status);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE campaigns SET status = ?, updated_at = ?, dialing_rev = dialing_rev + 1" + " WHERE id = ?")) {
            ps.setString(1, status.name());
            ps.setObject(2, Formats.ts(now));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    static Campaign get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM campaigns WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("campaign", id);
                }
                return campaign(rs);
            }
        }
    }

    static List<Campaign> list(Connection c) throws SQLException {
        List<Campaign> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM campaigns ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(campaign(rs));
            }
        }
        return out;
    }

    private static Campaign campaign(ResultSet rs) throws SQLException {
        CampaignSpec spec = new CampaignSpec(
                rs.getString("name"),
                Json.survey(new JsonObject(rs.getString("survey"))),
                rs.getString("dial_mode"),
                rs.getString("dial_settings"),
                rs.getString("default_country"),
                ZoneId.of(rs.getString("default_time_zone")),
                Json.windows(new JsonObject(rs.getString("calling_windows"))),
                Json.retryRules(new JsonObject(rs.getString("retry_rules"))),
                rs.getString("caller_id"),
                rs.getBigDecimal("abandon_target").doubleValue());
        return new Campaign(
                rs.getLong("id"),
                CampaignStatus.valueOf(rs.getString("status")),
                spec,
                Formats.instant(rs, "created_at"),
                Formats.instant(rs, "updated_at"));
    }

    static Contact contact(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM contacts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("contact", id);
                }
                return contact(rs);
            }
        }
    }

    static Contact contact(ResultSet rs) throws SQLException {
        String outcome = rs.getString("last_outcome");
        Map<String, String> fields = Json.fields(rs.getString("fields"));
        return new Contact(
                rs.getLong("id"),
                rs.getLong("campaign_id"),
                rs.getLong("list_id"),
                rs.getLong("line_no"),
                rs.getString("phone"),
                rs.getString("name"),
                rs.getString("customer_id"),
                rs.getString("language"),
                rs.getString("time_zone"),
                rs.getString("email"),
                fields,
                ContactState.valueOf(rs.getString("state")),
                rs.getInt("priority"),
                Formats.instant(rs, "next_due_at"),
                rs.getInt("attempts"),
                outcome == null ? null : Outcome.valueOf(outcome),
                Formats.instant(rs, "last_attempt_at"),
                rs.getString("callback_agent"),
                rs.getString("done_reason"),
                rs.getString("disposition"));
    }

    static List<Contact> contacts(Connection c, long campaignId, long afterId, int limit) throws SQLException {
        List<Contact> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM contacts WHERE campaign_id = ? AND id > ? AND list_id IN"
                        + " (SELECT id FROM contact_lists WHERE status <> 'IMPORTING') ORDER BY id LIMIT ?")) {
            ps.setLong(1, campaignId);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(contact(rs));
                }
            }
        }
        return out;
    }

    static String listStatus(Connection c, long listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM contact_lists WHERE id = ?")) {
            ps.setLong(1, listId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("contact list", listId);
                }
                return rs.getString(1);
            }
        }
    }

    static void setListStatus(Connection c, long listId, boolean paused) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE contact_lists SET status = ? WHERE id = ?")) {
            ps.setString(1, paused ? "PAUSED" : "ACTIVE");
            ps.setLong(2, listId);
            if (ps.executeUpdate() == 0) {
                throw new CampaignsException.NotFound("contact list", listId);
            }
        }
        DialingCache.touchList(c, listId);
    }

    /** Returns the lists whose contacts must not be dialed: paused, or still importing. */
    static List<Long> pausedLists(Connection c, long campaignId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM contact_lists WHERE campaign_id = ? AND status <> 'ACTIVE'")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
