package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.ContactState;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.MutableClock;
import org.centralita.dialer.Contact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The prefetching lead source over the campaigns module. */
@ExtendWith(VertxExtension.class)
class CampaignLeadSourceTest {

    private Database db;
    private Campaigns campaigns;
    private Campaign campaign;
    private Context context;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private CampaignLeadSource leads;

    @BeforeEach
    void setUp(Vertx vertx) {
        db = Database.open(DatabaseConfig.h2Memory("leads" + System.nanoTime()), vertx);
        campaigns = new Campaigns(db, new MutableClock(RuntimeHarness.MONDAY_10Z));
        Campaign c = campaigns.createBlocking(
                CampaignSpec.of("Leads", RuntimeHarness.SURVEY, "ES", java.time.ZoneId.of("Europe/Madrid")));
        byte[] csv = "phone;name;product\n+34612345678;Ana;router\n+34612345679;Luis;fibra\n+34612345670;Eva;tv\n"
                .getBytes(StandardCharsets.UTF_8);
        campaigns.importContactsBlocking(
                c.id(), "l.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        campaign = campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);
        context = vertx.getOrCreateContext();
        leads = new CampaignLeadSource(campaigns, campaign.id(), "dialer", 2, context, now::get);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private <T> T on(java.util.concurrent.Callable<Future<T>> work) {
        return Contexts.call(context, work).await();
    }

    private long state(ContactState s) {
        return campaigns.contacts(campaign.id(), 0, 10).await().stream()
                .filter(c -> c.state() == s)
                .count();
    }

    @Test
    void nextNeverBlocksAndServesContactsClaimedAheadWithTheirSurvey() {
        assertThat(on(() -> Future.succeededFuture(leads.next(now.get()))))
                .as("nothing claimed yet: empty at once, and a claim starts in the background")
                .isEmpty();
        org.awaitility.Awaitility.await().until(() -> on(() -> Future.succeededFuture(leads.buffered())) == 2);
        assertThat(state(ContactState.CLAIMED)).as("prefetch 2 of 3").isEqualTo(2);
        Optional<Contact> first = on(() -> Future.succeededFuture(leads.next(now.get())));
        assertThat(first).isPresent();
        Lead lead = on(
                () -> Future.succeededFuture(leads.handedOut(first.get().id()).orElseThrow()));
        assertThat(lead.survey().intro())
                .isEqualTo("Hola " + lead.claimed().contact().name() + ", le llamamos por su "
                        + first.get().fields().get("product") + ".");
    }

    @Test
    void pausedCampaignGetsItsBufferedContactsBack() {
        on(() -> leads.refill());
        campaigns.setStatusBlocking(campaign.id(), CampaignStatus.PAUSED);
        assertThat(on(() -> leads.refill())).isZero();
        assertThat(on(() -> Future.succeededFuture(leads.buffered()))).isZero();
        org.awaitility.Awaitility.await().until(() -> state(ContactState.CLAIMED) == 0);
    }

    @Test
    void aNumberPutOnDoNotCallWhileBufferedIsNotDialledOnceItsLeadIsStale() {
        on(() -> leads.refill());
        for (String phone : new String[] {"+34612345678", "+34612345679", "+34612345670"}) {
            campaigns.addDoNotCallBlocking(phone, "ES", "test", null);
        }
        now.addAndGet(CampaignLeadSource.MAX_AGE_MILLIS + 1);
        assertThat(on(() -> Future.succeededFuture(leads.next(now.get())))).isEmpty();
        org.awaitility.Awaitility.await().until(() -> state(ContactState.CLAIMED) == 0);
    }

    private void sql(String statement) {
        db.transactionBlocking(c -> {
            try (var st = c.createStatement()) {
                st.execute(statement);
            }
            return null;
        });
    }

    @Test
    void contactsClaimedButNotLoadedBecauseOfADatabaseErrorAreGivenBack() {
        sql("ALTER TABLE attempts RENAME TO attempts_away"); // the history cannot be read, nor a claim released
        assertThat(Contexts.call(context, () -> leads.refill()).otherwiseEmpty().await())
                .isNull();
        assertThat(state(ContactState.CLAIMED))
                .as("claimed by the failed round")
                .isEqualTo(2);
        sql("ALTER TABLE attempts_away RENAME TO attempts");

        on(() -> leads.refill()); // the next round gives them back first, then claims afresh
        on(() -> leads.close());
        org.awaitility.Awaitility.await().until(() -> state(ContactState.CLAIMED) == 0);
        assertThat(state(ContactState.READY)).isEqualTo(3);
    }
}
