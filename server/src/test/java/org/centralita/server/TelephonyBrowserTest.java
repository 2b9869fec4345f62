package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The telephony admin screen in real headless Chromium: an admin changes a campaign's dial mode, is refused a
 * target above the legal cap, runs a what-if and sees the flows' problems. Screenshots in
 * {@code target/screenshots/telephony-*.png}.
 */
class TelephonyBrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");

    static TestServer ts;
    static Http api;
    static WebDriver driver;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final FailureShots FAILURE_SHOTS = new FailureShots(() -> driver);

    static WebDriverWait wait;
    static Path profile;
    static Path flowsDir;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        flowsDir = Files.createTempDirectory("centralita-flows");
        Files.writeString(flowsDir.resolve("main.yaml"), FlowsApiTest.VALID);
        Files.writeString(flowsDir.resolve("survey.yaml"), FlowsApiTest.BROKEN);
        ts = TestServer.start(Map.of("CENTRALITA_FLOWS_DIR", flowsDir.toString()));
        api = new Http(ts.base);
        api.login("admin", TestServer.ADMIN_PASSWORD);
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("centralita-chromium");
        driver = Chromium.start(profile, "1366,1000");
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // pages redraw live
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (ts != null) {
            ts.close();
        }
        for (Path p : new Path[] {profile, flowsDir}) {
            if (p != null) {
                Chromium.deleteProfile(p);
            }
        }
    }

    static void screenshot(String name) throws Exception {
        Chromium.screenshot(driver, name);
    }

    static void scrollTo(By by) {
        ((JavascriptExecutor) driver)
                .executeScript("arguments[0].scrollIntoView({block: 'start'})", driver.findElement(by));
    }

    /** Clicks after scrolling the element to the middle of the window, clear of the toasts in the corner. */
    static void click(String id) {
        WebElement e = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    static void setNumber(String id, String value) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    @Test
    void anAdminChangesTheDialModeIsRefusedAboveTheCapAndRunsAWhatIf() throws Exception {
        driver.get(ts.base + "/#/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
        driver.findElement(By.cssSelector(".lang-switch [data-lang='en']")).click();
        wait.until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        driver.findElement(By.id("login-username")).sendKeys("admin");
        driver.findElement(By.id("login-password")).sendKeys(TestServer.ADMIN_PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users-table")));
        driver.findElement(By.id("nav-telephony")).click();

        // no live dialer: the live chart says so instead of drawing anything
        // the panel redraws every second: read its text inside the wait, not from an element that may be replaced
        wait.until(
                d -> d.findElement(By.id("pacing-live-empty")).getText().contains("No campaign is dialling right now"));
        // flows: the valid one in service, the broken one's problem as file:line:col
        WebElement problems = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flows-problem-list")));
        assertThat(problems.getText()).contains("survey.yaml:4:").contains("nowhere");
        assertThat(driver.findElement(By.id("flows-table")).getText()).contains("main");

        driver.findElement(By.id("pacing-campaign")).sendKeys("spring-survey");
        driver.findElement(By.id("pacing-open")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pacing-form")));
        assertThat(new Select(driver.findElement(By.id("pacing-mode")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("predictive");

        // above the legal cap: refused with the reason next to the field, nothing stored
        setNumber("pacing-abandonTarget", "4");
        click("pacing-save");
        WebElement capError =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pacing-abandonTarget-error")));
        assertThat(capError.getText()).contains("3%");
        assertThat(api.get("/api/pacing/campaigns/spring-survey").json().getBoolean("stored"))
                .isFalse();
        screenshot("telephony-01-cap-refused");

        // a valid change: ratio, 1.8 lines per agent, 2.5% target, 1 s deadline
        new Select(driver.findElement(By.id("pacing-mode"))).selectByValue("ratio");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pacing-ratio")));
        setNumber("pacing-ratio", "1.8");
        setNumber("pacing-abandonTarget", "2.5");
        setNumber("pacing-connectDeadlineSeconds", "1");
        click("pacing-save");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pacing-stamp"), "Saved by admin"));
        JsonObject stored = api.get("/api/pacing/campaigns/spring-survey").json();
        assertThat(stored.getString("mode")).isEqualTo("ratio");
        assertThat(stored.getDouble("ratio")).isEqualTo(1.8);
        assertThat(stored.getDouble("abandonTarget")).isEqualTo(0.025);
        assertThat(stored.getDouble("connectDeadlineSeconds")).isEqualTo(1.0);
        screenshot("telephony-02-ratio-saved");

        // what-if: the settings above against progressive, adaptive and predictive, on a small team
        setNumber("whatif-agents", "5");
        new Select(driver.findElement(By.id("whatif-hours"))).selectByValue("1");
        click("whatif-run");
        WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("whatif-table")));
        assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(4);
        assertThat(driver.findElements(By.cssSelector("#whatif-plot circle"))).hasSize(4);
        assertThat(driver.findElement(By.id("whatif-basis")).getText()).contains("no history yet");
        scrollTo(By.id("whatif"));
        screenshot("telephony-03-what-if");

        // take the predictive candidate into the form and save it
        table.findElement(By.cssSelector("tr[data-mode='predictive'] button[data-apply]"))
                .click();
        wait.until(d -> "predictive"
                .equals(new Select(d.findElement(By.id("pacing-mode")))
                        .getFirstSelectedOption()
                        .getAttribute("value")));
        click("pacing-save");
        wait.until(d -> "predictive"
                .equals(api.get("/api/pacing/campaigns/spring-survey").json().getString("mode")));
        scrollTo(By.id("pacing-settings"));
        screenshot("telephony-04-predictive-applied");
        scrollTo(By.id("pacing-live"));
        screenshot("telephony-05-live-and-flows");
    }
}
