package org.centralita.server;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.centralita.campaigns.CallingWindows;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Fixtures;
import org.centralita.campaigns.ImportOptions;
import org.centralita.server.campaigns.CampaignsStorage;

/** Creates campaigns that dial at once (calling windows open all day, every day), for tests of live dialers. */
final class LiveCampaigns {
    private LiveCampaigns() {}

    /** Returns the campaigns module over the server's database. */
    static Campaigns of(DataSource ds) {
        return new Campaigns(CampaignsStorage.of(ds), Clock.systemUTC());
    }

    /** Creates a RUNNING campaign in {@code dialMode} with {@code contacts} Spanish mobile numbers. Blocking. */
    static Campaign running(DataSource ds, String name, String dialMode, int contacts) {
        Campaigns campaigns = of(ds);
        CallingWindows always = CallingWindows.defaults();
        for (DayOfWeek d : DayOfWeek.values()) {
            always = always.with(d, new org.centralita.campaigns.TimeRange(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        }
        Campaign c =
                campaigns.createBlocking(CampaignSpec.of(name, Fixtures.visitSurvey(), "ES", ZoneId.of("Europe/Madrid"))
                        .withWindows(always)
                        .withDialMode(dialMode, "{}")
                        .withCallerId("+34910000000"));
        StringBuilder csv = new StringBuilder("phone;name\n");
        for (int i = 0; i < contacts; i++) {
            csv.append(
                    String.format("+3461%07d;Cliente %d%n", Math.floorMod(name.hashCode(), 900) * 1000 + 1000 + i, i));
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        campaigns.importContactsBlocking(
                c.id(), "contacts.csv", new ByteArrayInputStream(bytes), bytes.length, ImportOptions.detect(), null);
        return campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);
    }
}
