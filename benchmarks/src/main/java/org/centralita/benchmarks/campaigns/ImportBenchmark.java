package org.centralita.benchmarks.campaigns;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.ClaimedContact;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.ImportReport;
import org.centralita.campaigns.Survey;

/**
 * Imports a generated list (UTF-8, 6 columns, 5% invalid, 3% duplicates) into embedded H2 with the campaigns importer
 * and, side by side, with a naive baseline (BufferedReader + split + one auto-committed INSERT per row, capped to a
 * sample and extrapolated); then measures the next-contact claim (batch of 100) at that size.
 *
 * <pre>
 * java -Xmx512m -cp benchmarks/target/centralita-benchmarks.jar \
 *     org.centralita.benchmarks.campaigns.ImportBenchmark [rows=1000000] [baselineSample=50000] [claims=2000]
 * </pre>
 */
public final class ImportBenchmark {
    private ImportBenchmark() {}

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int baselineSample = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int claims = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Path dir = Files.createTempDirectory("centralita-bench");
        try {
            run(dir, rows, baselineSample, claims);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, int rows, int baselineSample, int claims) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "java %s, %d cores, max heap %d MB, load average %.2f%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path csv = dir.resolve("contacts.csv");
        long t0 = System.nanoTime();
        int[] expected = generate(csv, rows, 42);
        System.out.printf(
                Locale.ROOT,
                "generated %,d rows (%,d invalid, %,d duplicates), %.1f MB in %.1f s%n",
                rows,
                expected[0],
                expected[1],
                Files.size(csv) / 1e6,
                (System.nanoTime() - t0) / 1e9);

        // ---- ours
        Instant monday11z = Instant.parse("2026-11-23T11:00:00Z");
        Clock clock = Clock.fixed(monday11z, ZoneOffset.UTC);
        Database db = Database.open(DatabaseConfig.h2File(dir.resolve("ours")), null);
        Campaigns campaigns = new Campaigns(db, clock);
        Campaign campaign = campaigns.createBlocking(
                CampaignSpec.of("bench", Survey.empty(), "ES", java.time.ZoneId.of("Europe/Madrid")));
        resetPeakHeap();
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        ImportReport report = campaigns.importFileBlocking(campaign.id(), csv, ImportOptions.detect(), null);
        double oursSeconds = (System.nanoTime() - start) / 1e9;
        double oursCpu = (cpuNanos() - cpuStart) / 1e9;
        long peakHeap = peakHeapMb();
        System.out.printf(
                Locale.ROOT,
                "ours:     %,d rows in %.2f s (process CPU %.2f s) = %,.0f rows/s; accepted %,d, rejected %s;"
                        + " peak heap (sum of pool peaks) %d MB%n",
                report.rowsRead(),
                oursSeconds,
                oursCpu,
                report.rowsRead() / oursSeconds,
                report.accepted(),
                report.rejected(),
                peakHeap);

        // ---- naive baseline on a fresh database with the same schema
        Database base = Database.open(DatabaseConfig.h2File(dir.resolve("baseline")), null);
        Campaign bc = new Campaigns(base, clock)
                .createBlocking(
                        CampaignSpec.of("baseline", Survey.empty(), "ES", java.time.ZoneId.of("Europe/Madrid")));
        int sample = Math.min(rows, baselineSample);
        long bStart = System.nanoTime();
        long bCpuStart = cpuNanos();
        long inserted = baseline(base, bc.id(), csv, sample);
        double bSeconds = (System.nanoTime() - bStart) / 1e9;
        double bCpu = (cpuNanos() - bCpuStart) / 1e9;
        double bExtrapolated = bSeconds * rows / sample;
        System.out.printf(
                Locale.ROOT,
                "baseline: %,d rows in %.2f s (process CPU %.2f s) = %,.0f rows/s (sample of %,d; extrapolated to"
                        + " %,d rows: %.1f s, CPU %.1f s)%n",
                inserted,
                bSeconds,
                bCpu,
                inserted / bSeconds,
                sample,
                rows,
                bExtrapolated,
                bCpu * rows / sample);
        System.out.printf(
                Locale.ROOT,
                "ratio:    baseline/ours = %.2f by wall time, %.2f by CPU time (higher is better for ours)%n",
                bExtrapolated / oursSeconds,
                bCpu * rows / sample / oursCpu);
        base.close();

