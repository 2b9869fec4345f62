package org.centralita.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the browser tests: never a downloaded
 * browser, no background networking (the machine has no internet), a fresh profile per test class.
 */
final class Chromium {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path BROWSER = Path.of("/usr/bin/chromium");

    private Chromium() {}

    /** Skips the calling test class when chromium or chromium-driver is not installed. */
    static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER),
                "chromium and chromium-driver are not installed (run .ci/browser.sh)");
    }

    /** Starts a headless Spanish-locale Chromium with the profile in {@code profile} and a window of {@code size}. */
    static WebDriver start(Path profile, String size) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=" + size,
                "--lang=es-ES",
                "--user-data-dir=" + profile.toAbsolutePath());
        return new ChromeDriver(service, options);
    }

    /** Saves what {@code driver} shows as {@code target/screenshots/<name>.png}, the tests' artefacts. */
    static void screenshot(WebDriver driver, String name) throws java.io.IOException {
        Path png = ((org.openqa.selenium.TakesScreenshot) driver)
                .getScreenshotAs(org.openqa.selenium.OutputType.FILE)
                .toPath();
        Files.createDirectories(BrowserTest.SHOTS);
        Files.copy(png, BrowserTest.SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a Chromium profile folder made for one test class, with everything in it. */
    static void deleteProfile(Path profile) throws java.io.IOException {
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }
}
