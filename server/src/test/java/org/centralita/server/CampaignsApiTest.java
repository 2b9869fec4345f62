package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.centralita.campaigns.AnswerSet;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.campaigns.Fixtures;
import org.centralita.campaigns.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The campaign manager API end to end over HTTP: roles, validation, uploads, results and export. */
class CampaignsApiTest {
    static final long UPLOAD_LIMIT = 64 * 1024;
    static final String DB_URL =
            "jdbc:h2:mem:cm" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    static TestServer ts;
    static CampaignManagerClient admin;
    static CampaignManagerClient manager;
    static CampaignManagerClient supervisor;
    static CampaignManagerClient agent;
    static CampaignManagerClient anonymous;
    static Database sideDb;

    @BeforeAll
    static void start() {
        ts = TestServer.start(Map.of(
                "CENTRALITA_DATABASE_URL",
                DB_URL,
                "CENTRALITA_HTTP_MAX_BODY_SIZE",
                "16KB",
                "CENTRALITA_HTTP_MAX_UPLOAD_SIZE",
                "64KB"));
        admin = new CampaignManagerClient(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        manager = user("marta", "manager");
        supervisor = user("sara", "supervisor");
        agent = user("alex", "agent");
        anonymous = new CampaignManagerClient(ts.base);
        // A second pool on the same in-memory database plays the dialer and the agent desktop (answers).
        sideDb = Database.open(new DatabaseConfig(DB_URL, "sa", "", 2), null);
    }

    static CampaignManagerClient user(String name, String role) {
        var r = admin.json(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", name)
                        .put("displayName", name)
                        .put("role", role)
                        .put("password", "password-" + role)
                        .put("mustChangePassword", false));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        CampaignManagerClient c = new CampaignManagerClient(ts.base);
        assertThat(c.login(name, "password-" + role).status()).isEqualTo(200);
        return c;
    }

    @AfterAll
    static void stop() {
        if (sideDb != null) {
            sideDb.close();
        }
        ts.close();
    }

    static JsonObject survey() {
        return new JsonObject()
                .put("title", "Visita técnica")
                .put("intro", "Buenos días {name}, le llamamos por la visita de {Técnico}.")
                .put("fcrQuestionId", "fcr")
                .put(
                        "questions",
                        new JsonArray()
                                .add(q("csat", "csat", "¿Quedó satisfecho con {Técnico}?"))
                                .add(q("nps", "nps", "¿Nos recomendaría?"))
                                .add(q("fcr", "yes_no", "¿Se resolvió a la primera?"))
                                .add(q("punctual", "single_choice", "¿Llegó a tiempo?")
                                        .put(
                                                "choices",
                                                new JsonArray()
                                                        .add("Sí")
                                                        .add("Tarde")
                                                        .add("No vino")))
                                .add(q("comments", "free_text", "¿Algo más?").put("required", false)));
    }

    static JsonObject q(String id, String type, String text) {
        return new JsonObject().put("id", id).put("type", type).put("text", text);
    }

    static long createCampaign(String name) {
        var r = manager.json(
                "POST", "/api/campaigns", new JsonObject().put("name", name).put("survey", survey()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getLong("id");
    }

    static JsonObject awaitUpload(CampaignManagerClient c, long uploadId) {
        JsonObject[] last = new JsonObject[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = c.get("/api/uploads/" + uploadId).json();
                    return !"importing".equals(last[0].getString("state"));
                });
        return last[0];
    }

    @Test
    void managersCreateCampaignsSupervisorsOnlyReadAndAgentsAndStrangersGetNothing() {
        long id = createCampaign("Roles " + UUID.randomUUID());
        assertThat(supervisor.get("/api/campaigns/" + id).status()).isEqualTo(200);
        assertThat(supervisor
                        .get("/api/campaigns")
                        .json()
                        .getJsonArray("campaigns")
                        .size())
                .isGreaterThanOrEqualTo(1);
        var denied = supervisor.json("POST", "/api/campaigns", new JsonObject().put("name", "x"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.error()).isEqualTo("forbidden");
        assertThat(supervisor
                        .json("POST", "/api/campaigns/" + id + "/status", new JsonObject().put("status", "running"))
                        .status())
                .isEqualTo(403);
        assertThat(agent.get("/api/campaigns").status()).isEqualTo(403);
        assertThat(agent.get("/api/campaigns/" + id + "/results").status()).isEqualTo(403);
        assertThat(agent.upload("/api/campaigns/" + id + "/uploads", "a.csv", Fixtures.spanishWindows1252())
                        .status())
                .isEqualTo(403);
        assertThat(anonymous.get("/api/campaigns").status()).isEqualTo(401);
        assertThat(anonymous
                        .upload("/api/campaigns/" + id + "/uploads", "a.csv", Fixtures.spanishWindows1252())
                        .status())
                .isEqualTo(401);
        assertThat(admin.get("/api/campaigns/" + id).status()).isEqualTo(200);
    }

    @Test
    void malformedJsonAndInvalidCampaignsGetClearErrors() {
        var broken = manager.json("POST", "/api/campaigns", "{\"name\": \"oops\",");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.error()).isEqualTo("malformed_json");

        var noName = manager.json("POST", "/api/campaigns", new JsonObject().put("name", " "));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().getString("message")).contains("name");

        var badType = manager.json(
                "POST",
                "/api/campaigns",
                new JsonObject()
                        .put("name", "Bad")
                        .put("survey", new JsonObject().put("questions", new JsonArray().add(q("q1", "stars", "?")))));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().getString("message")).contains("csat, nps, yes_no");

        var oneChoice = manager.json(
                "POST",
                "/api/campaigns",
                new JsonObject()
                        .put("name", "Bad")
                        .put(
                                "survey",
                                new JsonObject()
                                        .put(
                                                "questions",
                                                new JsonArray()
                                                        .add(q("q1", "single_choice", "?")
                                                                .put("choices", new JsonArray().add("only"))))));
        assertThat(oneChoice.status()).isEqualTo(400);
        assertThat(oneChoice.json().getString("message")).contains("2 to 9 choices");

        var country = manager.json(
                "POST", "/api/campaigns", new JsonObject().put("name", "X").put("defaultCountry", "XX"));
        assertThat(country.status()).isEqualTo(400);
        assertThat(country.json().getString("message")).contains("XX");
    }

