package org.centralita.server.telephony;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where pacing settings live, keyed by campaign id. {@link JdbcPacingStore} keeps them in the server's
 * database (table {@code pacing_settings}); {@link InMemoryPacingStore} is for tests and demos.
 */
public interface PacingStore {
    /** Returns the stored settings of {@code campaignId}, if any. */
    Future<Optional<PacingSettings>> find(String campaignId);

    /** Returns every stored campaign's settings, by campaign id. */
    Future<List<PacingSettings>> list();

    /** Stores {@code settings} (insert or replace) and returns them. */
    Future<PacingSettings> save(PacingSettings settings);
}
