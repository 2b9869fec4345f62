package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real headless Chromium (Debian's chromium + chromium-driver, installed by
 * {@code .ci/browser.sh}); skipped when {@code /usr/bin/chromedriver} is absent. Screenshots go to
 * {@code target/screenshots/}.
 */
class BrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");

    static TestServer ts;
    static Http api;
    static WebDriver driver;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final FailureShots FAILURE_SHOTS = new FailureShots(() -> driver);

    static WebDriverWait wait;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        ts = TestServer.start(Map.of());
        api = new Http(ts.base);
        api.login("admin", TestServer.ADMIN_PASSWORD);
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("centralita-chromium");
        driver = Chromium.start(profile, "1366,860");
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
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
        if (profile != null) {
            Chromium.deleteProfile(profile);
        }
    }

    @BeforeEach
    void freshBrowser() {
        driver.get(ts.base + "/");
        driver.manage().deleteAllCookies();
        ((JavascriptExecutor) driver).executeScript("localStorage.clear()");
        driver.get(ts.base + "/#/login");
        driver.navigate().refresh(); // a hash change alone would keep the previous test's page state
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
        chooseLanguage("es");
    }

    static void chooseLanguage(String lang) {
        driver.findElement(By.cssSelector(".lang-switch [data-lang='" + lang + "']"))
                .click();
        wait.until(d -> lang.equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    }

    static void screenshot(String name) throws Exception {
        Chromium.screenshot(driver, name);
    }

    static void signIn(String user, String password) {
        driver.findElement(By.id("login-username")).sendKeys(user);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    static String text(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText();
    }

    @Test
    void anAdminSignsInCreatesAUserAndSignsOut() throws Exception {
        screenshot("01-login-es");
        signIn("admin", TestServer.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users-table")));
        assertThat(text(By.id("current-user"))).isEqualTo("Administrator");
        assertThat(driver.findElement(By.id("nav-users")).getAttribute("aria-current"))
                .isEqualTo("page");

        driver.findElement(By.id("new-user")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-dialog")));
        driver.findElement(By.id("user-displayName")).sendKeys("Ana García Núñez");
        driver.findElement(By.id("user-username")).sendKeys("ana.garcia");
        new Select(driver.findElement(By.id("user-role"))).selectByValue("manager");
        assertThat(driver.findElement(By.id("user-phoneEndpoint")).isDisplayed())
                .as("only agents have a phone endpoint")
                .isFalse();
        new Select(driver.findElement(By.id("user-role"))).selectByValue("agent");
        driver.findElement(By.id("user-phoneEndpoint")).sendKeys("PJSIP/ana");
        driver.findElement(By.id("user-password")).sendKeys("temporal-123");
        screenshot("02-new-user-dialog");
        driver.findElement(By.id("user-dialog-save")).click();

        WebElement row = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-username='ana.garcia']")));
        assertThat(row.getText())
                .contains("Ana García Núñez")
                .contains("Agente")
                .contains("PJSIP/ana");
        assertThat(api.get("/api/users").body()).contains("ana.garcia").contains("\"phoneEndpoint\":\"PJSIP/ana\"");
        screenshot("03-users");

        driver.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
        assertThat(api.get("/api/users").status()).isEqualTo(200);
        driver.get(ts.base + "/#/users");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
    }

    @Test
    void anAdminCreatesAnApiTokenSeesItOnceAndRevokesIt() throws Exception {
        signIn("admin", TestServer.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users-table")));
        driver.findElement(By.id("new-token")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-name")))
                .sendKeys("exportación nocturna");
        driver.findElement(By.id("token-dialog-save")).click();
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret")))
                .getAttribute("value");
        assertThat(secret).startsWith("ctk_");
        screenshot("07-token-created");
        Http script = new Http(ts.base);
        assertThat(script.send("GET", "/api/auth/me", null, Map.of("Authorization", "Bearer " + secret))
                        .status())
                .isEqualTo(200);
        driver.findElement(By.cssSelector("#token-dialog .actions .btn-primary"))
                .click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[@id='tokens-table']//tr[td[text()='exportación nocturna']]")));
        assertThat(row.getText()).doesNotContain(secret).contains("Activo");
        row.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("revoke-dialog-save")))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//table[@id='tokens-table']//tr[td[text()='exportación nocturna']]"), "Revocado"));
        assertThat(script.send("GET", "/api/auth/me", null, Map.of("Authorization", "Bearer " + secret))
                        .status())
                .isEqualTo(401);
        screenshot("08-token-revoked");
    }

    @Test
    void theLanguageSwitchTranslatesThePageAndIsRemembered() throws Exception {
        assertThat(text(By.id("login-title"))).isEqualTo("Iniciar sesión");
        assertThat(driver.findElement(By.id("login-submit")).getText()).isEqualTo("Entrar");
        chooseLanguage("en");
        assertThat(text(By.id("login-title"))).isEqualTo("Sign in");
        assertThat(driver.findElement(By.cssSelector("label[for='login-password']"))
                        .getText())
                .isEqualTo("Password");
        screenshot("04-login-en");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-title")));
        assertThat(text(By.id("login-title"))).isEqualTo("Sign in");
        signIn("admin", TestServer.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users-table")));
        assertThat(text(By.id("page-title"))).isEqualTo("Users");
        chooseLanguage("es");
        assertThat(text(By.id("page-title"))).isEqualTo("Usuarios");
    }

    @Test
    void anAgentSeesTheirDesktopLiveAndAForbiddenPageForUsers() throws Exception {
        Http.Resp created = api.call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "luis.perez")
                        .put("displayName", "Luis Pérez")
                        .put("role", "agent")
                        .put("password", "password-123")
                        .put("mustChangePassword", false)
                        .encode());
        assertThat(created.status()).isEqualTo(201);
        signIn("luis.perez", "password-123");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("desk-no-campaign")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#live.is-live")));
        assertThat(driver.findElements(By.id("nav-users"))).isEmpty();
        assertThat(driver.findElements(By.id("nav-desktop"))).hasSize(1);
        screenshot("05-agent-desktop");

        driver.get(ts.base + "/#/users");
        assertThat(text(By.cssSelector("#forbidden h1"))).isEqualTo("No tienes acceso a esta página");
        assertThat(driver.findElements(By.id("users-table"))).isEmpty();
        screenshot("06-agent-forbidden");
    }
}