    @Test
    void statusMovesFromDraftToRunningPausedAndFinishedOnly() {
        var empty = manager.json("POST", "/api/campaigns", new JsonObject().put("name", "Sin preguntas"));
        long emptyId = empty.json().getLong("id");
        var noSurvey = manager.json(
                "POST", "/api/campaigns/" + emptyId + "/status", new JsonObject().put("status", "running"));
        assertThat(noSurvey.status()).isEqualTo(409);
        assertThat(noSurvey.error()).isEqualTo("survey_required");

        long id = createCampaign("Estados " + UUID.randomUUID());
        String path = "/api/campaigns/" + id + "/status";
        var pauseDraft = manager.json("POST", path, new JsonObject().put("status", "paused"));
        assertThat(pauseDraft.status()).isEqualTo(409);
        assertThat(pauseDraft.error()).isEqualTo("invalid_transition");
        assertThat(pauseDraft.json().getString("message")).contains("draft").contains("paused");
        assertThat(manager.json("POST", path, new JsonObject().put("status", "running"))
                        .json()
                        .getString("status"))
                .isEqualTo("running");
        assertThat(manager.json("POST", path, new JsonObject().put("status", "paused"))
                        .json()
                        .getString("status"))
                .isEqualTo("paused");
        assertThat(manager.json("POST", path, new JsonObject().put("status", "running"))
                        .json()
                        .getString("status"))
                .isEqualTo("running");
        assertThat(manager.json("POST", path, new JsonObject().put("status", "finished"))
                        .json()
                        .getString("status"))
                .isEqualTo("finished");
        var restart = manager.json("POST", path, new JsonObject().put("status", "running"));
        assertThat(restart.status()).isEqualTo(409);
        assertThat(restart.json().getString("message")).contains("finished");
        var bogus = manager.json("POST", path, new JsonObject().put("status", "flying"));
        assertThat(bogus.status()).isEqualTo(400);
        var upload = manager.upload("/api/campaigns/" + id + "/uploads", "late.csv", Fixtures.usUtf8Bom());
        assertThat(upload.status()).isEqualTo(409);
        assertThat(manager.delete("/api/campaigns/" + emptyId).status()).isEqualTo(204);
        assertThat(manager.get("/api/campaigns/" + emptyId).status()).isEqualTo(404);
    }

