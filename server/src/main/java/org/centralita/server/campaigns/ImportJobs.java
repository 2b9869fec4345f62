package org.centralita.server.campaigns;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.centralita.campaigns.ImportProgress;
import org.centralita.campaigns.ImportReport;

/**
 * Uploads being imported, and recently finished ones, for progress polling and the progress events. Kept in
 * memory: a finished upload's report is stored by the campaigns module and stays readable afterwards.
 */
final class ImportJobs {
    static final Duration KEEP_FINISHED = Duration.ofHours(1);
    static final int MAX_JOBS = 200;

    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    ImportJobs(Clock clock) {
        this.clock = clock;
    }

    /** One upload: who sent it, where it is, and its report or error once finished. */
    final class Job {
        final long id;
        final long campaignId;
        final String fileName;
        final long userId;
        final Instant startedAt;
        private volatile String state = "importing";
        private volatile ImportProgress progress;
        private volatile JsonObject report;
        private volatile JsonObject error;
        private volatile Instant finishedAt;

        Job(long id, long campaignId, String fileName, long totalBytes, long userId) {
            this.id = id;
            this.campaignId = campaignId;
            this.fileName = fileName;
            this.userId = userId;
            this.startedAt = clock.instant();
            this.progress = new ImportProgress(0, 0, totalBytes);
        }

        void progress(ImportProgress p) {
            progress = p;
        }

        void finished(ImportReport r) {
            report = CampaignJson.importReport(r);
            progress = new ImportProgress(r.rowsRead(), r.bytesRead(), r.bytesRead());
            finishedAt = clock.instant();
            state = "done";
        }

        void failed(String code, String message) {
            error = new JsonObject().put("error", code).put("message", message);
            finishedAt = clock.instant();
            state = "failed";
        }

        boolean finished() {
            return finishedAt != null;
        }

        JsonObject json() {
            ImportProgress p = progress;
            return new JsonObject()
                    .put("uploadId", id)
                    .put("campaignId", campaignId)
                    .put("fileName", fileName)
                    .put("state", state)
                    .put("rowsProcessed", p.rowsProcessed())
                    .put("bytesRead", p.bytesRead())
                    .put("totalBytes", p.totalBytes())
                    .put("fraction", "done".equals(state) ? 1.0 : p.fraction() < 0 ? null : p.fraction())
                    .put("startedAt", startedAt.toString())
                    .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
                    .put("report", report)
                    .put("error", error);
        }
    }

    /** Registers a new upload. */
    Job start(long campaignId, String fileName, long totalBytes, long userId) {
        prune();
        Job job = new Job(ids.incrementAndGet(), campaignId, fileName, totalBytes, userId);
        jobs.put(job.id, job);
        return job;
    }

    Optional<Job> get(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void prune() {
        Instant cutoff = clock.instant().minus(KEEP_FINISHED);
        jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(cutoff));
        if (jobs.size() >= MAX_JOBS) {
            jobs.values().stream()
                    .filter(Job::finished)
                    .sorted(Comparator.comparing(j -> j.finishedAt))
                    .limit(jobs.size() - MAX_JOBS + 1L)
                    .toList()
                    .forEach(j -> jobs.remove(j.id));
        }
    }
}
