package org.centralita.campaigns;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Survey answers, aggregates and CSV exports. */
final class Results {
    private Results() {}

    /** Validates and stores a contact's answers (replacing earlier ones) and its disposition. */
    static void save(Connection c, Campaign campaign, AnswerSet set, Instant now) throws SQLException {
        Contact ct = CampaignRepository.contact(c, set.contactId());
        if (ct.campaignId() != campaign.id()) {
            throw new CampaignsException.InvalidState(
                    "contact " + set.contactId() + " is not in campaign " + campaign.id());
        }
        Survey survey = campaign.survey();
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : set.answers().entrySet()) {
            Question q = survey.question(e.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("the survey has no question '" + e.getKey() + "'"));
            if (e.getValue() == null || e.getValue().isBlank()) {
                continue;
            }
            canonical.put(q.id(), q.canonicalAnswer(e.getValue()));
        }
        boolean complete = !survey.questions().isEmpty()
                && survey.questions().stream().filter(Question::required).allMatch(q -> canonical.containsKey(q.id()));
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM answers WHERE contact_id = ?")) {
            ps.setLong(1, ct.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO answers (contact_id, campaign_id, attempt_id,"
                + " question_id, answer, agent, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, String> e : canonical.entrySet()) {
                ps.setLong(1, ct.id());
                ps.setLong(2, campaign.id());
                if (set.attemptId() > 0) {
                    ps.setLong(3, set.attemptId());
                } else {
                    ps.setNull(3, java.sql.Types.BIGINT);
                }
                ps.setString(4, e.getKey());
                ps.setString(5, e.getValue());
                ps.setString(6, set.agent());
                ps.setObject(7, Formats.ts(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE contacts SET disposition = ?, completed_at = ? WHERE id = ?")) {
            ps.setString(1, set.disposition());
            ps.setObject(2, complete ? Formats.ts(now) : null);
            ps.setLong(3, ct.id());
            ps.executeUpdate();
        }
    }

    static Map<String, String> answers(Connection c, long contactId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT question_id, answer FROM answers WHERE contact_id = ? ORDER BY id")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    static CampaignResults aggregate(Connection c, Campaign campaign) throws SQLException {
        String live = " AND list_id IN (SELECT id FROM contact_lists WHERE status <> 'IMPORTING')";
        long contacts = count(c, "SELECT COUNT(*) FROM contacts WHERE campaign_id = ?" + live, campaign.id());
        long completed = count(
                c,
                "SELECT COUNT(*) FROM contacts WHERE campaign_id = ? AND completed_at IS NOT NULL" + live,
                campaign.id());
        List<CampaignResults.QuestionStats> stats = new ArrayList<>();
        double csatAvg = Double.NaN;
        double nps = Double.NaN;
        double fcr = Double.NaN;
        Map<Integer, Long> csatDist = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT answer, COUNT(*) FROM answers WHERE campaign_id = ?"
                + " AND question_id = ? GROUP BY answer")) {
            for (Question q : campaign.survey().questions()) {
                ps.setLong(1, campaign.id());
                ps.setString(2, q.id());
                Map<String, Long> dist = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        dist.put(rs.getString(1), rs.getLong(2));
                    }
                }
                long n = dist.values().stream().mapToLong(Long::longValue).sum();
                double avg = Double.NaN;
                if ((q.type() == QuestionType.CSAT || q.type() == QuestionType.NPS) && n > 0) {
                    double sum = 0;
                    for (var e : dist.entrySet()) {
                        sum += Integer.parseInt(e.getKey()) * (double) e.getValue();
                    }
                    avg = sum / n;
                }
                if (q.type() == QuestionType.CSAT && Double.isNaN(csatAvg) && n > 0) {
                    csatAvg = avg;
                    for (int i = 1; i <= 5; i++) {
                        csatDist.put(i, dist.getOrDefault(Integer.toString(i), 0L));
                    }
                }
                if (q.type() == QuestionType.NPS && Double.isNaN(nps) && n > 0) {
                    long promoters = 0;
                    long detractors = 0;
                    for (var e : dist.entrySet()) {
                        int v = Integer.parseInt(e.getKey());
                        if (v >= 9) {
                            promoters += e.getValue();
                        } else if (v <= 6) {
                            detractors += e.getValue();
                        }
                    }
                    nps = 100.0 * (promoters - detractors) / n;
                }
                if (q.id().equals(campaign.survey().fcrQuestionId()) && n > 0) {
                    fcr = (double) dist.getOrDefault("yes", 0L) / n;
                }
                stats.add(new CampaignResults.QuestionStats(q.id(), q.type(), n, dist, avg));
            }
        }
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT outcome, COUNT(*) FROM attempts WHERE campaign_id = ?"
                + " AND ended_at IS NOT NULL GROUP BY outcome")) {
            ps.setLong(1, campaign.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outcomes.put(Outcome.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        if (csatDist.isEmpty() && campaign.survey().questions().stream().anyMatch(q -> q.type() == QuestionType.CSAT)) {
            for (int i = 1; i <= 5; i++) {
                csatDist.put(i, 0L);
            }
        }
        return new CampaignResults(
                campaign.id(),
                contacts,
                completed,
                contacts == 0 ? 0 : (double) completed / contacts,
                csatAvg,
                csatDist,
                nps,
                fcr,
                stats,
                outcomes);
    }

    private static long count(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Writes one CSV row per contact with its answers (only contacts with a disposition or answers if {@code
     * answeredOnly}), every cell protected against formula injection.
     */
    static long export(Connection c, Campaign campaign, boolean answeredOnly, Writer out)
            throws SQLException, IOException {
        List<Question> qs = campaign.survey().questions();
        List<String> header = new ArrayList<>(List.of(
                "contact_id",
                "phone",
                "name",
                "customer_id",
                "state",
                "attempts",
                "last_outcome",
                "disposition",
                "completed_at"));
        qs.forEach(q -> header.add(q.id()));
        String sql = "SELECT c.id, c.phone, c.name, c.customer_id, c.state, c.attempts, c.last_outcome,"
                + " c.disposition, c.completed_at, a.question_id, a.answer FROM contacts c LEFT JOIN answers a"
                + " ON a.contact_id = c.id WHERE c.campaign_id = ?"
                + " AND c.list_id IN (SELECT id FROM contact_lists WHERE status <> 'IMPORTING')"
                + (answeredOnly ? " AND (c.disposition IS NOT NULL OR a.id IS NOT NULL)" : "")
                + " ORDER BY c.id, a.id";
        long rows = 0;
        CSVPrinter printer = new CSVPrinter(
                out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
        printer.printRecord(header);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            ps.setLong(1, campaign.id());
            try (ResultSet rs = ps.executeQuery()) {
                long current = -1;
                String[] row = null;
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (id != current) {
                        if (row != null) {
                            print(printer, row);
                            rows++;
                        }
                        current = id;
                        row = new String[header.size()];
                        row[0] = Long.toString(id);
                        row[1] = rs.getString(2);
                        row[2] = rs.getString(3);
                        row[3] = rs.getString(4);
                        row[4] = rs.getString(5);
                        row[5] = Integer.toString(rs.getInt(6));
                        String outcome = rs.getString(7);
                        row[6] = outcome == null
                                ? null
                                : Outcome.valueOf(outcome).wireName();
                        row[7] = rs.getString(8);
                        Instant done = Formats.instant(rs, "completed_at");
                        row[8] = done == null ? null : done.toString();
                    }
                    String qid = rs.getString(10);
                    if (qid != null) {
                        int idx = header.indexOf(qid);
                        if (idx >= 0) {
                            row[idx] = rs.getString(11);
                        }
                    }
                }
                if (row != null) {
                    print(printer, row);
                    rows++;
                }
            }
        }
        printer.flush();
        return rows;
    }

    private static void print(CSVPrinter printer, String[] row) throws IOException {
        List<String> cells = new ArrayList<>(row.length);
        for (String s : row) {
            cells.add(CsvEscaping.cell(s));
        }
        printer.printRecord(cells);
    }

    /** Writes the rejected rows of an import: line, reason, detail, original row. */
    static long exportRejects(Connection c, long importId, Writer out) throws SQLException, IOException {
        CSVPrinter printer = new CSVPrinter(
                out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
        printer.printRecord("line", "reason", "detail", "row");
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT line_no, reason, detail, raw FROM import_rejects WHERE import_id = ? ORDER BY line_no, id")) {
            ps.setFetchSize(1000);
            ps.setLong(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    printer.printRecord(
                            rs.getLong(1),
                            rs.getString(2),
                            CsvEscaping.cell(rs.getString(3)),
                            CsvEscaping.cell(rs.getString(4)));
                    n++;
                }
            }
        }
        printer.flush();
        return n;
    }
}
