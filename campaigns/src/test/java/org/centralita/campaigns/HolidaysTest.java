package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holidays for everyone and per country, judged on each contact's local date, with an injected clock. */
class HolidaysTest {
    private static final LocalDate THANKSGIVING = LocalDate.of(2026, 11, 26);
    private static final String NEW_YORK = "+12125550123";
    private static final String LONDON = "+442079460958";
    private static final String MADRID = "+34911234567";

    private Database db;
    private MutableClock clock;
    private Campaigns campaigns;
    private Campaign campaign;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        clock = new MutableClock(Instant.parse("2026-11-20T06:00:00Z"));
        campaigns = new Campaigns(db, clock);
        // open around the clock every day, so that only holidays close anything
        Map<DayOfWeek, List<TimeRange>> always = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            always.put(d, List.of(new TimeRange(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
        }
        campaign = campaigns.createBlocking(Fixtures.spanishSpec()
                .withWindows(new CallingWindows(
                        always,
                        Set.of(LocalDate.of(2026, 12, 25)),
                        Set.of(new Holiday(THANKSGIVING, "us"), new Holiday(LocalDate.of(2026, 12, 8), "ES")))));
        byte[] csv = Fixtures.spanishWindows1252();
        campaigns.importContactsBlocking(
                campaign.id(), "visits.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        campaign = campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<String> claimAndRelease() {
        List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaign.id(), 100, "dialer");
        claimed.forEach(c -> campaigns.releaseBlocking(c.contact().id()));
        return claimed.stream().map(c -> c.contact().phone()).toList();
    }

    private long id(String phone) {
        return db.executeBlocking(c -> {
            try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT id FROM contacts WHERE phone = '" + phone + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void aCountryHolidayClosesOnlyThatCountrysContactsOnTheirOwnLocalDate() {
        clock.set(Instant.parse("2026-11-26T03:00:00Z")); // New York: Wed 25th 22:00, not yet Thanksgiving
        assertThat(claimAndRelease()).hasSize(10).contains(NEW_YORK); // the whole list (no do-not-call here)

        clock.set(Instant.parse("2026-11-26T05:00:00Z")); // New York: Thanksgiving 00:00; Madrid 06:00 on the 26th
        assertThat(claimAndRelease()).hasSize(9).doesNotContain(NEW_YORK).contains(MADRID, LONDON);

        clock.set(Instant.parse("2026-11-27T04:59:00Z")); // New York: 23:59, still Thanksgiving; Madrid already 27th
        assertThat(claimAndRelease()).doesNotContain(NEW_YORK);
        clock.set(Instant.parse("2026-11-27T05:00:00Z")); // New York: Friday 27th 00:00
        assertThat(claimAndRelease()).contains(NEW_YORK);
    }

    @Test
    void aSpanishHolidayClosesEverySpanishZoneButNotLondonOrNewYork() {
        clock.set(Instant.parse("2026-12-08T12:00:00Z"));
        assertThat(claimAndRelease()).containsExactlyInAnyOrder(LONDON, NEW_YORK);
        // 23:30 UTC on the 8th: Madrid is already the 9th, the Canaries (and so Spanish mobiles) still the 8th
        clock.set(Instant.parse("2026-12-08T23:30:00Z"));
        assertThat(claimAndRelease()).contains(MADRID).doesNotContain("+34928123456", "+34612345678");
    }

    @Test
    void aHolidayForEveryoneClosesEveryCountry() {
        clock.set(Instant.parse("2026-12-25T12:00:00Z"));
        assertThat(claimAndRelease()).isEmpty();
    }

    @Test
    void theExplanationNamesTheCountryAndTheDateAndWhenItReopens() {
        clock.set(Instant.parse("2026-11-26T15:00:00Z"));
        Dialability d = campaigns.explainBlocking(id(NEW_YORK));
        assertThat(d.dialable()).isFalse();
        assertThat(d.reasons()).extracting(Dialability.Reason::code).containsExactly(Dialability.Code.HOLIDAY);
        assertThat(d.reasons().get(0).message())
                .startsWith("holiday in US: 2026-11-26 (local time Thu 2026-11-26 10:00 America/New_York)")
                .endsWith("it opens at Fri 2026-11-27 00:00 America/New_York");
        assertThat(d.nextEligibleAt()).isEqualTo(Instant.parse("2026-11-27T05:00:00Z"));
        assertThat(campaigns.explainBlocking(id(MADRID)).dialable()).isTrue();

        clock.set(Instant.parse("2026-12-25T12:00:00Z"));
        assertThat(campaigns.explainBlocking(id(LONDON)).reasons().get(0).message())
                .startsWith("holiday: 2026-12-25 (local time");
    }

    @Test
    void aCallbackOnTheContactsNationalHolidayIsRefusedWithTheNextOpening() {
        clock.set(Instant.parse("2026-11-25T15:00:00Z"));
        assertThatThrownBy(() -> campaigns.scheduleCallbackBlocking(
                        id(NEW_YORK), Instant.parse("2026-11-26T15:00:00Z"), null, null, "ana"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("next opening is Fri 2026-11-27 00:00 America/New_York");
        Callback ok = campaigns.scheduleCallbackBlocking(
                id(MADRID), Instant.parse("2026-11-26T15:00:00Z"), null, null, "ana");
        assertThat(ok.dueAt()).isEqualTo(Instant.parse("2026-11-26T15:00:00Z"));
    }

    @Test
    void storedCampaignsWithPlainDatesReadAsHolidaysForEveryoneAndKeepTheirForm() {
        CallingWindows old = Json.windows(
                new JsonObject("{\"weekly\": {\"MONDAY\": [\"09:00-21:00\"]}, \"holidays\": [\"2026-12-25\"]}"));
        assertThat(old.holidays()).containsExactly(LocalDate.of(2026, 12, 25));
        assertThat(old.countryHolidays()).isEmpty();
        assertThat(Json.windows(old).getJsonArray("holidays").encode()).isEqualTo("[\"2026-12-25\"]");

        CallingWindows mixed = Json.windows(new JsonObject("{\"weekly\": {}, \"holidays\": [\"2026-12-25\","
                + " {\"date\": \"2026-12-08\", \"country\": \"es\"}, {\"date\": \"2026-01-01\"}]}"));
        assertThat(mixed.holidays()).containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 25));
        assertThat(mixed.countryHolidays()).containsExactly(new Holiday(LocalDate.of(2026, 12, 8), "ES"));
        assertThat(Json.windows(mixed).getJsonArray("holidays").encode())
                .isEqualTo("[\"2026-01-01\",{\"date\":\"2026-12-08\",\"country\":\"ES\"},\"2026-12-25\"]");
        assertThat(Json.windows(Json.windows(mixed))).isEqualTo(mixed);
    }

    @Test
    void aHolidayWithAnUnknownCountryOrNoDateIsRefusedWithItsValue() {
        assertThatThrownBy(() -> new Holiday(LocalDate.of(2026, 12, 8), "XX"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown country 'XX'");
        assertThatThrownBy(() -> Json.windows(new JsonObject("{\"holidays\": [{\"country\": \"ES\"}]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no date");
        assertThatThrownBy(() -> Json.windows(new JsonObject("{\"holidays\": [20261208]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a date");
        assertThat(new Holiday(LocalDate.of(2026, 12, 8), " ").country()).isNull();
    }

    @Test
    void aCountryHolidayAddedToARunningCampaignAppliesToTheNextClaim() {
        clock.set(Instant.parse("2026-12-01T12:00:00Z"));
        assertThat(claimAndRelease()).contains(LONDON);
        CallingWindows w = campaign.spec().windows();
        List<Holiday> all = new java.util.ArrayList<>(w.allHolidays());
        all.add(new Holiday(LocalDate.of(2026, 12, 1), "GB"));
        campaigns.updateBlocking(campaign.id(), campaign.spec().withWindows(w.withHolidayList(all)));
        assertThat(claimAndRelease()).hasSize(9).doesNotContain(LONDON);
    }
}
