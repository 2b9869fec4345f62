package org.centralita.campaigns;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server's one database lives.
 *
 * @param jdbcUrl H2 ({@code jdbc:h2:...}) or PostgreSQL ({@code jdbc:postgresql://...})
 * @param user user name ({@code sa} for embedded H2)
 * @param password password (may be empty)
 * @param maxPoolSize HikariCP maximum pool size
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {

    /** H2 options used for every embedded file database. */
    static final String H2_OPTIONS = ";MODE=REGULAR;DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE;LOCK_TIMEOUT=10000";

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must be an H2 or PostgreSQL JDBC URL, got " + jdbcUrl);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be >= 1, got " + maxPoolSize);
        }
    }

    /** Returns the default: an embedded H2 file database at {@code ./data/centralita}. */
    public static DatabaseConfig defaults() {
        return h2File(Path.of("data", "centralita"));
    }

    /** Returns an embedded H2 file database at the given base path (H2 appends {@code .mv.db}). */
    public static DatabaseConfig h2File(Path basePath) {
        String path = basePath.toAbsolutePath().toString().replace('\\', '/');
        return new DatabaseConfig("jdbc:h2:file:" + path + H2_OPTIONS, "sa", "", 8);
    }

    /** Returns a private in-memory H2 database that lives as long as the pool (tests). */
    public static DatabaseConfig h2Memory(String name) {
        return new DatabaseConfig("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 8);
    }

    /** Returns a PostgreSQL configuration. */
    public static DatabaseConfig postgres(String jdbcUrl, String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, 8);
    }

    /** Returns true if this is a PostgreSQL database. */
    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
