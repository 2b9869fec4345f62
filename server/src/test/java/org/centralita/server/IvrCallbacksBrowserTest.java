package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.flows.selfservice.CallbackRequest;
import org.centralita.flows.selfservice.JdbcCallbackRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Call-backs asked for in the IVR, in real headless Chromium: the supervisor's wallboard tile counts them live and
 * turns amber past an hour; an agent takes one with "I'll call" and closes it with an outcome.
 */
class IvrCallbacksBrowserTest {
    static TestServer ts;
    static JdbcCallbackRequests store;
    static WebDriver driver;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final FailureShots FAILURE_SHOTS = new FailureShots(() -> driver);

    static WebDriverWait wait;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        AtomicReference<Platform> platform = new AtomicReference<>();
        ts = TestServer.start(Map.of(), p -> {
            platform.set(p);
            return TestServer.components(p, p.config().http().maxUploadSize());
        });
        store = new JdbcCallbackRequests(platform.get().vertx(), platform.get().dataSource());
        Http admin = new Http(ts.base);
        assertThat(admin.login("admin", TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
        for (String[] u : new String[][] {{"sonia", "supervisor"}, {"alba", "agent"}}) {
            Http.Resp r = admin.call(
                    "POST",
                    "/api/users",
                    new JsonObject()
                            .put("username", u[0])
                            .put("displayName", u[0])
                            .put("role", u[1])
                            .put("password", "password-" + u[1])
                            .put("mustChangePassword", false)
                            .encode());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        Files.createDirectories(BrowserTest.SHOTS);
        profile = Files.createTempDirectory("centralita-chromium");
        driver = Chromium.start(profile, "1366,900");
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (ts != null) {
            ts.close();
        }
        if (profile != null) {
            Chromium.deleteProfile(profile);
        }
    }

    static void screenshot(String name) throws Exception {
        Chromium.screenshot(driver, name);
    }

    static void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        driver.get(ts.base + "/#/login");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
        driver.findElement(By.id("login-username")).sendKeys(user);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    static String tileValue() {
        return driver.findElement(By.cssSelector("#wall-cb-open .wall-value")).getText();
    }

    @Test
    void theWallboardCountsRequestsLiveAndAnAgentClaimsAndClosesOne() throws Exception {
        store.create(new CallbackRequest(
                        "old",
                        "+34600111222",
                        "",
                        "es",
                        "after-hours",
                        Instant.now().minus(Duration.ofHours(2))))
                .await();

        signIn("sonia", "password-supervisor");
        wait.until(d ->
                !d.findElements(By.id("wall-cb-open")).isEmpty() && tileValue().equals("1"));
        assertThat(driver.findElement(By.id("wall-cb-open")).getAttribute("data-late"))
                .as("two hours old: amber")
                .isEqualTo("true");
        // A request the IVR stores now reaches the open wallboard without a reload (the store is polled).
        store.create(new CallbackRequest("new", "+34911000001", "", "en", "after-hours", Instant.now()))
                .await();
        wait.until(d -> tileValue().equals("2"));
        screenshot("callbacks-01-wallboard");

        signIn("alba", "password-agent");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-callbacks")));
        // The agent sees from the desktop that two customers wait for a call-back.
        wait.until(d -> !d.findElements(By.id("nav-callbacks-count")).isEmpty()
                && d.findElement(By.id("nav-callbacks-count")).getText().equals("2"));
        driver.findElement(By.id("nav-callbacks")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cb-table")));
        String firstRow =
                driver.findElement(By.cssSelector("#cb-table tbody tr")).getText();
        assertThat(firstRow).as("oldest first, number grouped").contains("+34 600 11 12 22");
        screenshot("callbacks-02-list");

        driver.findElement(By.cssSelector("#cb-table tbody tr:first-child .cb-claim"))
                .click();
        wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cb-table tbody tr.cb-mine .cb-close")));
        driver.findElement(By.cssSelector("#cb-table tbody tr.cb-mine .cb-close"))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cb-outcome")));
        new Select(driver.findElement(By.id("cb-outcome"))).selectByValue("called-back");
        driver.findElement(By.id("cb-close-note")).sendKeys("resolved");
        screenshot("callbacks-03-close");
        driver.findElement(By.id("cb-close-dialog-save")).click();
        wait.until(d -> d.findElements(By.cssSelector("#cb-table tbody tr")).size() == 1);
        wait.until(d -> d.findElement(By.id("nav-callbacks-count")).getText().equals("1"));
        assertThat(driver.findElement(By.cssSelector("#cb-table tbody tr")).getText())
                .contains("+34 911 00 00 01");

        Http sonia = new Http(ts.base);
        assertThat(sonia.login("sonia", "password-supervisor").status()).isEqualTo(200);
        JsonObject open = sonia.get("/api/ivr/callbacks").json();
        assertThat(open.getInteger("open")).isEqualTo(1);
        assertThat(open.getJsonArray("tickets").getJsonObject(0).getString("callId"))
                .isEqualTo("new");
    }
}
