package org.centralita.server.telephony;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Pacing settings in memory: lost at restart. For tests and demos. */
public final class InMemoryPacingStore implements PacingStore {
    private final ConcurrentSkipListMap<String, PacingSettings> byCampaign = new ConcurrentSkipListMap<>();

    @Override
    public Future<Optional<PacingSettings>> find(String campaignId) {
        return Future.succeededFuture(Optional.ofNullable(byCampaign.get(campaignId)));
    }

    @Override
    public Future<List<PacingSettings>> list() {
        return Future.succeededFuture(List.copyOf(byCampaign.values()));
    }

    @Override
    public Future<PacingSettings> save(PacingSettings settings) {
        byCampaign.put(settings.campaignId(), settings);
        return Future.succeededFuture(settings);
    }
}
