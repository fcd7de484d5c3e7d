package io.decant.cli.serve;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver: the browser of the dashboard's
 * browser tests. Nothing is downloaded (Selenium Manager is not used: both executables are given),
 * and the browser is kept off the network but for the page under test (no background networking,
 * component updates, sync or QUIC). Each instance has a fresh profile directory, deleted when it is
 * closed; {@link #close()} quits the browser and stops the driver, also from a shutdown hook if the
 * test JVM ends first.
 *
 * <p>Outside CI a machine without the two executables skips the tests that need them (an assumption
 * saying what to install); under {@code CI=true} a missing browser fails them.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final Thread hook;
    private boolean closed;

    private HeadlessChromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.hook = new Thread(this::close, "quit-headless-chromium");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Why there is no browser: what to install. */
    static final String MISSING = "no browser for the dashboard's browser tests: " + CHROMIUM + " and " + CHROMEDRIVER
            + " must both be installed (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";

    /** Whether both executables are there. */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Starts the browser; empty when it is not installed, which under {@code CI=true} fails instead
     * (the tests that need it then skip with {@link #assumeStarted}).
     */
    static Optional<HeadlessChromium> startIfInstalled() throws IOException {
        if (!installed()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(MISSING + "; under CI=true these tests do not skip");
            }
            return Optional.empty();
        }
        return Optional.of(start());
    }

    /** Skips the calling test (outside CI) when the browser could not be started for want of it. */
    static HeadlessChromium assumeStarted(Optional<HeadlessChromium> browser) {
        assumeTrue(browser.isPresent(), MISSING + "; skipped");
        return browser.get();
    }

    private static HeadlessChromium start() throws IOException {
        Path profile = Files.createTempDirectory("decant-chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File(profile.toFile(), "chromedriver.log")).build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, service, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    /** Quits the browser, stops the driver and deletes the profile directory; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // the browser is gone already: the driver is stopped below
        } finally {
            service.stop();
            deleteTree(profile);
            if (Thread.currentThread() != hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException exiting) {
                    // the JVM is shutting down: the hook runs (and finds this closed)
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }
}
