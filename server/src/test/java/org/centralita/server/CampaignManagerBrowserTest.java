package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The campaign manager's day in real headless Chromium: sign in, create a campaign with its survey, upload a nasty
 * Windows-1252 list with preview, progress and report, start the campaign and read the results charts. Skipped
 * when Debian's chromium and chromium-driver are absent. Screenshots: {@code target/screenshots/campaign-*.png}.
 */
class CampaignManagerBrowserTest {
    static final String DB_URL =
            "jdbc:h2:mem:cmb" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    static TestServer ts;
    static WebDriver driver;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final FailureShots FAILURE_SHOTS = new FailureShots(() -> driver);

    static WebDriverWait wait;
    static Path profile;
    static Path csv;
    static Path bigCsv;
    static Database sideDb;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        ts = TestServer.start(Map.of("CENTRALITA_DATABASE_URL", DB_URL, "CENTRALITA_HTTP_MAX_UPLOAD_SIZE", "32KB"));
        CampaignManagerClient admin = new CampaignManagerClient(ts.base);
        admin.login("admin", TestServer.ADMIN_PASSWORD);
        var created = admin.json(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "marta")
                        .put("displayName", "Marta Ibáñez")
                        .put("role", "manager")
                        .put("password", "password-manager")
                        .put("mustChangePassword", false));
        assertThat(created.status()).isEqualTo(201);
        assertThat(admin.json("POST", "/api/dnc", new JsonObject().put("phone", "600 000 001"))
                        .status())
                .isEqualTo(201);
        sideDb = Database.open(new DatabaseConfig(DB_URL, "sa", "", 2), null);
        Files.createDirectories(BrowserTest.SHOTS);
        csv = Files.createTempDirectory("centralita-csv").resolve("clientes visitas.csv");
        Files.write(csv, Fixtures.spanishWindows1252());
        bigCsv = csv.resolveSibling("lista enorme.csv");
        Files.write(bigCsv, Fixtures.generated(3000)); // ~ 75 KB, over the configured 32 KB
        profile = Files.createTempDirectory("centralita-chromium");
        driver = Chromium.start(profile, "1366,1000");
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // pages redraw live
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (sideDb != null) {
            sideDb.close();
        }
        if (ts != null) {
            ts.close();
        }
        for (Path dir : new Path[] {profile, csv == null ? null : csv.getParent()}) {
            if (dir != null) {
                Chromium.deleteProfile(dir);
            }
        }
    }

    static void screenshot(String name) throws Exception {
        Chromium.screenshot(driver, name);
    }

    static String text(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText();
    }

    static void click(By by) {
        var el = wait.until(ExpectedConditions.elementToBeClickable(by));
        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("arguments[0].scrollIntoView({block: 'center'})", el);
        el.click();
    }

    static void type(By by, String text) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(by)).sendKeys(text);
    }

    @Test
    void aManagerCreatesASurveyCampaignUploadsANastyListAndReadsTheResults() throws Exception {
        driver.get(ts.base + "/#/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
        type(By.id("login-username"), "marta");
        type(By.id("login-password"), "password-manager");
        click(By.id("login-submit"));

        // empty state, in Spanish
        assertThat(text(By.id("campaigns-empty"))).contains("Todavía no hay campañas");
        screenshot("campaign-01-empty");

        // create a campaign with a three-question survey
        click(By.id("new-campaign"));
        type(By.id("campaign-name"), "Visitas técnicas noviembre");
        type(By.id("survey-title"), "Visita técnica");
        type(By.id("survey-intro"), "Buenos días {name}, le llamamos por la visita de {Técnico}.");
        click(By.id("add-csat"));
        type(By.id("q-0-text"), "¿Quedó satisfecho con la visita de {Técnico}?");
        click(By.id("add-nps"));
        type(By.id("q-1-text"), "¿Nos recomendaría a un amigo?");
        click(By.id("add-yes_no"));
        type(By.id("q-2-text"), "¿Se resolvió su problema a la primera?");
        screenshot("campaign-02-survey-editor");
        click(By.id("campaign-save"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("campaign-status")));
        assertThat(text(By.id("page-title"))).contains("Visitas técnicas noviembre");
        assertThat(text(By.id("campaign-status"))).isEqualTo("Borrador");
        assertThat(driver.findElements(By.cssSelector(".survey-preview li"))).hasSize(3);
        String campaignUrl = driver.getCurrentUrl();
        long id = Long.parseLong(campaignUrl.replaceAll(".*#/campaigns/(\\d+).*", "$1"));

        // a file over the configured upload limit (http.max-upload-size = 32KB) is refused with the limit in MB
        click(By.id("tab-link-upload"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upload-file")))
                .sendKeys(bigCsv.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-too-large")));
        assertThat(text(By.id("upload-too-large"))).contains("límite de subida de 0.03 MB");
        assertThat(driver.findElement(By.id("upload-start")).isEnabled()).isFalse();
        screenshot("campaign-03a-upload-too-large");

        // upload: preview with detected encoding and mapping, then real progress and the report
        driver.findElement(By.id("upload-file")).sendKeys(csv.toAbsolutePath().toString());
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("upload-too-large")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-table")));
        assertThat(text(By.id("upload-detected"))).contains("windows-1252").contains("punto y coma");
        assertThat(text(By.id("preview-table"))).contains("José Martínez Núñez").contains("Teléfono");
        screenshot("campaign-03-upload-preview");
        click(By.id("upload-start"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-report")));
        assertThat(driver.findElement(By.id("upload-bar")).getAttribute("value"))
                .isEqualTo("100");
        assertThat(driver.findElement(By.id("import-bar")).getAttribute("value"))
                .isEqualTo("100");
        assertThat(text(By.id("report-rows"))).contains("16");
        assertThat(text(By.id("report-accepted"))).contains("9");
        assertThat(text(By.id("report-rejected"))).contains("7");
        assertThat(text(By.id("report-reasons")))
                .contains("Teléfono no válido")
                .contains("Repetido en el fichero")
                .contains("En la lista de no llamar")
                .contains("Comillas sin cerrar");
        assertThat(driver.findElement(By.id("download-rejects")).getAttribute("href"))
                .contains("/rejects.csv");
        screenshot("campaign-04-import-report");

        // start the campaign
        click(By.id("campaign-running"));
        wait.until(ExpectedConditions.textToBe(By.id("campaign-status"), "En marcha"));

        // three customers answer (the agent desktop's part, played through the campaigns module)
        CampaignManagerClient api = new CampaignManagerClient(ts.base);
        api.login("marta", "password-manager");
        JsonArray contacts =
                api.get("/api/campaigns/" + id + "/contacts?limit=3").json().getJsonArray("items");
        Campaigns side = new Campaigns(sideDb, Clock.systemUTC());
        answer(side, contacts.getJsonObject(0).getLong("id"), 5, 10, "yes");
        answer(side, contacts.getJsonObject(1).getLong("id"), 4, 9, "yes");
        answer(side, contacts.getJsonObject(2).getLong("id"), 2, 5, "no");

        click(By.id("tab-link-results"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chart-csat")));
        assertThat(text(By.id("kpi-results-completed"))).contains("3 / 9");
        assertThat(text(By.id("kpi-csat"))).contains("3.67");
        assertThat(text(By.id("kpi-nps"))).contains("33");
        assertThat(driver.findElement(By.id("chart-csat")).getAttribute("aria-label"))
                .contains("5: 1")
                .contains("4: 1")
                .contains("2: 1");
        assertThat(driver.findElements(By.id("chart-completion"))).hasSize(1);
        assertThat(text(By.id("answers-table"))).contains("José Martínez Núñez");
        assertThat(driver.findElement(By.id("export-csv")).getAttribute("href"))
                .endsWith("/api/campaigns/" + id + "/export.csv");
        screenshot("campaign-05-results");
        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("document.getElementById('chart-completion').scrollIntoView({block: 'center'})");
        screenshot("campaign-05b-results-completion");

        // contacts: why is a contact not dialable now?
        click(By.id("tab-link-contacts"));
        click(By.cssSelector("#contacts-table tbody tr:first-child button"));
        assertThat(text(By.id("dialability"))).contains("No se puede llamar ahora");
        assertThat(text(By.id("contact-answers"))).contains("¿Nos recomendaría a un amigo?");
        screenshot("campaign-06-contact");
        driver.findElement(By.cssSelector("#contact-dialog .btn-primary")).click();

        // the same results in English
        click(By.cssSelector(".lang-switch [data-lang='en']"));
        click(By.id("tab-link-results"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chart-csat")));
        assertThat(text(By.id("kpi-results-completed"))).contains("Completed surveys");
        assertThat(text(By.id("nps-explain"))).contains("promoters");
        screenshot("campaign-07-results-en");
    }

    static void answer(Campaigns side, long contactId, int csat, int nps, String fcr) {
        side.claimContactBlocking(contactId, "test-dialer");
        var attempt = side.openAttemptBlocking(contactId, "call-" + contactId, "alex");
        side.saveAnswersBlocking(new AnswerSet(
                contactId, attempt.id(), "alex", Map.of("q1", "" + csat, "q2", "" + nps, "q3", fcr), "completed"));
        side.closeAttemptBlocking(attempt.id(), Outcome.COMPLETED, "alex", Duration.ofSeconds(80));
    }
}
