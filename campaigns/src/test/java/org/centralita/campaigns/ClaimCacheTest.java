package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim's campaign cache ({@link DialingCache}): every change of settings, status, lists, zones, do-not-call and
 * callbacks is seen by the very next claim, also when made through another {@link Campaigns} on the same database; and
 * the schema the claim relies on (covering index, no per-row index the claim does not need).
 */
class ClaimCacheTest {
    private static final Instant MONDAY_10Z = DialingTest.MONDAY_10Z;
    private static final String MADRID_FIXED = "+34911234567";

    private Database db;
    private MutableClock clock;
    private Campaigns campaigns;
    private Campaign campaign;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        clock = new MutableClock(Instant.parse("2026-11-23T06:00:00Z"));
        campaigns = new Campaigns(db, clock);
        campaign = campaigns.createBlocking(Fixtures.spanishSpec());
        campaigns.addDoNotCallBlocking("600 000 001", "ES", "upload", null);
        importCsv(Fixtures.spanishWindows1252());
        campaign = campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
        clock.set(MONDAY_10Z);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private ImportReport importCsv(byte[] csv) {
        return campaigns.importContactsBlocking(
                campaign.id(), "list.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
    }

    private List<String> claim(Campaigns by, int n) {
        return by.claimNextBlocking(campaign.id(), n, "dialer").stream()
                .map(c -> c.contact().phone())
                .toList();
    }

    private List<String> claim(int n) {
        return claim(campaigns, n);
    }

    private void releaseAll() {
        db.executeBlocking(c -> c.createStatement()
                .executeUpdate("UPDATE contacts SET state = 'READY', claim_owner = NULL WHERE state = 'CLAIMED'"));
    }

    private long contactId(String phone) {
        return db.executeBlocking(c -> {
            try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT id FROM contacts WHERE phone = '" + phone + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void repeatedClaimsReadTheCampaignOnceWhileNothingChanges() {
        for (int i = 0; i < 5; i++) {
            assertThat(claim(1)).hasSize(1);
        }
        assertThat(campaigns.dialingCache().loads()).isEqualTo(1);

        campaigns.updateBlocking(campaign.id(), campaign.spec().withCallerId("+34910000000"));
        assertThat(claim(1)).hasSize(1);
        assertThat(campaigns.dialingCache().loads()).isEqualTo(2);
    }

    @Test
    void changedCallingWindowsApplyToTheNextClaim() {
        assertThat(claim(1)).hasSize(1); // warm
        campaign = campaigns.updateBlocking(
                campaign.id(),
                campaign.spec().withWindows(campaign.spec().windows().with(DayOfWeek.MONDAY)));
        assertThat(claim(100)).isEmpty();

        campaigns.updateBlocking(
                campaign.id(),
                campaign.spec()
                        .withWindows(campaign.spec()
                                .windows()
                                .with(DayOfWeek.MONDAY, new TimeRange(LocalTime.of(10, 30), LocalTime.of(12, 0)))));
        // 11:00 in Madrid is open, 10:00 in London and the Canaries is not
        assertThat(claim(100)).contains(MADRID_FIXED).doesNotContain("+442079460958", "+34928123456");
    }

    @Test
    void pausingTheCampaignOrAListStopsTheNextClaimAndResumingRestoresIt() {
        assertThat(claim(1)).hasSize(1);
        campaigns.setStatusBlocking(campaign.id(), CampaignStatus.PAUSED);
        assertThat(claim(100)).isEmpty();
        campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);

        long list = campaigns.contactBlocking(contactId(MADRID_FIXED)).listId();
        campaigns.setListPausedBlocking(list, true);
        assertThat(claim(100)).isEmpty();
        campaigns.setListPausedBlocking(list, false);
        assertThat(claim(100)).hasSize(7);
    }

    @Test
    void aChangeMadeThroughAnotherInstanceIsSeenByTheNextClaim() {
        Campaigns other = new Campaigns(db, clock); // e.g. the HTTP API beside the dialer
        assertThat(claim(1)).hasSize(1);
        other.setListPausedBlocking(
                campaigns.contactBlocking(contactId(MADRID_FIXED)).listId(), true);
        assertThat(claim(100)).isEmpty();
        other.setStatusBlocking(campaign.id(), CampaignStatus.PAUSED);
        other.setListPausedBlocking(
                campaigns.contactBlocking(contactId(MADRID_FIXED)).listId(), false);
        assertThat(claim(100)).isEmpty();
    }

    @Test
    void aNewListBringsItsTimeZonesToTheNextClaim() {
        clock.set(Instant.parse("2026-11-23T15:00:00Z")); // Madrid 16:00, New York 10:00
        List<String> first = claim(100);
        assertThat(first).contains(MADRID_FIXED).doesNotContain("+16502530000");
        // the campaign had only New York among US zones; Los Angeles (06:00 → 07:00 at 15:00Z) arrives with this list
        importCsv("phone\n+1 650 253 0000\n+1 212 555 0124\n".getBytes(StandardCharsets.UTF_8));
        assertThat(claim(100)).containsExactly("+12125550124");
        clock.set(Instant.parse("2026-11-23T17:00:00Z")); // Los Angeles 09:00
        assertThat(claim(100)).containsExactly("+16502530000");
    }

    @Test
    void contactsOfAListTheCachedCampaignDoesNotKnowAreNeverClaimed() {
        assertThat(claim(1)).hasSize(1);
        releaseAll();
        // rows that appear without the campaign's revision moving (an import racing with this claim)
        db.executeBlocking(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO contact_lists (campaign_id, name, status, created_at) VALUES ("
                        + campaign.id() + ", 'racing', 'ACTIVE', TIMESTAMP '2026-11-23 06:00:00')");
                s.executeUpdate("INSERT INTO contacts (campaign_id, list_id, line_no, phone, time_zone, fields,"
                        + " state, priority, next_due_at, attempts, created_at) SELECT " + campaign.id()
                        + ", MAX(id), 2, '+34911000000', 'Europe/Madrid', '{}', 'READY', 1,"
                        + " TIMESTAMP '2026-11-23 06:00:00', 0, TIMESTAMP '2026-11-23 06:00:00' FROM contact_lists");
            }
            return null;
        });
        assertThat(claim(100)).hasSize(8).doesNotContain("+34911000000");
        releaseAll();
        // once the campaign moves on (here: any settings change), the list is known and its contacts are due
        campaigns.updateBlocking(campaign.id(), campaign.spec());
        assertThat(claim(100)).hasSize(9).contains("+34911000000");
    }

