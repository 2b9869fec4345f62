package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.centralita.flows.FlowsException;

/** {@link CallbackRequests} over the {@code ivr_callback_request} table (PENDING, CLAIMED, CLOSED). */
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

    private static final String TICKET = "SELECT request_id, call_id, caller_id, account_id, language, reason, "
            + "requested_at, status, claimed_by, claimed_at, attempts, outcome, note, closed_by, closed_at "
            + "FROM ivr_callback_request ";

    @Override
    public Future<List<CallbackTicket>> open() {
        return jdbc.run("listing open callback requests", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    TICKET + "WHERE status IN ('PENDING', 'CLAIMED') ORDER BY requested_at, request_id")) {
                return tickets(ps);
            }
        });
    }

    @Override
    public Future<Optional<CallbackTicket>> find(long id) {
        return jdbc.run("finding a callback request", c -> ticket(c, id));
    }

    @Override
    public Future<CallbackTicket> claim(long id, String by, Instant now, Duration claimTimeout) {
        return jdbc.run("claiming a callback request", c -> {
            String who = who(by);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ivr_callback_request SET status = 'CLAIMED', "
                    + "claimed_by = ?, claimed_at = ? WHERE request_id = ? AND (status = 'PENDING' OR "
                    + "(status = 'CLAIMED' AND (claimed_by = ? OR claimed_at < ?)))")) {
                ps.setString(1, who);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setLong(3, id);
                ps.setString(4, who);
                ps.setTimestamp(5, Timestamp.from(now.minus(claimTimeout)));
                if (ps.executeUpdate() == 1) {
                    return ticket(c, id).orElseThrow();
                }
            }
            CallbackTicket t = ticket(c, id).orElseThrow(() -> new FlowsException("no callback request " + id));
            throw new FlowsException(
                    t.status() == CallbackTicket.Status.CLOSED
                            ? "callback request " + id + " is closed (" + t.outcome() + ")"
                            : "callback request " + id + " is being handled by " + t.claimedBy() + " since "
                                    + t.claimedAt());
        });
    }

    @Override
    public Future<CallbackTicket> release(long id, String by, String note, Instant now) {
        return jdbc.run("releasing a callback request", c -> {
            String who = who(by);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ivr_callback_request SET status = 'PENDING', "
                    + "attempts = attempts + 1, note = ? WHERE request_id = ? AND status = 'CLAIMED' "
                    + "AND claimed_by = ?")) {
                ps.setString(1, cut(note, 200));
                ps.setLong(2, id);
                ps.setString(3, who);
                if (ps.executeUpdate() == 1) {
                    return ticket(c, id).orElseThrow();
                }
            }
            throw new FlowsException("callback request " + id + " is not held by " + who);
        });
    }

    @Override
    public Future<CallbackTicket> close(long id, String by, String outcome, String note, Instant now) {
        if (outcome == null || outcome.isBlank() || outcome.length() > 32) {
            return Future.failedFuture(new FlowsException("a callback outcome is 1 to 32 characters"));
        }
        return jdbc.run("closing a callback request", c -> {
            String who = who(by);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ivr_callback_request SET status = 'CLOSED', "
                    + "outcome = ?, note = ?, closed_by = ?, closed_at = ?, claimed_by = COALESCE(claimed_by, ?) "
                    + "WHERE request_id = ? AND status IN ('PENDING', 'CLAIMED')")) {
                ps.setString(1, outcome.trim());
                ps.setString(2, cut(note, 200));
                ps.setString(3, who);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setString(5, who);
                ps.setLong(6, id);
                if (ps.executeUpdate() == 1) {
                    return ticket(c, id).orElseThrow();
                }
            }
            CallbackTicket t = ticket(c, id).orElseThrow(() -> new FlowsException("no callback request " + id));
            throw new FlowsException("callback request " + id + " is closed already (" + t.outcome() + ")");
        });
    }

    private static String who(String by) {
        if (by == null || by.isBlank() || by.length() > 64) {
            throw new IllegalArgumentException("who handles a callback is 1 to 64 characters");
        }
        return by.trim();
    }

    private static String cut(String s, int max) {
        String t = s == null ? "" : s.trim();
        return t.length() > max ? t.substring(0, max) : t;
    }

    private static Optional<CallbackTicket> ticket(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TICKET + "WHERE request_id = ?")) {
            ps.setLong(1, id);
            List<CallbackTicket> all = tickets(ps);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }
    }

    private static List<CallbackTicket> tickets(PreparedStatement ps) throws SQLException {
        List<CallbackTicket> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallbackTicket(
                        rs.getLong(1),
                        new CallbackRequest(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getTimestamp(7).toInstant()),
                        CallbackTicket.Status.valueOf(rs.getString(8)),
                        rs.getString(9),
                        instant(rs.getTimestamp(10)),
                        rs.getInt(11),
                        rs.getString(12),
                        rs.getString(13),
                        rs.getString(14),
                        instant(rs.getTimestamp(15))));
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
