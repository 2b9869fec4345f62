package org.centralita.benchmarks.campaigns;

import com.sun.management.ThreadMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * Measures the next-contact claim ({@code Campaigns.claimNext}, batches of 100) on an imported list, reporting wall and
 * thread-CPU percentiles, heap allocated per claim, and how many of the slow batches had a GC pause inside them.
 *
 * <p>With a database directory the imported list is kept between runs (claims are released to READY before each run),
 * so the import is paid once ({@code -Dclaims.keep=true} skips the release when enough contacts are still READY):
 *
 * <pre>
 * java -Xmx512m -cp benchmarks/target/centralita-benchmarks.jar \
 *     org.centralita.benchmarks.campaigns.ClaimBenchmark [rows=1000000] [batches=2000] [dbDir]
 * </pre>
 */
public final class ClaimBenchmark {
    private static final String NAME = "claim-bench";

    private ClaimBenchmark() {}

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : null;
        boolean temporary = dir == null;
        if (temporary) {
            dir = Files.createTempDirectory("centralita-claim-bench");
        }
        Files.createDirectories(dir);
        try {
            run(dir, rows, batches);
        } finally {
            if (temporary) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(Path dir, int rows, int batches) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "java %s, %d cores, max heap %d MB, load average %.2f%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // Monday 11:00 UTC: Madrid, Canary and Madrid|Canary are all inside Mon-Fri 09-21
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC);
        long t0 = System.nanoTime();
        DatabaseConfig config = DatabaseConfig.h2File(dir.resolve("claims"));
        String extra = System.getProperty("claims.h2extra", "");
        if (!extra.isEmpty()) { // experiments with H2 settings, e.g. -Dclaims.h2extra=;PAGE_SIZE=4096
            config = new DatabaseConfig(
                    config.jdbcUrl() + extra, config.user(), config.password(), config.maxPoolSize());
        }
        System.out.println("database " + config.jdbcUrl());
        Database db = Database.open(config, null);
        System.out.printf(Locale.ROOT, "database opened and migrated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try {
            Campaigns campaigns = new Campaigns(db, clock);
            Campaign campaign = campaigns.listBlocking().stream()
                    .filter(c -> c.name().equals(NAME))
                    .findFirst()
                    .orElse(null);
            if (campaign == null) {
                campaign = campaigns.createBlocking(
                        CampaignSpec.of(NAME, Survey.empty(), "ES", ZoneId.of("Europe/Madrid")));
                Path csv = dir.resolve("contacts.csv");
                ImportBenchmark.generate(csv, rows, 42);
                long s = System.nanoTime();
                ImportReport report = campaigns.importFileBlocking(campaign.id(), csv, ImportOptions.detect(), null);
                Files.delete(csv);
                System.out.printf(
                        Locale.ROOT,
                        "imported %,d rows (%,d accepted) in %.1f s%n",
                        report.rowsRead(),
                        report.accepted(),
                        (System.nanoTime() - s) / 1e9);
                campaigns.setStatusBlocking(campaign.id(), CampaignStatus.RUNNING);
            } else if (!Boolean.getBoolean("claims.keep")) {
                long s = System.nanoTime();
                int released = campaigns.releaseUndialedClaimsBlocking(campaign.id());
                System.out.printf(
                        Locale.ROOT,
                        "reusing campaign %d: released %,d claims in %.1f s%n",
                        campaign.id(),
                        released,
                        (System.nanoTime() - s) / 1e9);
            }
            measure(campaigns, campaign.id(), batches);
        } finally {
            db.close();
        }
    }

    private static void measure(Campaigns campaigns, long campaignId, int batches) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        Histogram wall = new Histogram(3_600_000_000L, 3);
        Histogram cpu = new Histogram(3_600_000_000L, 3);
        Histogram wallNoGc = new Histogram(3_600_000_000L, 3);
        int warmup = Math.min(200, batches / 5);
        long allocated = 0;
        int withGc = 0;
        long thread = Thread.currentThread().getId();
        long start = System.nanoTime();
        for (int i = 0; i < batches + warmup; i++) {
            long gc0 = gcCount(gcs);
            long a0 = threads.getThreadAllocatedBytes(thread);
            long c0 = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            List<ClaimedContact> batch = campaigns.claimNextBlocking(campaignId, 100, "bench");
            long e = System.nanoTime() - s;
            long c = threads.getCurrentThreadCpuTime() - c0;
            long a = threads.getThreadAllocatedBytes(thread) - a0;
            boolean gc = gcCount(gcs) != gc0;
            if (batch.size() != 100) {
                throw new IllegalStateException("expected 100 contacts, got " + batch.size());
            }
            if (i == warmup) {
                start = s;
            }
            if (i >= warmup) {
                wall.recordValue(e / 1000);
                cpu.recordValue(Math.max(1, c / 1000));
                allocated += a;
                if (gc) {
                    withGc++;
                } else {
                    wallNoGc.recordValue(e / 1000);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "claimNext(100) x %,d batches in %.1f s: wall p50 %.2f p95 %.2f p99 %.2f max %.2f ms%n",
                batches,
                seconds,
                ms(wall, 50),
                ms(wall, 95),
                ms(wall, 99),
                wall.getMaxValue() / 1000.0);
        System.out.printf(
                Locale.ROOT,
                "claimNext(100) thread CPU: p50 %.2f p95 %.2f p99 %.2f max %.2f ms%n",
                ms(cpu, 50),
                ms(cpu, 95),
                ms(cpu, 99),
                cpu.getMaxValue() / 1000.0);
        System.out.printf(
                Locale.ROOT,
                "heap allocated per claim: %.0f KB; batches with a GC inside: %d of %d; wall without those: p99 %.2f"
                        + " max %.2f ms%n",
                allocated / 1024.0 / batches,
                withGc,
                batches,
                ms(wallNoGc, 99),
                wallNoGc.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static long gcCount(List<GarbageCollectorMXBean> gcs) {
        long n = 0;
        for (GarbageCollectorMXBean gc : gcs) {
            n += gc.getCollectionCount();
        }
        return n;
    }
}
