package org.centralita.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.WebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves what the browser showed when a browser test failed: a screenshot and the page's HTML, as
 * {@code target/screenshots/FAILED-<class>-<test>.png|.html}, so a failure in CI can be read afterwards.
 */
final class FailureShots implements TestWatcher {
    private static final Logger log = LoggerFactory.getLogger(FailureShots.class);

    private final Supplier<WebDriver> driver;

    FailureShots(Supplier<WebDriver> driver) {
        this.driver = driver;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        WebDriver d = driver.get();
        if (d == null) {
            return;
        }
        String name = "FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName();
        try {
            Chromium.screenshot(d, name);
            Files.writeString(BrowserTest.SHOTS.resolve(name + ".html"), d.getPageSource(), StandardCharsets.UTF_8);
            log.warn(
                    "{} failed; the page is in {}",
                    name,
                    BrowserTest.SHOTS.resolve(name + ".png").toAbsolutePath());
        } catch (Exception e) {
            log.warn("{} failed, and the page could not be saved: {}", name, e.toString());
        }
    }
}
