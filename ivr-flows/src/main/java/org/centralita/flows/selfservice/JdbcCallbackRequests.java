package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link CallbackRequests} over the {@code ivr_callback_request} table (status PENDING until picked up). */
public final class JdbcCallbackRequests implements CallbackRequests {

    private final Jdbc jdbc;

    /** Creates the store over the server's shared DataSource. */
    public JdbcCallbackRequests(Vertx vertx, DataSource dataSource) {
        this.jdbc = new Jdbc(vertx, dataSource);
    }

    @Override
    public Future<Void> create(CallbackRequest r) {
        return jdbc.run("storing a callback request", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ivr_callback_request (call_id, caller_id, "
                    + "account_id, language, reason, status, requested_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?)")) {
                ps.setString(1, r.callId());
                ps.setString(2, r.callerId());
                ps.setString(3, r.accountId());
                ps.setString(4, r.language());
                ps.setString(5, r.reason());
                ps.setTimestamp(6, Timestamp.from(r.requestedAt()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public Future<List<CallbackRequest>> pending() {
        return jdbc.run("listing callback requests", c -> {
            List<CallbackRequest> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT call_id, caller_id, account_id, language, reason, "
                            + "requested_at FROM ivr_callback_request WHERE status = 'PENDING' ORDER BY request_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CallbackRequest(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return out;
        });
    }
}
