package org.centralita.campaigns;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one database: a HikariCP pool migrated by Flyway over {@code classpath:db/migration} (every module's
 * sub-folder), with a small async facade that runs JDBC on Vert.x worker threads and returns {@link Future}s.
 *
 * <p>Other modules take {@link #dataSource()} and run their own JDBC on workers; or they use {@link #execute} and
 * {@link #transaction}. Never call the blocking methods ({@code *Blocking}) from an event loop.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    private final Vertx vertx;
    private final WorkerExecutor workers;

    private Database(DatabaseConfig config, HikariDataSource dataSource, Vertx vertx) {
        this.config = config;
        this.dataSource = dataSource;
        this.vertx = vertx;
        this.workers = vertx == null ? null : vertx.createSharedWorkerExecutor("centralita-db", config.maxPoolSize());
    }

    /**
     * Opens the pool and runs every pending Flyway migration; blocking, call it at start-up (or on a worker).
     *
     * @param vertx the Vert.x instance whose workers run the async facade; may be null for blocking-only use
     *     (benchmarks, CLI)
     */
    public static Database open(DatabaseConfig config, Vertx vertx) {
        Objects.requireNonNull(config, "config");
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setPoolName("centralita-db");
        hikari.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hikari);
        try {
            var result = Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    // each module numbers its own range (campaigns V100-V199, ivr-flows V200-...): a module's new
                    // migration must still apply to a database where a later range is already applied
                    .outOfOrder(true)
                    .load()
                    .migrate();
            LOG.info("database {} migrated: {} migration(s) applied", redacted(config), result.migrationsExecuted);
        } catch (RuntimeException e) {
            ds.close();
            throw new CampaignsException.Storage("cannot migrate database " + redacted(config), e);
        }
        return new Database(config, ds, vertx);
    }

    private static String redacted(DatabaseConfig config) {
        return config.jdbcUrl().replaceAll("(?i)password=[^;&]*", "password=***");
    }

    /** Returns the pooled DataSource shared by every module. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Returns the configuration this database was opened with. */
    public DatabaseConfig config() {
        return config;
    }

    /** Returns true if this is PostgreSQL (false: H2). */
    public boolean isPostgres() {
        return config.isPostgres();
    }

    /** Runs {@code work} with an auto-commit connection on a worker thread. */
    public <T> Future<T> execute(SqlWork<T> work) {
        return onWorker(() -> executeBlocking(work));
    }

    /** Runs {@code work} in one transaction on a worker thread: committed if it returns, rolled back if it throws. */
    public <T> Future<T> transaction(SqlWork<T> work) {
        return onWorker(() -> transactionBlocking(work));
    }

    /** Runs any blocking code on the database worker pool and returns its result as a Future. */
    public <T> Future<T> onWorker(java.util.concurrent.Callable<T> blocking) {
        if (workers == null) {
            throw new IllegalStateException("this Database was opened without Vert.x: use the *Blocking methods");
        }
        return workers.executeBlocking(blocking, false);
    }

    /** Runs {@code work} with an auto-commit connection on the calling thread (blocking). */
    public <T> T executeBlocking(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new CampaignsException.Storage("database error: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction on the calling thread (blocking). */
    public <T> T transactionBlocking(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                if (e instanceof SQLException sql) {
                    throw new CampaignsException.Storage("database error: " + sql.getMessage(), sql);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new CampaignsException.Storage("database error: " + e.getMessage(), e);
        }
    }

    /** Closes the worker pool and the connection pool. */
    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
        dataSource.close();
    }

    Vertx vertx() {
        return vertx;
    }
}
