package org.centralita.campaigns;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for tests: a private in-memory H2 per call, or the real PostgreSQL named by {@code CENTRALITA_TEST_PG_URL}
 * (+ {@code CENTRALITA_TEST_PG_USER}, {@code CENTRALITA_TEST_PG_PASSWORD}), see {@code .ci/postgres.sh}.
 */
public final class TestDatabases {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestDatabases() {}

    /** Opens a fresh, migrated in-memory H2 database. */
    public static Database h2() {
        return Database.open(DatabaseConfig.h2Memory("test" + SEQ.incrementAndGet() + "_" + System.nanoTime()), null);
    }

    /** Returns the PostgreSQL configuration from the environment, if set. */
    public static Optional<DatabaseConfig> postgresConfig() {
        String url = System.getenv("CENTRALITA_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(DatabaseConfig.postgres(
                url, System.getenv("CENTRALITA_TEST_PG_USER"), System.getenv("CENTRALITA_TEST_PG_PASSWORD")));
    }

    /** Wipes the PostgreSQL test database's public schema, then opens and migrates it. */
    public static Database freshPostgres(DatabaseConfig config) {
        Database probe = null;
        try {
            var ds = new com.zaxxer.hikari.HikariDataSource();
            ds.setJdbcUrl(config.jdbcUrl());
            ds.setUsername(config.user());
            ds.setPassword(config.password());
            ds.setMaximumPoolSize(1);
            try (ds;
                    Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA public CASCADE");
                s.execute("CREATE SCHEMA public");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the PostgreSQL test database: " + e.getMessage(), e);
        }
        return Database.open(config, null);
    }
}
