package org.centralita.server.campaigns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.CampaignsException;
import org.centralita.campaigns.ContactField;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.ImportException;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.ImportReport;
import org.centralita.campaigns.Survey;
import org.centralita.server.Platform;
import org.centralita.server.auth.Role;
import org.centralita.server.events.EventsHub;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiException;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.Json;
import org.centralita.server.http.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaign manager's HTTP API: campaigns and their status, surveys, contact-list uploads (streamed to disk,
 * imported on a worker, progress over {@code /api/events}), contacts and why they are (not) dialable,
 * do-not-call, callbacks, results and the CSV export.
 *
 * <p>Managers and admins change things; supervisors read; agents get 403 on every route here.
 */
public final class CampaignsApi implements ApiModule {
    /** Default largest contact-list upload: 200 MB (the import's own default limit). */
    public static final long DEFAULT_MAX_UPLOAD = ImportOptions.DEFAULT_MAX_BYTES;

    /** Room for the multipart framing around the file when checking Content-Length. */
    static final long MULTIPART_SLACK = 64 * 1024;

    static final int MAX_PAGE = 500;
    private static final Logger log = LoggerFactory.getLogger(CampaignsApi.class);
    private static final Access WRITE = Access.roles(Role.MANAGER, Role.ADMIN);
    private static final Access READ = Access.roles(Role.MANAGER, Role.ADMIN, Role.SUPERVISOR);

    private final Vertx vertx;
    private final Campaigns campaigns;
    private final Database db;
    private final EventsHub events;
    private final Path uploadDir;
    private final long maxUploadBytes;
    private final ImportJobs jobs;
    private final Counter acceptedRows;
    private final Counter rejectedRows;
    private final Timer importDuration;

    /**
     * Creates the API.
     *
     * @param uploadDir where uploads are streamed before they are imported (created if missing; files are deleted
     *     after the import)
     * @param maxUploadBytes the largest accepted contact-list or do-not-call file; larger uploads get 413
     */
    public CampaignsApi(
            Vertx vertx,
            Campaigns campaigns,
            EventsHub events,
            MeterRegistry meters,
            Path uploadDir,
            long maxUploadBytes,
            Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.db = campaigns.database();
        this.events = Objects.requireNonNull(events, "events");
        this.uploadDir = Objects.requireNonNull(uploadDir, "uploadDir");
        if (maxUploadBytes < 1024) {
            throw new IllegalArgumentException("maxUploadBytes must be at least 1KB, got " + maxUploadBytes);
        }
        this.maxUploadBytes = maxUploadBytes;
        this.jobs = new ImportJobs(clock);
        this.acceptedRows = Counter.builder("centralita.import.rows")
                .tag("outcome", "accepted")
                .description("Contact rows imported")
                .register(meters);
        this.rejectedRows = Counter.builder("centralita.import.rows")
                .tag("outcome", "rejected")
                .description("Contact rows rejected by imports")
                .register(meters);
        this.importDuration = Timer.builder("centralita.import.duration")
                .description("Contact-list import duration")
                .register(meters);
    }

    /** Creates the API for the running server, uploads under {@code <data.dir>/uploads}. */
    public static CampaignsApi create(Platform p, long maxUploadBytes) {
        Database db = CampaignsStorage.of(p.dataSource());
        return new CampaignsApi(
                p.vertx(),
                new Campaigns(db, Clock.systemUTC()),
                p.events(),
                p.meters(),
                p.config().dataDir().resolve("uploads"),
                maxUploadBytes,
                Clock.systemUTC());
    }

    /** Returns the campaigns facade this API serves. */
    public Campaigns campaigns() {
        return campaigns;
    }