    @Test
    void anUploadOverTheLimitIsRefusedWith413AndAClearMessage() {
        long id = createCampaign("Límite " + UUID.randomUUID());
        byte[] big = Fixtures.generated(6000); // ~ 150 KB > 64 KB limit, but the JSON limit is 16 KB
        assertThat(big.length).isGreaterThan((int) UPLOAD_LIMIT * 2);
        var r = manager.upload("/api/campaigns/" + id + "/uploads", "big.csv", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("payload_too_large");
        assertThat(r.json().getString("message"))
                .contains("upload limit of 0.06 MB")
                .contains("65536 bytes")
                .contains("http.max-upload-size");
        // without Content-Length the streamed byte count enforces the limit
        var chunked = manager.uploadChunked("/api/campaigns/" + id + "/uploads", "big.csv", big);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.error()).isEqualTo("payload_too_large");
        assertThat(manager.get("/api/campaigns/" + id + "/uploads").json().getJsonArray("uploads"))
                .isEmpty();
        // an upload between the JSON body limit (16 KB) and the upload limit (64 KB) is accepted
        byte[] medium = Fixtures.generated(1500);
        assertThat(medium.length).isBetween(16 * 1024, (int) UPLOAD_LIMIT);
        var ok = manager.upload("/api/campaigns/" + id + "/uploads", "medium.csv", medium);
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        JsonObject done = awaitUpload(manager, ok.json().getLong("uploadId"));
        assertThat(done.getJsonObject("report").getLong("accepted")).isEqualTo(1500L);
        assertThat(manager.json("POST", "/api/campaigns", "{\"name\":\"" + "x".repeat(20_000) + "\"}")
                        .status())
                .isEqualTo(413);
    }

    @Test
    void aNastyWindows1252ListIsPreviewedImportedAndReportedRowByRow() {
        long id = createCampaign("Visitas " + UUID.randomUUID());
        var dnc = manager.json(
                "POST", "/api/dnc", new JsonObject().put("phone", "600 000 001").put("note", "pidió no llamar"));
        assertThat(dnc.status()).isIn(200, 201);
        assertThat(dnc.json().getJsonObject("entry").getString("phone")).isEqualTo("+34600000001");

        byte[] file = Fixtures.spanishWindows1252();
        var preview = manager.send("POST", "/api/campaigns/" + id + "/uploads/preview?complete=true", "text/csv", file);
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonObject p = preview.json();
        assertThat(p.getString("encoding")).isEqualTo("windows-1252");
        assertThat(p.getString("delimiter")).isEqualTo(";");
        assertThat(p.getBoolean("hasHeader")).isTrue();
        assertThat(p.getJsonObject("mapping").getString("phone")).isEqualTo("Teléfono");
        assertThat(p.getJsonObject("mapping").getString("name")).isEqualTo("Nombre");
        assertThat(p.getJsonArray("rows").getJsonArray(0).getString(1)).isEqualTo("José Martínez Núñez");

        var up = manager.upload("/api/campaigns/" + id + "/uploads", "clientes ñ.csv", file);
        assertThat(up.status()).as(up.body()).isEqualTo(202);
        JsonObject done = awaitUpload(manager, up.json().getLong("uploadId"));
        assertThat(done.getString("state")).as(done.encode()).isEqualTo("done");
        assertThat(done.getDouble("fraction")).isEqualTo(1.0);
        JsonObject r = done.getJsonObject("report");
        assertThat(r.getString("fileName")).isEqualTo("clientes ñ.csv");
        assertThat(r.getString("encoding")).isEqualTo("windows-1252");
        assertThat(r.getString("delimiter")).isEqualTo(";");
        assertThat(r.getLong("rowsRead")).isEqualTo(16L);
        assertThat(r.getLong("blankLines")).isEqualTo(2L);
        assertThat(r.getLong("accepted")).isEqualTo(9L);
        assertThat(r.getLong("rejectedTotal")).isEqualTo(7L);
        assertThat(r.getJsonObject("rejected").getMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "missing_phone", 1,
                        "invalid_phone", 3,
                        "duplicate_in_file", 1,
                        "unbalanced_quotes", 1,
                        "do_not_call", 1));

