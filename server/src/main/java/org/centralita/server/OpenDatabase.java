package org.centralita.server;

import javax.sql.DataSource;

/** An open, migrated database: the one {@link DataSource} of the server and how to close it. */
public interface OpenDatabase extends AutoCloseable {
    /** Returns the shared pooled data source. */
    DataSource dataSource();

    /** Closes the pool. */
    @Override
    void close();

    /** Opens a database from its configuration; swap in the campaigns module's {@code Database} here. */
    @FunctionalInterface
    interface Opener {
        /** Opens and migrates the database; blocking, called once at start-up. */
        OpenDatabase open(org.centralita.server.config.ServerConfig.DatabaseConfig config);
    }
}
