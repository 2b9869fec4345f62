package org.centralita.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.centralita.server.config.ServerConfig.DatabaseConfig;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interim database opener: a HikariCP pool plus Flyway over {@code classpath:db/migration} (every
 * module's sub-folder). The campaigns module's {@code Database} replaces it in {@code ServeCommand}.
 */
public final class ServerDatabase implements OpenDatabase {
    private static final Logger log = LoggerFactory.getLogger(ServerDatabase.class);

    private final HikariDataSource pool;

    private ServerDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens the pool and applies pending migrations; blocking. */
    public static ServerDatabase open(DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.username());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setPoolName("centralita-db");
        hc.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new ServerException("database: cannot open " + config.url() + ": " + rootMessage(e), e);
        }
        try {
            var result = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info(
                    "Database {} ready ({} migration(s) applied, schema version {})",
                    config.url(),
                    result.migrationsExecuted,
                    result.targetSchemaVersion);
        } catch (RuntimeException e) {
            pool.close();
            throw new ServerException("database: migration failed: " + rootMessage(e), e);
        }
        return new ServerDatabase(pool);
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
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