    @Test
    void doNotCallAddedAfterTheCampaignWasCachedIsHonouredByTheNextClaim() {
        assertThat(claim(1)).hasSize(1);
        releaseAll();
        campaigns.addDoNotCallBlocking(MADRID_FIXED, null, "api", null);
        // an uploaded do-not-call file leaves contact rows alone: the claim probes the list itself
        byte[] dnc = "phone\n+34928123456\n".getBytes(StandardCharsets.UTF_8);
        campaigns.importDoNotCallBlocking(
                "dnc.csv", new ByteArrayInputStream(dnc), dnc.length, "ES", ImportOptions.detect());
        assertThat(claim(100)).hasSize(6).doesNotContain(MADRID_FIXED, "+34928123456");
    }

    @Test
    void callbackScheduledAfterTheCampaignWasCachedComesFirstWhenDue() {
        assertThat(claim(1)).hasSize(1);
        releaseAll();
        long ny = contactId("+12125550123");
        campaigns.scheduleCallbackBlocking(ny, Instant.parse("2026-11-23T15:00:00Z"), null, null, "ana");
        assertThat(claim(100)).hasSize(8).doesNotContain("+12125550123");
        releaseAll();
        clock.set(Instant.parse("2026-11-23T15:00:00Z"));
        List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaign.id(), 100, "dialer");
        assertThat(claimed.get(0).contact().phone()).isEqualTo("+12125550123");
        assertThat(claimed.get(0).reason()).isEqualTo(ClaimedContact.Kind.CALLBACK);
    }

    @Test
    void theOpenZonesFollowTheClockAcrossAWindowBoundaryWithinTheSameRevision() {
        clock.set(Instant.parse("2026-11-23T19:59:59Z")); // Madrid 20:59:59
        assertThat(claim(100)).contains(MADRID_FIXED);
        releaseAll();
        clock.set(Instant.parse("2026-11-23T20:00:00Z")); // Madrid 21:00 closed; Canaries, London 20:00, New York 15:00
        assertThat(claim(100)).containsExactlyInAnyOrder("+34928123456", "+442079460958", "+12125550123");
        releaseAll();
        clock.set(Instant.parse("2026-11-23T19:59:00Z")); // back in time (clock corrected)
        assertThat(claim(100)).contains(MADRID_FIXED);
        assertThat(campaigns.dialingCache().loads()).isEqualTo(1);
    }

    @Test
    void aWindowBoundaryInsideAMinuteIsHonouredToTheSecond() {
        campaign = campaigns.updateBlocking(
                campaign.id(),
                campaign.spec()
                        .withWindows(campaign.spec()
                                .windows()
                                .with(DayOfWeek.MONDAY, new TimeRange(LocalTime.of(9, 0), LocalTime.of(11, 0, 30)))));
        clock.set(Instant.parse("2026-11-23T10:00:29Z")); // Madrid 11:00:29
        assertThat(claim(100)).contains(MADRID_FIXED);
        releaseAll();
        clock.set(Instant.parse("2026-11-23T10:00:30Z")); // Madrid 11:00:30, same minute
        assertThat(claim(100)).doesNotContain(MADRID_FIXED);
    }

    @Test
    void concurrentClaimersNeverShareAContactAndTogetherTakeEveryOne() throws Exception {
        importCsv(Fixtures.generated(300));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<Long>>> dialers = new ArrayList<>();
            for (int d = 0; d < 4; d++) {
                Campaigns own = new Campaigns(db, clock); // each dialer with its own cache, as separate servers
                String owner = "dialer-" + d;
                dialers.add(pool.submit(() -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        own.claimNextBlocking(campaign.id(), 3, owner)
                                .forEach(c -> mine.add(c.contact().id()));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (var f : dialers) {
                all.addAll(f.get());
            }
            campaigns
                    .claimNextBlocking(campaign.id(), 1000, "sweeper")
                    .forEach(c -> all.add(c.contact().id()));
            assertThat(all).doesNotHaveDuplicates().hasSize(308); // 8 open now from the Spanish list + 300
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCandidateReadIsAnOrderedRangeOfTheCoveringIndex() {
        List<String> indexes = new ArrayList<>();
        String plan = db.executeBlocking(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                        + " WHERE TABLE_NAME = 'CONTACTS' ORDER BY INDEX_NAME")) {
                    while (rs.next()) {
                        indexes.add(rs.getString(1));
                    }
                }
                try (ResultSet rs = s.executeQuery("EXPLAIN SELECT id, next_due_at, list_id FROM contacts"
                        + " WHERE campaign_id = 1 AND state = 'READY' AND time_zone = 'Europe/Madrid' AND priority = 1"
                        + " AND next_due_at <= TIMESTAMP '2026-11-23 10:00:00' AND NOT EXISTS (SELECT 1 FROM dnc d"
                        + " WHERE d.phone = contacts.phone) ORDER BY campaign_id, state, time_zone, priority,"
                        + " next_due_at, id LIMIT 100")) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertThat(plan).contains("PUBLIC.CONTACTS_NEXT").contains("/* index sorted */");
        // each index is rewritten for every claimed row: the primary key, the claim's index and the per-campaign phone
        // uniqueness, nothing more
        assertThat(indexes).hasSize(3).contains("CONTACTS_NEXT", "CONTACTS_CAMPAIGN_PHONE");
        List<String> covered = db.executeBlocking(c -> {
            List<String> cols = new ArrayList<>();
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE INDEX_NAME ="
                            + " 'CONTACTS_NEXT' ORDER BY ORDINAL_POSITION")) {
                while (rs.next()) {
                    cols.add(rs.getString(1));
                }
            }
            return cols;
        });
        assertThat(covered)
                .containsExactly(
                        "CAMPAIGN_ID", "STATE", "TIME_ZONE", "PRIORITY", "NEXT_DUE_AT", "ID", "LIST_ID", "PHONE");
    }

    @Test
    void doNotCallUpdatesFindTheContactsOfEveryCampaignByPhone() {
        Campaign second = campaigns.createBlocking(Fixtures.spanishSpec());
        byte[] csv = "telefono\n91 123 45 67\n".getBytes(StandardCharsets.UTF_8);
        campaigns.importContactsBlocking(
                second.id(), "b.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        campaigns.addDoNotCallBlocking(MADRID_FIXED, null, "agent", null);
        long dnc = db.executeBlocking(c -> {
            try (ResultSet rs = c.createStatement()
                    .executeQuery(
                            "SELECT COUNT(*) FROM contacts WHERE phone = '" + MADRID_FIXED + "' AND state = 'DNC'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(dnc).isEqualTo(2);
        String plan = db.executeBlocking(c -> {
            try (ResultSet rs = c.createStatement()
                    .executeQuery("EXPLAIN UPDATE contacts SET state = 'DNC' WHERE campaign_id IN (SELECT id FROM"
                            + " campaigns) AND phone = '+34911234567' AND state = 'READY'")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(plan).contains("CONTACTS_CAMPAIGN_PHONE");
    }
}
