package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;
import javax.sql.DataSource;

/** A {@link CallContextStore} over the {@code ivr_call_context} table. */
public final class JdbcCallContextStore implements CallContextStore {

    private static final String COLUMNS = "call_id, linked_id, account_id, verified, intent, last_menu, "
            + "failed_attempts, language, agent_group, caller_id, created_at, customer_name, verification, failed_at, "
            + "transfer_reason";

    private final Jdbc jdbc;

    /** Creates the store over the server's shared DataSource. */
    public JdbcCallContextStore(Vertx vertx, DataSource dataSource) {
        this.jdbc = new Jdbc(vertx, dataSource);
    }

    @Override
    public Future<Void> put(CallContext x) {
        return jdbc.run("storing a call context", c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM ivr_call_context WHERE call_id = ?")) {
                del.setString(1, x.callId());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ivr_call_context (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, x.callId());
                ps.setString(2, x.linkedId());
                ps.setString(3, x.accountId());
                ps.setBoolean(4, x.verified());
                ps.setString(5, x.intent());
                ps.setString(6, x.lastMenu());
                ps.setInt(7, x.failedAttempts());
                ps.setString(8, x.language());
                ps.setString(9, x.agentGroup());
                ps.setString(10, x.callerId());
                ps.setTimestamp(11, Timestamp.from(x.createdAt()));
                ps.setString(12, x.customerName());
                ps.setString(13, x.verification());
                ps.setString(14, x.failedAt());
                ps.setString(15, x.transferReason());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<Optional<CallContext>> find(String id) {
        return jdbc.run("finding a call context", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM ivr_call_context WHERE call_id = ? OR linked_id = ? ORDER BY created_at DESC")) {
                ps.setString(1, id);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CallContext(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBoolean(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getInt(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getTimestamp(11).toInstant(),
                            rs.getString(12),
                            rs.getString(13),
                            rs.getString(14),
                            rs.getString(15)));
                }
            }
        });
    }
}