        // the stored report and the campaign's upload list say the same
        long importId = r.getLong("importId");
        JsonObject stored = manager.get("/api/imports/" + importId).json();
        assertThat(stored.getLong("accepted")).isEqualTo(9L);
        assertThat(stored.getJsonObject("rejected").getLong("invalid_phone")).isEqualTo(3L);
        assertThat(supervisor
                        .get("/api/campaigns/" + id + "/uploads")
                        .json()
                        .getJsonArray("uploads")
                        .size())
                .isEqualTo(1);

        var rejects = manager.get("/api/imports/" + importId + "/rejects.csv");
        assertThat(rejects.status()).isEqualTo(200);
        assertThat(rejects.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(rejects.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment");
        String csv = rejects.body();
        assertThat(csv).startsWith("\uFEFF");
        assertThat(csv.lines().count()).isEqualTo(8); // header + 7 rejected rows
        assertThat(csv).contains("Sin Teléfono").contains("DUPLICATE_IN_FILE").contains("Tarificación adicional");

        // the same file again: every number is now a duplicate of the campaign (or invalid)
        var again = manager.upload("/api/campaigns/" + id + "/uploads", "otra vez.csv", file);
        JsonObject r2 = awaitUpload(manager, again.json().getLong("uploadId")).getJsonObject("report");
        assertThat(r2.getLong("accepted")).isZero();
        assertThat(r2.getJsonObject("rejected").getLong("duplicate_in_campaign"))
                .isEqualTo(9L);

        // contacts page and "why is this contact not dialable?"
        JsonObject page =
                manager.get("/api/campaigns/" + id + "/contacts?limit=5").json();
        assertThat(page.getJsonArray("items").size()).isEqualTo(5);
        long next = page.getLong("next");
        JsonObject rest = manager.get("/api/campaigns/" + id + "/contacts?limit=50&after=" + next)
                .json();
        assertThat(rest.getJsonArray("items").size()).isEqualTo(4);
        assertThat(rest.getValue("next")).isNull();
        long contactId = page.getJsonArray("items").getJsonObject(0).getLong("id");
        JsonObject detail = supervisor.get("/api/contacts/" + contactId).json();
        assertThat(detail.getJsonObject("contact").getString("name")).isEqualTo("José Martínez Núñez");
        assertThat(detail.getJsonObject("contact").getJsonObject("fields").getString("Técnico"))
                .isEqualTo("Íñigo");
        JsonObject why = detail.getJsonObject("dialability");
        assertThat(why.getBoolean("dialable")).isFalse();
        assertThat(why.getJsonArray("reasons").getJsonObject(0).getString("code"))
                .isEqualTo("campaign_not_running");
        assertThat(manager.get("/api/contacts/999999/dialability").status()).isEqualTo(404);
    }

    @Test
    void utf8AndUtf16ByteOrderMarksAreReadAndBinaryFilesRefusedInWords() {
        long id = createCampaign("BOM " + UUID.randomUUID());
        var usCampaign = manager.json(
                "POST",
                "/api/campaigns",
                new JsonObject()
                        .put("name", "US " + UUID.randomUUID())
                        .put("defaultCountry", "US")
                        .put("defaultTimeZone", "America/New_York"));
        var us = manager.upload(
                "/api/campaigns/" + usCampaign.json().getLong("id") + "/uploads", "us.csv", Fixtures.usUtf8Bom());
        JsonObject r = awaitUpload(manager, us.json().getLong("uploadId")).getJsonObject("report");
        assertThat(r.getString("encoding")).isEqualTo("UTF-8");
        assertThat(r.getString("delimiter")).isEqualTo(",");
        assertThat(r.getLong("rowsRead")).isEqualTo(5L);
        assertThat(r.getLong("accepted")).isEqualTo(4L);
        assertThat(r.getJsonObject("rejected").getMap()).isEqualTo(Map.of("invalid_phone", 1));

        String text = "Teléfono\tNombre\r\n612 99 00 01\tÁngela\r\n612 99 00 02\tÓscar\r\n612 99 00 01\tÁngela bis\r\n";
        byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        var le = manager.upload("/api/campaigns/" + id + "/uploads", "utf16.csv", utf16);
        JsonObject r16 = awaitUpload(manager, le.json().getLong("uploadId")).getJsonObject("report");
        assertThat(r16.getString("encoding")).isEqualTo("UTF-16LE");
        assertThat(r16.getString("delimiter")).isEqualTo("TAB");
        assertThat(r16.getLong("rowsRead")).isEqualTo(3L);
        assertThat(r16.getLong("accepted")).isEqualTo(2L);
        assertThat(r16.getJsonObject("rejected").getMap()).isEqualTo(Map.of("duplicate_in_file", 1));

        byte[] xlsx = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0};
        var bin = manager.upload("/api/campaigns/" + id + "/uploads", "clientes.xlsx", xlsx);
        JsonObject failed = awaitUpload(manager, bin.json().getLong("uploadId"));
        assertThat(failed.getString("state")).isEqualTo("failed");
        assertThat(failed.getJsonObject("error").getString("error")).isEqualTo("binary_file");
        assertThat(failed.getJsonObject("error").getString("message")).contains("Excel");

        var notMultipart = manager.send("POST", "/api/campaigns/" + id + "/uploads", "text/csv", Fixtures.usUtf8Bom());
        assertThat(notMultipart.status()).isEqualTo(415);
    }

