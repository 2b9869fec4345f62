package org.centralita.server.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.centralita.server.ServerException;

/**
 * Pacing settings in table {@code pacing_settings} (migration {@code V410}), on worker threads. Portable
 * H2 / PostgreSQL: an update, then an insert when no row was updated, in one transaction.
 */
public final class JdbcPacingStore implements PacingStore {
    private static final String COLUMNS = "campaign_id, mode, abandon_target, connect_deadline_ms, ring_timeout_ms,"
            + " ratio, max_lines_per_agent, safety_margin, channel_limit, amd, updated_by, updated_at";

    private final Vertx vertx;
    private final DataSource dataSource;

    /** Creates a store over the server's {@code dataSource}. */
    public JdbcPacingStore(Vertx vertx, DataSource dataSource) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Future<Optional<PacingSettings>> find(String campaignId) {
        return vertx.executeBlocking(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM pacing_settings WHERE campaign_id = ?")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<PacingSettings>empty();
                }
            } catch (SQLException e) {
                throw new ServerException(
                        "cannot read pacing settings of campaign " + campaignId + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Future<List<PacingSettings>> list() {
        return vertx.executeBlocking(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM pacing_settings ORDER BY campaign_id");
                    ResultSet rs = ps.executeQuery()) {
                List<PacingSettings> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            } catch (SQLException e) {
                throw new ServerException("cannot list pacing settings: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Future<PacingSettings> save(PacingSettings s) {
        Objects.requireNonNull(s.updatedAt(), "updatedAt");
        return vertx.executeBlocking(() -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    int updated;
                    try (PreparedStatement ps = c.prepareStatement("UPDATE pacing_settings SET mode = ?,"
                            + " abandon_target = ?, connect_deadline_ms = ?, ring_timeout_ms = ?, ratio = ?,"
                            + " max_lines_per_agent = ?, safety_margin = ?, channel_limit = ?, amd = ?,"
                            + " updated_by = ?, updated_at = ? WHERE campaign_id = ?")) {
                        bindValues(ps, s, 1);
                        ps.setString(12, s.campaignId());
                        updated = ps.executeUpdate();
                    }
                    if (updated == 0) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pacing_settings (" + COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                            ps.setString(1, s.campaignId());
                            bindValues(ps, s, 2);
                            ps.executeUpdate();
                        }
                    }
                    c.commit();
                    return s;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new ServerException(
                        "cannot store pacing settings of campaign " + s.campaignId() + ": " + e.getMessage(), e);
            }
        });
    }

    private static void bindValues(PreparedStatement ps, PacingSettings s, int first) throws SQLException {
        int i = first;
        ps.setString(i++, s.mode());
        ps.setBigDecimal(i++, decimal(s.abandonTarget(), 5));
        ps.setInt(i++, (int) Math.round(s.connectDeadlineSeconds() * 1000));
        ps.setInt(i++, (int) Math.round(s.ringTimeoutSeconds() * 1000));
        ps.setBigDecimal(i++, decimal(s.ratio(), 2));
        ps.setBigDecimal(i++, decimal(s.maxLinesPerAgent(), 2));
        ps.setBigDecimal(i++, decimal(s.safetyMargin(), 3));
        ps.setInt(i++, s.channelLimit());
        ps.setString(i++, s.amd().id());
        ps.setString(i++, s.updatedBy());
        ps.setObject(i, s.updatedAt().atOffset(ZoneOffset.UTC));
    }

    private static BigDecimal decimal(double v, int scale) {
        return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
    }

    private static PacingSettings read(ResultSet rs) throws SQLException {
        return new PacingSettings(
                rs.getString("campaign_id"),
                rs.getString("mode"),
                rs.getBigDecimal("abandon_target").doubleValue(),
                rs.getInt("connect_deadline_ms") / 1000.0,
                rs.getInt("ring_timeout_ms") / 1000.0,
                rs.getBigDecimal("ratio").doubleValue(),
                rs.getBigDecimal("max_lines_per_agent").doubleValue(),
                rs.getBigDecimal("safety_margin").doubleValue(),
                rs.getInt("channel_limit"),
                PacingSettings.AmdTreatment.parse(rs.getString("amd")),
                rs.getString("updated_by"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