    /**
     * Removes what a crash left behind: half-imported lists and stray upload files. Call once before serving.
     */
    public Future<Integer> recover() {
        return campaigns
                .recoverInterruptedImports()
                .compose(n -> vertx.executeBlocking(() -> {
                    Files.createDirectories(uploadDir);
                    try (var files = Files.list(uploadDir)) {
                        for (Path f : files.filter(
                                        x -> x.getFileName().toString().endsWith(".upload"))
                                .toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    if (n > 0) {
                        log.warn("Removed {} contact list(s) left half-imported by a crash", n);
                    }
                    return n;
                }));
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/campaigns", READ, this::list)
                .post("/api/campaigns", WRITE, this::create)
                .get("/api/campaigns/:id", READ, this::get)
                .put("/api/campaigns/:id", WRITE, this::update)
                .delete("/api/campaigns/:id", WRITE, this::delete)
                .post("/api/campaigns/:id/status", WRITE, this::status)
                .get("/api/campaigns/:id/survey", READ, this::survey)
                .put("/api/campaigns/:id/survey", WRITE, this::putSurvey)
                .post("/api/campaigns/:id/uploads/preview", WRITE, this::preview)
                .upload("/api/campaigns/:id/uploads", WRITE, this::upload)
                .get("/api/campaigns/:id/uploads", READ, this::uploads)
                .get("/api/uploads/:uploadId", READ, this::uploadProgress)
                .get("/api/imports/:importId", READ, this::importReport)
                .get("/api/imports/:importId/rejects.csv", READ, this::rejects)
                .get("/api/campaigns/:id/contacts", READ, this::contacts)
                .get("/api/contacts/:contactId", READ, this::contact)
                .get("/api/contacts/:contactId/dialability", READ, this::dialability)
                .get("/api/dnc", READ, this::dncList)
                .post("/api/dnc", WRITE, this::dncAdd)
                .delete("/api/dnc/:phone", WRITE, this::dncRemove)
                .upload("/api/dnc/uploads", WRITE, this::dncUpload)
                .get("/api/campaigns/:id/callbacks", READ, this::callbacks)
                .post("/api/callbacks", WRITE, this::callbackCreate)
                .delete("/api/callbacks/:callbackId", WRITE, this::callbackCancel)
                .get("/api/campaigns/:id/results", READ, this::results)
                .get("/api/campaigns/:id/answers", READ, this::answers)
                .get("/api/campaigns/:id/export.csv", READ, this::export);
    }

    // ------------------------------------------------------------------ errors

    /** Turns the campaigns module's exceptions into HTTP errors with their message. */
    static Throwable httpError(Throwable e) {
        if (e instanceof ApiException) {
            return e;
        }
        if (e instanceof CampaignsException.NotFound) {
            return ApiException.notFound(e.getMessage());
        }
        if (e instanceof ImportException ie) {
            if (ie.failure() == ImportException.Failure.TOO_LARGE) {
                return new ApiException(413, "payload_too_large", e.getMessage());
            }
            return new ApiException(422, ie.failure().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
        if (e instanceof CampaignsException.InvalidState) {
            return ApiException.conflict(e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return ApiException.invalid(e.getMessage());
        }
        return e;
    }

    private static <T> void reply(RoutingContext ctx, Future<T> f, java.util.function.Function<T, Object> json) {
        f.map(json).onSuccess(v -> Json.send(ctx, 200, v)).onFailure(e -> ctx.fail(httpError(e)));
    }

    /** Lets a paused upload request flow again (to be read, or drained after an early error). */
    private static void resume(RoutingContext ctx) {
        if (!ctx.request().isEnded()) {
            ctx.request().resume();
        }
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        ctx.fail(httpError(e));
    }

    private static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid(name + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    }

    private static long longParam(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name + " must be a number, got '" + v + "'");
        }
    }

    // ------------------------------------------------------------------ campaigns

    private void list(RoutingContext ctx) {
        Future<List<Campaign>> all = campaigns.list();
        Future<JsonObject> counts = db.execute(CampaignQueries::contactCounts);
        Future.all(all, counts)
                .map(v -> {
                    JsonArray items = new JsonArray();
                    for (Campaign c : all.result()) {
                        JsonObject n = counts.result().getJsonObject(Long.toString(c.id()), new JsonObject());
                        items.add(CampaignJson.campaign(c)
                                .put(
                                        "counts",
                                        new JsonObject()
                                                .put("contacts", n.getLong("contacts", 0L))
                                                .put("ready", n.getLong("ready", 0L))
                                                .put("done", n.getLong("done", 0L))
                                                .put("dnc", n.getLong("dnc", 0L))
                                                .put("completed", n.getLong("completed", 0L))));
                    }
                    return new JsonObject().put("campaigns", items);
                })
                .onSuccess(v -> Json.send(ctx, 200, v))
                .onFailure(e -> fail(ctx, e));
    }

    private void create(RoutingContext ctx) {
        CampaignSpec spec = CampaignJson.parseSpec(Json.body(ctx), null);
        campaigns
                .create(spec)
                .onSuccess(c -> {
                    log.info(
                            "campaign {}: created by {}",
                            c.id(),
                            Principal.of(ctx).user().username());
                    ctx.response().putHeader("Location", "/api/campaigns/" + c.id());
                    Json.send(ctx, 201, CampaignJson.campaign(c));
                })
                .onFailure(e -> fail(ctx, e));
    }

    private void get(RoutingContext ctx) {
        reply(ctx, campaigns.get(Json.idParam(ctx, "id")), CampaignJson::campaign);
    }

    private void update(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        JsonObject body = Json.body(ctx);
        reply(
                ctx,
                campaigns.get(id).compose(c -> campaigns.update(id, CampaignJson.parseSpec(body, c.spec()))),
                CampaignJson::campaign);
    }

    private void delete(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        campaigns
                .get(id)
                .compose(c -> {
                    if (c.status() != CampaignStatus.DRAFT) {
                        throw ApiException.conflict("only a draft campaign can be deleted; finish it instead");
                    }
                    return db.transaction(conn -> {
                        try (var ps =
                                conn.prepareStatement("SELECT COUNT(*) FROM contact_lists WHERE campaign_id = ?")) {
                            ps.setLong(1, id);
                            try (var rs = ps.executeQuery()) {
                                rs.next();
                                if (rs.getLong(1) > 0) {
                                    throw ApiException.conflict(
                                            "this draft already has contact lists; finish it instead of deleting it");
                                }
                            }
                        }
                        try (var ps = conn.prepareStatement("DELETE FROM campaign_zones WHERE campaign_id = ?")) {
                            ps.setLong(1, id);
                            ps.executeUpdate();
                        }
                        try (var ps =
                                conn.prepareStatement("DELETE FROM campaigns WHERE id = ? AND status = 'DRAFT'")) {
                            ps.setLong(1, id);
                            ps.executeUpdate();
                        }
                        return null;
                    });
                })
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(e -> fail(ctx, e));
    }

    private void status(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        String wanted = Json.string(Json.body(ctx), "status");
        CampaignStatus target;
        try {
            target = CampaignStatus.valueOf(
                    Objects.requireNonNull(wanted, "status").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.invalid("status must be running, paused or finished");
        }
        reply(
                ctx,
                campaigns.get(id).compose(c -> {
                    checkTransition(c, target);
                    return campaigns.setStatus(id, target);
                }),
                CampaignJson::campaign);
    }

    /** Allows draft → running, running ⇄ paused, running/paused/draft → finished. */
    static void checkTransition(Campaign c, CampaignStatus target) {
        CampaignStatus from = c.status();
        boolean ok =
                switch (target) {
                    case RUNNING -> from == CampaignStatus.DRAFT || from == CampaignStatus.PAUSED;
                    case PAUSED -> from == CampaignStatus.RUNNING;
                    case FINISHED -> from != CampaignStatus.FINISHED;
                    case DRAFT -> false;
                };
        if (!ok) {
            throw new ApiException(
                    409,
                    "invalid_transition",
                    "campaign \"" + c.name() + "\" is " + CampaignJson.lower(from) + " and cannot become "
                            + CampaignJson.lower(target)
                            + (from == CampaignStatus.FINISHED ? " (a finished campaign stays finished)" : ""));
        }
        if (target == CampaignStatus.RUNNING && c.survey().questions().isEmpty()) {
            throw new ApiException(
                    409, "survey_required", "add at least one survey question before starting the campaign");
        }
    }

    // ------------------------------------------------------------------ survey

    private void survey(RoutingContext ctx) {
        reply(ctx, campaigns.get(Json.idParam(ctx, "id")), c -> CampaignJson.survey(c.survey()));
    }

    private void putSurvey(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        Survey s = CampaignJson.parseSurvey(Json.body(ctx));
        reply(
                ctx,
                campaigns.get(id).compose(c -> {
                    CampaignSpec old = c.spec();
                    return campaigns.update(
                            id,
                            new CampaignSpec(
                                    old.name(),
                                    s,
                                    old.dialMode(),
                                    old.dialSettings(),
                                    old.defaultCountry(),
                                    old.defaultTimeZone(),
                                    old.windows(),
                                    old.retryRules(),
                                    old.callerId(),
                                    old.abandonTarget()));
                }),
                c -> CampaignJson.survey(c.survey()));
    }

    // ------------------------------------------------------------------ uploads

    private void preview(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new ApiException(422, "empty_file", "the file is empty");
        }
        MultiMap q = ctx.queryParams();
        int n = Math.min(body.length(), UploadPreview.MAX_SAMPLE);
        boolean complete = "true".equals(q.get("complete")) && body.length() <= UploadPreview.MAX_SAMPLE;
        String header = q.get("header");
        byte[] sample = body.getBytes(0, n);
        reply(
                ctx,
                campaigns
                        .get(id)
                        .compose(c -> vertx.executeBlocking(() -> UploadPreview.of(
                                sample,
                                q.get("encoding"),
                                q.get("delimiter"),
                                header == null || header.isBlank() ? null : Boolean.valueOf(header),
                                complete,
                                c.spec()))),
                p -> p.put("maxUploadBytes", maxUploadBytes));
    }

    /** Reads the person's overrides for an upload from the query string. */
    ImportOptions options(MultiMap q, String fileName) {
        ImportOptions o = ImportOptions.detect().withMaxBytes(maxUploadBytes);
        String listName = q.get("listName");
        o = o.withListName(listName == null || listName.isBlank() ? fileName : listName.trim());
        String enc = q.get("encoding");
        if (enc != null && !enc.isBlank()) {
            try {
                o = o.withEncoding(Charset.forName(enc.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("encoding: unknown character set '" + enc + "'");
            }
        }
        String delim = q.get("delimiter");
        if (delim != null && !delim.isBlank()) {
            o = new ImportOptions(
                    o.listName(),
                    o.encoding(),
                    UploadPreview.parseDelimiter(delim),
                    o.hasHeader(),
                    o.mapping(),
                    o.maxBytes());
        }
        String header = q.get("header");
        if (header != null && !header.isBlank()) {
            o = o.withHeader(Boolean.parseBoolean(header.trim()));
        }
        for (ContactField f : ContactField.values()) {
            String col = q.get("map." + f.name().toLowerCase(Locale.ROOT));
            if (col != null && !col.isBlank()) {
                o = o.withMapping(f, col.trim());
            }
        }
        return o;
    }

    /** A file received from a multipart upload, on disk. */
    record Received(Path file, String fileName, long size) {}

    /**
     * Streams the multipart field {@code file} to a temporary file, refusing more than {@link #maxUploadBytes}
     * (413), and completes once the whole request is read.
     */
    private Future<Received> receive(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String type = req.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            resume(ctx);
            return Future.failedFuture(new ApiException(
                    415, "unsupported_media_type", "send the file as multipart/form-data in a field named \"file\""));
        }
        String length = req.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxUploadBytes + MULTIPART_SLACK) {
                    ctx.response().putHeader("Connection", "close");
                    return Future.failedFuture(tooLarge());
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(ApiException.invalid("bad Content-Length"));
            }
        }
        Promise<Received> result = Promise.promise();
        Path tmp = uploadDir.resolve(UUID.randomUUID() + ".upload");
        AtomicBoolean gotFile = new AtomicBoolean();
        AtomicBoolean failed = new AtomicBoolean();
        AtomicLong size = new AtomicLong();
        Promise<String> written = Promise.promise();
        req.setExpectMultipart(true);
        req.uploadHandler(upload -> {
            if (!"file".equals(upload.name()) || !gotFile.compareAndSet(false, true)) {
                upload.handler(b -> {});
                return;
            }
            upload.pause();
            vertx.fileSystem()
                    .mkdirs(uploadDir.toString())
                    .compose(v -> vertx.fileSystem()
                            .open(
                                    tmp.toString(),
                                    new OpenOptions().setWrite(true).setCreateNew(true)))
                    .onFailure(e -> {
                        failed.set(true);
                        written.tryFail(e);
                        upload.resume();
                    })
                    .onSuccess(file -> pump(upload, file, size, failed, written, () -> {
                        // over the limit while streaming (no or false Content-Length): answer now, close after
                        if (!result.future().isComplete() && !ctx.response().headWritten()) {
                            ctx.response().putHeader("Connection", "close");
                        }
                        result.tryFail(tooLarge());
                        file.close().onComplete(x -> vertx.fileSystem()
                                .delete(tmp.toString())
                                .onComplete(y -> {}));
                    }));
        });
        req.exceptionHandler(e -> {
            failed.set(true);
            written.tryFail(new ApiException(400, "upload_interrupted", "the upload was interrupted: " + e));
        });
        req.endHandler(v -> {
            if (!gotFile.get()) {
                written.tryFail(ApiException.invalid("no file: send it in the multipart field \"file\""));
            }
            written.future().onComplete(ar -> {
                if (ar.succeeded() && !failed.get()) {
                    if (!result.tryComplete(new Received(tmp, ar.result(), size.get()))) {
                        vertx.fileSystem().delete(tmp.toString()).onComplete(x -> {});
                    }
                } else {
                    vertx.fileSystem().delete(tmp.toString()).onComplete(x -> {});
                    result.tryFail(ar.failed() ? ar.cause() : tooLarge());
                }
            });
        });
        resume(ctx);
        return result.future();
    }

    private void pump(
            io.vertx.core.http.HttpServerFileUpload upload,
            AsyncFile file,
            AtomicLong size,
            AtomicBoolean failed,
            Promise<String> written,
            Runnable tooLarge) {
        String name = upload.filename() == null || upload.filename().isBlank() ? "upload.csv" : upload.filename();
        file.drainHandler(v -> upload.resume());
        upload.handler(buf -> {
            if (failed.get()) {
                return;
            }
            if (size.addAndGet(buf.length()) > maxUploadBytes) {
                failed.set(true);
                written.tryFail(tooLarge());
                tooLarge.run();
                return;
            }
            file.write(buf);
            if (file.writeQueueFull()) {
                upload.pause();
            }
        });
        upload.exceptionHandler(e -> {
            failed.set(true);
            written.tryFail(new ApiException(400, "upload_interrupted", "the upload was interrupted: " + e));
        });
        upload.endHandler(v -> (failed.get() ? Future.<Void>succeededFuture() : file.close()).onComplete(ar -> {
            if (ar.failed()) {
                written.tryFail(ar.cause());
            } else {
                written.tryComplete(name);
            }
        }));
        upload.resume();
    }

    private ApiException tooLarge() {
        return new ApiException(
                413,
                "payload_too_large",
                "the file is larger than the upload limit of " + megabytes(maxUploadBytes) + " MB (" + maxUploadBytes
                        + " bytes, http.max-upload-size); nothing was imported: split it into smaller files");
    }

    /** Formats a byte count in MB (binary) with up to two decimals: 209715200 → "200", 65536 → "0.06". */
    static String megabytes(long bytes) {
        return new java.math.BigDecimal(bytes)
                .divide(java.math.BigDecimal.valueOf(1024L * 1024), 2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    private void upload(RoutingContext ctx) {
        long campaignId;
        try {
            campaignId = Json.idParam(ctx, "id");
        } catch (ApiException e) {
            resume(ctx);
            throw e;
        }
        Principal who = Principal.of(ctx);
        campaigns
                .get(campaignId)
                .compose(c -> {
                    if (c.status() == CampaignStatus.FINISHED) {
                        resume(ctx);
                        return Future.failedFuture(ApiException.conflict(
                                "campaign \"" + c.name() + "\" is finished: it takes no new lists"));
                    }
                    return receive(ctx);
                })
                .onFailure(e -> {
                    resume(ctx);
                    fail(ctx, e);
                })
                .onSuccess(rec -> {
                    ImportOptions options;
                    try {
                        options = options(ctx.queryParams(), rec.fileName());
                    } catch (ApiException e) {
                        vertx.fileSystem().delete(rec.file().toString()).onComplete(x -> {});
                        fail(ctx, e);
                        return;
                    }
                    ImportJobs.Job job = jobs.start(
                            campaignId, rec.fileName(), rec.size(), who.user().id());
                    log.info(
                            "campaign {}: upload {} \"{}\" ({} bytes) by {}",
                            campaignId,
                            job.id,
                            rec.fileName(),
                            rec.size(),
                            who.user().username());
                    ctx.response().putHeader("Location", "/api/uploads/" + job.id);
                    Json.send(ctx, 202, job.json());
                    runImport(job, rec, options);
                });
    }

    private void runImport(ImportJobs.Job job, Received rec, ImportOptions options) {
        long started = System.nanoTime();
        long[] lastEvent = {0};
        db.onWorker(() -> {
                    try (InputStream in = Files.newInputStream(rec.file())) {
                        return campaigns.importContactsBlocking(
                                job.campaignId, rec.fileName(), in, rec.size(), options, p -> {
                                    job.progress(p);
                                    long now = System.nanoTime();
                                    if (now - lastEvent[0] >= 200_000_000L) {
                                        lastEvent[0] = now;
                                        events.toUser(job.userId, "import-progress", job.json());
                                    }
                                });
                    }
                })
                .onComplete(ar -> {
                    vertx.fileSystem().delete(rec.file().toString()).onComplete(x -> {});
                    if (ar.succeeded()) {
                        ImportReport r = ar.result();
                        job.finished(r);
                        acceptedRows.increment(r.accepted());
                        rejectedRows.increment(r.rejectedTotal());
                        importDuration.record(Duration.ofNanos(System.nanoTime() - started));
                    } else {
                        Throwable e = httpError(ar.cause());
                        if (e instanceof ApiException a) {
                            job.failed(a.code(), a.getMessage());
                        } else {
                            log.error("campaign {}: upload {} failed", job.campaignId, job.id, ar.cause());
                            job.failed(
                                    "internal_error", "the import failed; see the server log (upload " + job.id + ")");
                        }
                    }
                    events.toUser(job.userId, "import-progress", job.json());
                });
    }

    private void uploads(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        reply(
                ctx,
                campaigns.get(id).compose(c -> db.execute(conn -> CampaignQueries.imports(conn, id))),
                a -> new JsonObject().put("uploads", a));
    }

    private void uploadProgress(RoutingContext ctx) {
        long id = Json.idParam(ctx, "uploadId");
        ImportJobs.Job job = jobs.get(id)
                .orElseThrow(() -> ApiException.notFound("no upload " + id + " (finished over an hour ago?)"));
        Json.send(ctx, 200, job.json());
    }

    private void importReport(RoutingContext ctx) {
        long id = Json.idParam(ctx, "importId");
        reply(ctx, db.execute(conn -> CampaignQueries.importReport(conn, id)), r -> r);
    }

    private void rejects(RoutingContext ctx) {
        long id = Json.idParam(ctx, "importId");
        sendCsv(
                ctx,
                "rejected-rows-" + id + ".csv",
                db.execute(conn -> CampaignQueries.importReport(conn, id)).map(r -> null),
                out -> campaigns.exportRejectsBlocking(id, out));
    }

    /** Writes a CSV (UTF-8 with BOM, so spreadsheets read accents right) to a temp file on a worker, then sends it. */
    private void sendCsv(RoutingContext ctx, String name, Future<?> check, CsvWriter writer) {
        check.compose(v -> vertx.executeBlocking(() -> {
                    Files.createDirectories(uploadDir);
                    Path tmp = Files.createTempFile(uploadDir, "export-", ".csv.tmp");
                    try (Writer out = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
                        out.write('\uFEFF');
                        writer.write(out);
                    } catch (RuntimeException | IOException e) {
                        Files.deleteIfExists(tmp);
                        throw e;
                    }
                    return tmp;
                }))
                .onFailure(e -> fail(ctx, e))
                .onSuccess(tmp -> {
                    ctx.response()
                            .putHeader("Content-Type", "text/csv; charset=utf-8")
                            .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
                    ctx.response().sendFile(tmp.toString()).onComplete(ar -> vertx.fileSystem()
                            .delete(tmp.toString())
                            .onComplete(x -> {}));
                });
    }

    @FunctionalInterface
    interface CsvWriter {
        void write(Writer out) throws IOException;
    }

    // ------------------------------------------------------------------ contacts

    private void contacts(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        long after = longParam(ctx, "after");
        int limit = intParam(ctx, "limit", 50, 1, MAX_PAGE);
        reply(ctx, campaigns.get(id).compose(c -> campaigns.contacts(id, after, limit)), list -> {
            JsonArray items = new JsonArray();
            list.forEach(c -> items.add(CampaignJson.contact(c)));
            return new JsonObject()
                    .put("items", items)
                    .put(
                            "next",
                            list.size() == limit ? list.get(list.size() - 1).id() : null);
        });
    }

    private void contact(RoutingContext ctx) {
        long id = Json.idParam(ctx, "contactId");
        var contact = campaigns.contact(id);
        reply(
                ctx,
                contact.compose(c -> {
                    var attempts = campaigns.attempts(id);
                    var answers = campaigns.answers(id);
                    var why = campaigns.explain(id);
                    return Future.all(attempts, answers, why).map(v -> {
                        JsonArray at = new JsonArray();
                        attempts.result().forEach(a -> at.add(CampaignJson.attempt(a)));
                        JsonObject ans = new JsonObject();
                        answers.result().forEach(ans::put);
                        return new JsonObject()
                                .put("contact", CampaignJson.contact(c))
                                .put("attempts", at)
                                .put("answers", ans)
                                .put("dialability", CampaignJson.dialability(why.result()));
                    });
                }),
                o -> o);
    }

    private void dialability(RoutingContext ctx) {
        reply(ctx, campaigns.explain(Json.idParam(ctx, "contactId")), CampaignJson::dialability);
    }

    // ------------------------------------------------------------------ do-not-call

    private void dncList(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", 50, 1, MAX_PAGE);
        String q = ctx.queryParams().get("q");
        String after = ctx.queryParams().get("after");
        reply(ctx, db.execute(conn -> CampaignQueries.dnc(conn, q, after, limit)), o -> o);
    }

    private void dncAdd(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        String phone = Json.string(body, "phone");
        if (phone == null || phone.isBlank()) {
            throw ApiException.invalid("phone: give the number to block");
        }
        String region = regionOf(Json.string(body, "region"));
        String note = Json.string(body, "note");
        String by = "manager:" + Principal.of(ctx).user().username();
        String source = by.length() > 32 ? by.substring(0, 32) : by;
        campaigns
                .addDoNotCall(phone, region, source, note)
                .compose(added -> campaigns.doNotCallEntry(phone, region).map(e -> new JsonObject()
                        .put("added", added)
                        .put("entry", e.map(CampaignJson::dnc).orElse(null))))
                .onSuccess(o -> Json.send(ctx, o.getBoolean("added") ? 201 : 200, o))
                .onFailure(e -> fail(ctx, e));
    }

    private static String regionOf(String region) {
        if (region == null || region.isBlank()) {
            return "ES";
        }
        return region.trim().toUpperCase(Locale.ROOT);
    }

    private void dncRemove(RoutingContext ctx) {
        String phone = ctx.pathParam("phone");
        String region = regionOf(ctx.queryParams().get("region"));
        campaigns
                .removeDoNotCall(phone, region)
                .onSuccess(removed -> {
                    if (removed) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        fail(ctx, ApiException.notFound(phone + " is not on the do-not-call list"));
                    }
                })
                .onFailure(e -> fail(ctx, e));
    }

    private void dncUpload(RoutingContext ctx) {
        String region = regionOf(ctx.queryParams().get("region"));
        String by = Principal.of(ctx).user().username();
        receive(ctx)
                .compose(rec -> db.onWorker(() -> {
                            try (InputStream in = Files.newInputStream(rec.file())) {
                                return campaigns.importDoNotCallBlocking(
                                        rec.fileName(),
                                        in,
                                        rec.size(),
                                        region,
                                        ImportOptions.detect().withMaxBytes(maxUploadBytes));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                        .onComplete(ar ->
                                vertx.fileSystem().delete(rec.file().toString()).onComplete(x -> {})))
                .onSuccess(r -> {
                    log.info("do-not-call upload by {}: {} added", by, r.added());
                    Json.send(ctx, 200, CampaignJson.dncReport(r));
                })
                .onFailure(e -> {
                    resume(ctx);
                    fail(ctx, e);
                });
    }

    // ------------------------------------------------------------------ callbacks

    private void callbacks(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        String agent = ctx.queryParams().get("agent");
        reply(
                ctx,
                campaigns
                        .get(id)
                        .compose(c -> campaigns.callbacks(id, agent == null || agent.isBlank() ? null : agent)),
                list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(c -> items.add(CampaignJson.callback(c)));
                    return new JsonObject().put("callbacks", items);
                });
    }

    private void callbackCreate(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        Object cid = body.getValue("contactId");
        if (!(cid instanceof Number n) || n.longValue() <= 0) {
            throw ApiException.invalid("contactId must be a contact id");
        }
        String due = Json.string(body, "dueAt");
        Instant dueAt;
        try {
            dueAt = Instant.parse(Objects.requireNonNull(due));
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.invalid("dueAt must be an ISO-8601 instant such as 2026-11-26T10:30:00Z");
        }
        String agent = Json.string(body, "agent");
        String note = Json.string(body, "note");
        campaigns
                .scheduleCallback(
                        n.longValue(),
                        dueAt,
                        agent == null || agent.isBlank() ? null : agent.trim(),
                        note,
                        Principal.of(ctx).user().username())
                .onSuccess(c -> Json.send(ctx, 201, CampaignJson.callback(c)))
                .onFailure(e -> fail(ctx, e));
    }

    private void callbackCancel(RoutingContext ctx) {
        campaigns
                .cancelCallback(Json.idParam(ctx, "callbackId"))
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(e -> fail(ctx, e));
    }

    // ------------------------------------------------------------------ results

    private void results(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        Future<Campaign> campaign = campaigns.get(id);
        reply(
                ctx,
                campaign.compose(c -> {
                    var agg = campaigns.results(id);
                    var days = db.execute(conn -> CampaignQueries.completionsByDay(conn, id));
                    return Future.all(agg, days).map(v -> CampaignJson.results(agg.result())
                            .put("completionsByDay", days.result())
                            .put("survey", CampaignJson.survey(c.survey())));
                }),
                o -> o);
    }

    private void answers(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        long after = longParam(ctx, "after");
        int limit = intParam(ctx, "limit", 50, 1, MAX_PAGE);
        reply(
                ctx,
                campaigns.get(id).compose(c -> db.execute(conn -> CampaignQueries.answers(conn, id, after, limit))),
                o -> o);
    }

    private void export(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        boolean answeredOnly = !"false".equals(ctx.queryParams().get("answeredOnly"));
        campaigns
                .get(id)
                .onFailure(e -> fail(ctx, e))
                .onSuccess(c -> sendCsv(
                        ctx,
                        fileName(c.name()) + "-results.csv",
                        Future.succeededFuture(),
                        out -> campaigns.exportResultsBlocking(id, answeredOnly, out)));
    }

    /** Returns a safe download name from a campaign name. */
    static String fileName(String name) {
        String s = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-")
                .replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "campaign" : s.length() > 60 ? s.substring(0, 60) : s;
    }
}
