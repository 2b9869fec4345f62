package org.centralita.campaigns;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the next-contact claim needs of a campaign that rarely changes (calling windows, time-zone keys, lists), cached
 * between claims and validated on every claim against the campaign's {@code dialing_rev}, which every such change bumps
 * in its own transaction. Validation is one primary-key read, so a change made through another {@link Campaigns} or
 * another server sharing the database is seen by the next claim. The zone keys inside their calling window are
 * recomputed once per minute (or on every claim if a window boundary is not on a whole minute).
 *
 * <p>Do-not-call entries, callbacks, attempts and retry times live in the contact rows and are read by the claim
 * itself, never cached.
 */
final class DialingCache {
    /**
     * One campaign as the claim sees it.
     *
     * @param activeLists lists whose contacts may be dialed (a list created after this snapshot is not among them,
     *     so a contact of a list the snapshot does not know is never claimed)
     * @param inactiveLists paused lists and lists still importing
     */
    record Snapshot(
            long campaignId,
            long rev,
            CampaignStatus status,
            CallingWindows windows,
            List<String> zones,
            Set<Long> activeLists,
            List<Long> inactiveLists,
            boolean minuteAligned) {}

    /**
     * A zone key inside its calling window now.
     *
     * @param countriesOnHoliday countries with a holiday of their own today in one of the key's zones: the claim skips
     *     contacts whose number is from one of them
     */
    record OpenZone(String key, Set<String> countriesOnHoliday) {}

    private record Open(long rev, long minute, List<OpenZone> zones) {}

    private final ConcurrentHashMap<Long, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Open> open = new ConcurrentHashMap<>();
    private long loads;

    /** Returns the campaign's snapshot, reloading it if its {@code dialing_rev} changed since it was cached. */
    Snapshot snapshot(Connection c, long campaignId) throws SQLException {
        long rev;
        CampaignStatus status;
        try (PreparedStatement ps = c.prepareStatement("SELECT status, dialing_rev FROM campaigns WHERE id = ?")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    snapshots.remove(campaignId);
                    throw new CampaignsException.NotFound("campaign", campaignId);
                }
                status = CampaignStatus.valueOf(rs.getString(1));
                rev = rs.getLong(2);
            }
        }
        Snapshot s = snapshots.get(campaignId);
        if (s != null && s.rev() == rev && s.status() == status) {
            return s;
        }
        // read after the revision: a change committed in between makes the next claim reload again, never the reverse
        s = load(c, campaignId, rev, status);
        snapshots.put(campaignId, s);
        return s;
    }

    /** Returns the campaign's zone keys whose calling window is open at {@code now}, sorted. */
    List<OpenZone> openZones(Snapshot s, Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        Open o = open.get(s.campaignId());
        if (s.minuteAligned() && o != null && o.rev() == s.rev() && o.minute() == minute) {
            return o.zones();
        }
        List<OpenZone> zones = new ArrayList<>();
        for (String zone : s.zones()) {
            if (s.windows().isOpen(now, zone)) {
                Set<String> countries = new TreeSet<>();
                if (!s.windows().countryHolidays().isEmpty()) {
                    for (java.time.ZoneId z : TimeZoneKeys.zones(zone)) {
                        countries.addAll(
                                s.windows().countriesOnHoliday(now.atZone(z).toLocalDate()));
                    }
                }
                zones.add(new OpenZone(zone, Set.copyOf(countries)));
            }
        }
        List<OpenZone> result = List.copyOf(zones);
        open.put(s.campaignId(), new Open(s.rev(), minute, result));
        return result;
    }

    /** Returns how many times a snapshot was read from the database (for tests). */
    synchronized long loads() {
        return loads;
    }

    private Snapshot load(Connection c, long campaignId, long rev, CampaignStatus status) throws SQLException {
        synchronized (this) {
            loads++;
        }
        CallingWindows windows;
        try (PreparedStatement ps = c.prepareStatement("SELECT calling_windows FROM campaigns WHERE id = ?")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CampaignsException.NotFound("campaign", campaignId);
                }
                windows = Json.windows(new JsonObject(rs.getString(1)));
            }
        }
        Set<Long> active = new HashSet<>();
        List<Long> inactive = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM contact_lists WHERE campaign_id = ?")) {
            ps.setLong(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("ACTIVE".equals(rs.getString(2))) {
                        active.add(rs.getLong(1));
                    } else {
                        inactive.add(rs.getLong(1));
                    }
                }
            }
        }
        inactive.sort(null);
        return new Snapshot(
                campaignId,
                rev,
                status,
                windows,
                List.copyOf(new TreeSet<>(ZoneSets.load(c, campaignId))),
                Set.copyOf(active),
                List.copyOf(inactive),
                minuteAligned(windows));
    }

    private static boolean minuteAligned(CallingWindows w) {
        for (List<TimeRange> ranges : w.weekly().values()) {
            for (TimeRange r : ranges) {
                if (!onMinute(r.start()) || !onMinute(r.end())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean onMinute(LocalTime t) {
        return t.getSecond() == 0 && t.getNano() == 0;
    }

    /** Bumps a campaign's {@code dialing_rev}; call it in the transaction of any change the snapshot depends on. */
    static void touch(Connection c, long campaignId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE campaigns SET dialing_rev = dialing_rev + 1 WHERE id = ?")) {
            ps.setLong(1, campaignId);
            ps.executeUpdate();
        }
    }

    /** Bumps the {@code dialing_rev} of the campaign owning a contact list. */
    static void touchList(Connection c, long listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE campaigns SET dialing_rev = dialing_rev + 1"
                + " WHERE id = (SELECT campaign_id FROM contact_lists WHERE id = ?)")) {
            ps.setLong(1, listId);
            ps.executeUpdate();
        }
    }
}
