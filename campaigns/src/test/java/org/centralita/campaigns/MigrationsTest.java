package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Upgrading a stored database: a new campaigns migration applies even where a later module's range is applied. */
class MigrationsTest {
    @Test
    void aNewCampaignsMigrationAppliesToADatabaseWhereALaterModulesRangeIsAlreadyApplied() throws Exception {
        DatabaseConfig config = DatabaseConfig.h2Memory("upgrade" + System.nanoTime());
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(config.jdbcUrl());
            ds.setUsername(config.user());
            // the database of an earlier release: campaigns V100, then (say) the server's V499
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .target("100")
                    .load()
                    .migrate();
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate(
                        "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
                                + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\","
                                + " \"success\") VALUES (2, '499', 'later module', 'SQL', 'V499__later.sql', 0, 'sa', 1, TRUE)");
                s.executeUpdate("INSERT INTO campaigns (name, status, default_country, default_time_zone,"
                        + " abandon_target, dial_mode, dial_settings, calling_windows, retry_rules, survey, created_at,"
                        + " updated_at) VALUES ('stored', 'RUNNING', 'ES', 'Europe/Madrid', 0.03, 'progressive', '{}',"
                        + " '{\"weekly\":{},\"holidays\":[]}', '{}', '{\"title\":\"t\",\"questions\":[]}',"
                        + " TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00')");
            }

            try (Database db = Database.open(config, null)) {
                long rev = db.executeBlocking(c -> {
                    try (ResultSet rs = c.createStatement()
                            .executeQuery("SELECT dialing_rev FROM campaigns WHERE name = 'stored'")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                assertThat(rev).isZero();
                long foreignKeysOfContacts = db.executeBlocking(c -> {
                    try (ResultSet rs = c.getMetaData().getImportedKeys(null, null, "CONTACTS")) {
                        long n = 0;
                        while (rs.next()) {
                            n++;
                        }
                        return n;
                    }
                });
                assertThat(foreignKeysOfContacts).isZero();
            }
        }
    }
}
