package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Future-returning facade runs JDBC off the event loop and composes. */
@ExtendWith(VertxExtension.class)
class AsyncFacadeTest {

    @Test
    void importThenClaimThroughFuturesOffTheEventLoop(Vertx vertx, VertxTestContext ctx) {
        Database db = Database.open(DatabaseConfig.h2Memory("async" + System.nanoTime()), vertx);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Campaigns campaigns = new Campaigns(db, clock);
        byte[] csv = Fixtures.generated(50);
        vertx.runOnContext(v -> campaigns
                .create(Fixtures.spanishSpec())
                .compose(c -> campaigns
                        .importContacts(
                                c.id(),
                                "a.csv",
                                new ByteArrayInputStream(csv),
                                csv.length,
                                ImportOptions.detect(),
                                p -> {
                                    assertThat(io.vertx.core.Context.isOnEventLoopThread())
                                            .isFalse();
                                })
                        .compose(report -> campaigns.setStatus(c.id(), CampaignStatus.RUNNING))
                        .compose(running -> campaigns.claimNext(c.id(), 20, "dialer")))
                .onComplete(ctx.succeeding(claimed -> ctx.verify(() -> {
                    assertThat(claimed).hasSize(20);
                    assertThat(claimed).allMatch(c -> c.contact().state() == ContactState.CLAIMED);
                    db.close();
                    ctx.completeNow();
                }))));
    }
}
