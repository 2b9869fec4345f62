package org.centralita.server.campaigns;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.server.OpenDatabase;
import org.centralita.server.ServerException;
import org.centralita.server.config.ServerConfig;

/**
 * The server's database: the campaigns module's {@link Database} (HikariCP + Flyway over {@code
 * classpath:db/migration}, every module's migrations) as an {@link OpenDatabase}.
 *
 * <p>{@link #open} is the {@link OpenDatabase.Opener} given to {@code CentralitaServer.start}; it runs on a
 * Vert.x worker, whose Vert.x instance drives the database's async facade. {@link #of(DataSource)} finds the
 * {@link Database} again from the {@code Platform}'s data source when the modules are wired.
 */
public final class CampaignsStorage implements OpenDatabase {
    private static final Map<DataSource, Database> OPEN = new ConcurrentHashMap<>();

    private final Database database;

    private CampaignsStorage(Database database) {
        this.database = database;
    }

    /**
     * Opens and migrates the database; blocking. Must run in a Vert.x context (the server calls it on a worker).
     *
     * @throws ServerException naming the database when it cannot be opened or migrated
     */
    public static CampaignsStorage open(ServerConfig.DatabaseConfig config) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("CampaignsStorage.open must run on a Vert.x worker");
        }
        Database db;
        try {
            db = Database.open(
                    new DatabaseConfig(config.url(), config.username(), config.password(), config.maxPoolSize()),
                    context.owner());
        } catch (RuntimeException e) {
            throw new ServerException("database: cannot open " + config.url() + ": " + rootMessage(e), e);
        }
        OPEN.put(db.dataSource(), db);
        return new CampaignsStorage(db);
    }

    /**
     * Returns the campaigns {@link Database} behind a data source opened by {@link #open}.
     *
     * @throws IllegalStateException if the data source was not opened here
     */
    public static Database of(DataSource dataSource) {
        Database db = OPEN.get(Objects.requireNonNull(dataSource, "dataSource"));
        if (db == null) {
            throw new IllegalStateException("the server database was not opened by CampaignsStorage.open");
        }
        return db;
    }

    /** Returns the campaigns database. */
    public Database database() {
        return database;
    }

    @Override
    public DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public void close() {
        OPEN.remove(database.dataSource());
        database.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null
                ? t.toString()
                : t.getMessage().lines().findFirst().orElse(t.toString());
    }
}