        // ---- next-contact query (claim 100) at this size
        campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
        Histogram h = new Histogram(3_600_000_000L, 3);
        Histogram cpu = new Histogram(3_600_000_000L, 3);
        Histogram noGc = new Histogram(3_600_000_000L, 3);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long self = Thread.currentThread().getId();
        int warmup = Math.min(200, claims / 5);
        long claimed = 0;
        long allocated = 0;
        int withGc = 0;
        for (int i = 0; i < claims + warmup; i++) {
            long g0 = gcCount(gcs);
            long a0 = threads.getThreadAllocatedBytes(self);
            long s = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            List<ClaimedContact> batch = campaigns.claimNextBlocking(campaign.id(), 100, "bench");
            long c = threads.getCurrentThreadCpuTime() - c0;
            long e = System.nanoTime() - s;
            long a = threads.getThreadAllocatedBytes(self) - a0;
            boolean gc = gcCount(gcs) != g0;
            if (batch.size() != 100) {
                throw new IllegalStateException("expected 100 contacts, got " + batch.size());
            }
            if (i >= warmup) {
                h.recordValue(e / 1000);
                cpu.recordValue(Math.max(1, c / 1000));
                claimed += batch.size();
                allocated += a;
                if (gc) {
                    withGc++;
                } else {
                    noGc.recordValue(e / 1000);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "claimNext(100) at %,d contacts, wall: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms over %,d"
                        + " batches (%,d contacts claimed)%n",
                report.accepted(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0,
                claims,
                claimed);
        System.out.printf(
                Locale.ROOT,
                "claimNext(100) CPU time of the calling thread (embedded H2 runs in it): p50 %.2f ms, p95 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms%n",
                cpu.getValueAtPercentile(50) / 1000.0,
                cpu.getValueAtPercentile(95) / 1000.0,
                cpu.getValueAtPercentile(99) / 1000.0,
                cpu.getMaxValue() / 1000.0);
        System.out.printf(
                Locale.ROOT,
                "claimNext(100) heap allocated per batch %.0f KB; batches with a GC pause inside: %d of %d; wall of the"
                        + " others: p99 %.2f ms, max %.2f ms; load average now %.2f%n",
                allocated / 1024.0 / claims,
                withGc,
                claims,
                noGc.getValueAtPercentile(99) / 1000.0,
                noGc.getMaxValue() / 1000.0,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        db.close();
    }

    /** Writes the list; returns {invalid, duplicates}. */
    static int[] generate(Path file, int rows, long seed) throws IOException {
        Random rnd = new Random(seed);
        long[] recent = new long[4096];
        int recentCount = 0;
        int invalid = 0;
        int dups = 0;
        long next = 600_000_000L;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("telefono,nombre,cliente_id,email,tecnico,fecha_visita\n");
            for (int i = 0; i < rows; i++) {
                double p = rnd.nextDouble();
                String phone;
                if (p < 0.05) {
                    phone = rnd.nextBoolean() ? "12345" : "n/a";
                    invalid++;
                } else if (p < 0.08 && recentCount > 0) {
                    phone = format(recent[rnd.nextInt(Math.min(recentCount, recent.length))], rnd);
                    dups++;
                } else {
                    long n;
                    double kind = rnd.nextDouble();
                    if (kind < 0.85) {
                        n = 600_000_000L + (next++ % 100_000_000L); // mobiles 6xx
                    } else if (kind < 0.95) {
                        n = 910_000_000L + (next++ % 10_000_000L); // Madrid fixed lines
                    } else {
                        n = 928_000_000L + (next++ % 1_000_000L); // Canary fixed lines
                    }
                    recent[recentCount++ % recent.length] = n;
                    phone = format(n, rnd);
                }
                w.write(phone);
                w.write(",Cliente ");
                w.write(Integer.toString(i));
                w.write(" Núñez,C-");
                w.write(Integer.toString(i));
                w.write(",cliente");
                w.write(Integer.toString(i));
                w.write("@example.es,Técnico ");
                w.write(Integer.toString(i % 50));
                w.write(",2026-11-");
                w.write(Integer.toString(1 + i % 28));
                w.write('\n');
            }
        }
        return new int[] {invalid, dups};
    }

    private static String format(long n, Random rnd) {
        String d = Long.toString(n);
        return switch (rnd.nextInt(4)) {
            case 0 -> d;
            case 1 -> "+34" + d;
            case 2 -> d.substring(0, 3) + " " + d.substring(3, 5) + " " + d.substring(5, 7) + " " + d.substring(7);
            default -> "0034 " + d.substring(0, 3) + "-" + d.substring(3, 6) + "-" + d.substring(6);
        };
    }

    /** The naive way: read lines, split on commas, one auto-committed INSERT per row, no validation. */
    static long baseline(Database db, long campaignId, Path csv, int limit) throws IOException, SQLException {
        long listId;
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO contact_lists (campaign_id, name, status, created_at) VALUES (?, 'baseline', 'ACTIVE',"
                            + " CURRENT_TIMESTAMP)",
                    new String[] {"id"})) {
                ps.setLong(1, campaignId);
                ps.executeUpdate();
                try (ResultSet k = ps.getGeneratedKeys()) {
                    k.next();
                    listId = k.getLong(1);
                }
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            long n = 0;
            try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                    PreparedStatement ps = c.prepareStatement("INSERT INTO contacts (campaign_id, list_id, line_no,"
                            + " phone, name, customer_id, time_zone, email, fields, state, priority, next_due_at,"
                            + " attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, 'Europe/Madrid', ?, ?, 'READY', 1, ?,"
                            + " 0, ?)")) {
                r.readLine();
                String line;
                while (n < limit && (line = r.readLine()) != null) {
                    String[] f = line.split(",");
                    ps.setLong(1, campaignId);
                    ps.setLong(2, listId);
                    ps.setLong(3, n + 2);
                    ps.setString(4, "B" + n); // no normalisation; unique so the baseline never fails
                    ps.setString(5, f[1]);
                    ps.setString(6, f[2]);
                    ps.setString(7, f[3]);
                    ps.setString(8, "{\"tecnico\":\"" + f[4] + "\",\"fecha_visita\":\"" + f[5] + "\"}");
                    ps.setObject(9, now);
                    ps.setObject(10, now);
                    ps.executeUpdate();
                    n++;
                }
            }
            return n;
        }
    }

    private static long gcCount(List<java.lang.management.GarbageCollectorMXBean> gcs) {
        long n = 0;
        for (var gc : gcs) {
            n += gc.getCollectionCount();
        }
        return n;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }
}
