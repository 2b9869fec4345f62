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
 * On H2 only: drops the foreign keys {@code contacts.campaign_id → campaigns} and {@code contacts.list_id →
 * contact_lists}. H2 keeps a separate index for each, and H2 updates a row by removing and re-adding it in every index
 * of its table, so each claimed contact paid for both (a third of the claim's allocation and CPU). Contacts are written
 * only by the importer, with the list it has just created and that list's campaign, and deleted before their list;
 * PostgreSQL, which creates no index for a foreign key, keeps both constraints.
 */
public class V102__h2_contacts_foreign_key_indexes extends BaseJavaMigration {
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
                String column = rs.getString("FKCOLUMN_NAME");
                if (("CAMPAIGN_ID".equalsIgnoreCase(column) || "LIST_ID".equalsIgnoreCase(column))
                        && !names.contains(rs.getString("FK_NAME"))) {
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
