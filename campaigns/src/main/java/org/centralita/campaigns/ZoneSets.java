package org.centralita.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The time-zone keys present in each campaign (table {@code campaign_zones}). */
final class ZoneSets {
    private ZoneSets() {}

    static Set<String> load(Connection conn, long campaignId) throws SQLException {
        Set<String> zones = new HashSet<>();
        try (PreparedStatement ps =
                conn.prepareStatement("SELECT time_zone FROM campaign_zones WHERE campaign_id = ?")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    zones.add(rs.getString(1));
                }
            }
        }
        return zones;
    }

    static void add(Connection conn, long campaignId, Collection<String> zones) throws SQLException {
        Set<String> existing = load(conn, campaignId);
        try (PreparedStatement ps =
                conn.prepareStatement("INSERT INTO campaign_zones (campaign_id, time_zone) VALUES (?, ?)")) {
            for (String z : zones) {
                if (existing.add(z)) {
                    ps.setLong(1, campaignId);
                    ps.setString(2, z);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