    @Test
    void importProgressReachesOnlyTheUploaderOverServerSentEvents() {
        long id = createCampaign("Eventos " + UUID.randomUUID());
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (var mine = manager.openEvents();
                    var others = admin.openEvents()) {
                assertThat(CampaignManagerClient.nextEventBesidesLiveFigures(mine)[0])
                        .isEqualTo("ready");
                assertThat(CampaignManagerClient.nextEventBesidesLiveFigures(others)[0])
                        .isEqualTo("ready");
                var up = manager.upload("/api/campaigns/" + id + "/uploads", "eventos.csv", Fixtures.generated(300));
                assertThat(up.status()).isEqualTo(202);
                long uploadId = up.json().getLong("uploadId");
                JsonObject last;
                do {
                    String[] e = CampaignManagerClient.nextEventBesidesLiveFigures(mine);
                    assertThat(e[0]).isEqualTo("import-progress");
                    last = new JsonObject(e[1]);
                    assertThat(last.getLong("uploadId")).isEqualTo(uploadId);
                    assertThat(last.getLong("rowsProcessed")).isBetween(0L, 300L);
                } while ("importing".equals(last.getString("state")));
                assertThat(last.getString("state")).isEqualTo("done");
                assertThat(last.getDouble("fraction")).isEqualTo(1.0);
                assertThat(last.getJsonObject("report").getLong("accepted")).isEqualTo(300L);
                // the admin's stream got nothing about this upload: its next event is the one sent to all
                ts.server.events().toAll("tick", new JsonObject());
                assertThat(CampaignManagerClient.nextEventBesidesLiveFigures(others)[0])
                        .isEqualTo("tick");
            }
        });
    }

    @Test
    void callbacksAreScheduledInsideTheCallingWindowListedAndCancelled() {
        long id = createCampaign("Rellamadas " + UUID.randomUUID());
        var up = manager.upload(
                "/api/campaigns/" + id + "/uploads",
                "c.csv",
                "telefono;nombre\n612000201;Rosa\n".getBytes(StandardCharsets.UTF_8));
        awaitUpload(manager, up.json().getLong("uploadId"));
        long contactId = manager.get("/api/campaigns/" + id + "/contacts")
                .json()
                .getJsonArray("items")
                .getJsonObject(0)
                .getLong("id");
        ZonedDateTime due = ZonedDateTime.now(ZoneId.of("Europe/Madrid"))
                .plusDays(1)
                .withHour(11)
                .withMinute(30)
                .withSecond(0)
                .withNano(0);
        while (due.getDayOfWeek().getValue() > 5) {
            due = due.plusDays(1);
        }
        var created = manager.json(
                "POST",
                "/api/callbacks",
                new JsonObject()
                        .put("contactId", contactId)
                        .put("dueAt", due.toInstant().toString())
                        .put("note", "prefiere por la mañana"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getString("createdBy")).isEqualTo("marta");
        assertThat(supervisor
                        .json("POST", "/api/callbacks", new JsonObject().put("contactId", contactId))
                        .status())
                .isEqualTo(403);
        JsonArray list =
                supervisor.get("/api/campaigns/" + id + "/callbacks").json().getJsonArray("callbacks");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.getJsonObject(0).getString("dueAt"))
                .isEqualTo(due.toInstant().toString());
        long callbackId = list.getJsonObject(0).getLong("id");
        assertThat(manager.delete("/api/callbacks/" + callbackId).status()).isEqualTo(204);
        assertThat(manager.get("/api/campaigns/" + id + "/callbacks")
                        .json()
                        .getJsonArray("callbacks")
                        .size())
                .isZero();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void doNotCallListIsManagedByManagersAndReadBySupervisors() {
        var add = manager.json("POST", "/api/dnc", new JsonObject().put("phone", "+34 699 11 22 33"));
        assertThat(add.status()).isEqualTo(201);
        assertThat(manager.json("POST", "/api/dnc", new JsonObject().put("phone", "699112233"))
                        .status())
                .isEqualTo(200);
        var bad = manager.json("POST", "/api/dnc", new JsonObject().put("phone", "12"));
        assertThat(bad.status()).isEqualTo(400);
        JsonObject list = supervisor.get("/api/dnc?q=699112233").json();
        assertThat(list.getLong("total")).isEqualTo(1L);
        assertThat(list.getJsonArray("items").getJsonObject(0).getString("source"))
                .isEqualTo("manager:marta");
        assertThat(supervisor.delete("/api/dnc/%2B34699112233").status()).isEqualTo(403);
        assertThat(manager.delete("/api/dnc/%2B34699112233").status()).isEqualTo(204);
        assertThat(manager.delete("/api/dnc/%2B34699112233").status()).isEqualTo(404);

        byte[] csv = "telefono\n699 00 00 01\n699 00 00 02\n699 00 00 01\nnope\n".getBytes(StandardCharsets.UTF_8);
        var up = manager.upload("/api/dnc/uploads", "bajas.csv", csv);
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(up.json().getLong("rowsRead")).isEqualTo(4L);
        assertThat(up.json().getLong("added")).isEqualTo(2L);
        assertThat(up.json().getLong("alreadyListed")).isEqualTo(1L);
        assertThat(up.json().getLong("invalid")).isEqualTo(1L);
    }

    @Test
    void resultsAggregateAnswersAndTheExportEscapesFormulas() throws Exception {
        long id = createCampaign("Resultados " + UUID.randomUUID());
        String csv = "telefono;nombre;nota\n612000101;@SUM(A1);x\n612000102;Luis;ok\n";
        var up = manager.upload("/api/campaigns/" + id + "/uploads", "r.csv", csv.getBytes(StandardCharsets.UTF_8));
        awaitUpload(manager, up.json().getLong("uploadId"));
        manager.json("POST", "/api/campaigns/" + id + "/status", new JsonObject().put("status", "running"));
        JsonArray contacts =
                manager.get("/api/campaigns/" + id + "/contacts").json().getJsonArray("items");
        Campaigns side = new Campaigns(sideDb, java.time.Clock.systemUTC());
        int[] csat = {5, 2};
        for (int i = 0; i < 2; i++) {
            long contactId = contacts.getJsonObject(i).getLong("id");
            side.claimContactBlocking(contactId, "test-dialer");
            var attempt = side.openAttemptBlocking(contactId, "call-" + i, "alex");
            Map<String, String> answers = new HashMap<>();
            answers.put("csat", Integer.toString(csat[i]));
            answers.put("nps", i == 0 ? "10" : "3");
            answers.put("fcr", i == 0 ? "sí" : "no");
            answers.put("punctual", "Tarde");
            answers.put("comments", "=1+1");
            side.saveAnswersBlocking(new AnswerSet(contactId, attempt.id(), "alex", answers, "completed"));
            side.closeAttemptBlocking(attempt.id(), Outcome.COMPLETED, "alex", Duration.ofSeconds(90));
        }
        JsonObject res = supervisor.get("/api/campaigns/" + id + "/results").json();
        assertThat(res.getLong("contacts")).isEqualTo(2L);
        assertThat(res.getLong("completed")).isEqualTo(2L);
        assertThat(res.getDouble("completionRate")).isEqualTo(1.0);
        assertThat(res.getDouble("csatAverage")).isEqualTo(3.5);
        assertThat(res.getJsonObject("csatDistribution").getMap())
                .isEqualTo(Map.of("1", 0, "2", 1, "3", 0, "4", 0, "5", 1));
        assertThat(res.getDouble("npsScore")).isEqualTo(0.0);
        assertThat(res.getDouble("fcrRate")).isEqualTo(0.5);
        JsonArray days = res.getJsonArray("completionsByDay");
        assertThat(days.size()).isEqualTo(1);
        assertThat(days.getJsonObject(0).getLong("cumulative")).isEqualTo(2L);
        assertThat(days.getJsonObject(0).getString("date"))
                .isEqualTo(ZonedDateTime.now(ZoneId.of("UTC")).toLocalDate().toString());
        assertThat(res.getJsonObject("outcomes").getLong("completed")).isEqualTo(2L);

        JsonObject answers = manager.get("/api/campaigns/" + id + "/answers").json();
        assertThat(answers.getJsonArray("items").size()).isEqualTo(2);
        assertThat(answers.getJsonArray("items")
                        .getJsonObject(0)
                        .getJsonObject("answers")
                        .getString("fcr"))
                .isEqualTo("yes");

        var export = supervisor.get("/api/campaigns/" + id + "/export.csv");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("Resultados-")
                .contains(".csv");
        String body = export.body();
        assertThat(body).contains("'@SUM(A1)").contains("'=1+1").doesNotContain(",=");
        assertThat(agent.get("/api/campaigns/" + id + "/export.csv").status()).isEqualTo(403);

        // callbacks: a manager schedules one inside the contact's window; supervisors see it
        long third = contacts.getJsonObject(0).getLong("id");
        var outside = manager.json(
                "POST",
                "/api/callbacks",
                new JsonObject().put("contactId", third).put("dueAt", "2030-01-06T02:00:00Z"));
        assertThat(outside.status()).isIn(400, 409);
        assertThat(outside.json().getString("message")).isNotBlank();
        var badDate = manager.json(
                "POST",
                "/api/callbacks",
                new JsonObject().put("contactId", third).put("dueAt", "mañana"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(supervisor.get("/api/campaigns/" + id + "/callbacks").json().getJsonArray("callbacks"))
                .isNotNull();
    }
}
