package db.migration.campaigns;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2 only: drops the foreign key {@code contacts.campaign_id → campaigns}, for which H2 keeps a separate index that
 * every claimed row had to rewrite (H2 updates a row by removing and re-adding it in all indexes). The campaign of a
 * contact stays tied to a real campaign through {@code contacts.list_id → contact_lists.campaign_id → campaigns}, which
 * remain; the importer writes the list's campaign. PostgreSQL creates no index for a foreign key: it keeps it.
 */
public class V102__h2_contacts_campaign_fk extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        DatabaseMetaData meta = c.getMetaData();
        if (!meta.getDatabaseProductName().toUpperCase(java.util.Locale.ROOT).contains("H2")) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), c.getSchema(), "CONTACTS")) {
            while (rs.next()) {
                if ("CAMPAIGN_ID".equalsIgnoreCase(rs.getString("FKCOLUMN_NAME"))
                        && "CAMPAIGNS".equalsIgnoreCase(rs.getString("PKTABLE_NAME"))) {
                    names.add(rs.getString("FK_NAME"));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("ALTER TABLE contacts DROP CONSTRAINT \"" + name.replace("\"", "\"\"") + "\"");
            }
        }
    }
}
