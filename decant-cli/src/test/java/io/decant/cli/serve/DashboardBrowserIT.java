package io.decant.cli.serve;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.AdvanceRequest;
import io.decant.BackfillOptions;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.wire.BearerToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless chromium, {@link HeadlessChromium}) against {@code decant
 * serve}'s server in this JVM, over a migration on real PostgreSQL (the fixture of {@link ServeIT}):
 * it renders each phase, follows an {@code advance} made through the JSON API without a reload,
 * shows hostile values as text, and its Content-Security-Policy stops scripts it did not bring.
 * Waits are {@link WebDriverWait}s on what the page shows; nothing is timed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DashboardBrowserIT {
    static final String TOKEN = "browser-it-T0ken-5e0b7c";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The page polls every two seconds; a busy machine may take much longer to answer. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private static Optional<HeadlessChromium> installed = Optional.empty();
    private HeadlessChromium browser;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final StringWriter serverLog = new StringWriter();
    private Database legacy;
    private Database service;
    private String name;
    private Decant decant;
    private DashboardServer server;

    @BeforeAll
    static void startBrowser() throws Exception {
        installed = HeadlessChromium.startIfInstalled();
    }

    @AfterAll
    static void quitBrowser() {
        installed.ifPresent(HeadlessChromium::close);
    }

    /** Each test has tables of its own: the phase test retires the legacy rows. */
    @BeforeEach
    void migrationAndServer() throws Exception {
        browser = HeadlessChromium.assumeStarted(installed);
        legacy = TestDatabases.postgres().createDatabase();
        service = TestDatabases.postgres().createDatabase();
        legacy.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL)",
                "INSERT INTO orders SELECT g, g % 7, 'NEW' FROM generate_series(1, 20) g");
        service.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer BIGINT NOT NULL, status VARCHAR(20))");
        name = "orders";
        Path file = Files.writeString(dir.resolve("decant.yaml"), "stores:\n"
                + store("legacy", legacy) + store("service", service)
                + "migrations:\n"
                + "  " + name + ":\n"
                + "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: service, table: orders, key: [order_id] }\n"
                + "    columns: { order_id: id, customer: customer_id, status: status }\n"
                + "    shadow: { recheck-delay: 10ms }\n");
        DecantConfig config = DecantConfig.load(file);
        decant = Decant.open(config);
        decant.init();
        server = DashboardServer.start(decant, config, new ServeSettings("127.0.0.1", 0, BearerToken.of(TOKEN),
                "DECANT_SERVE_TOKEN"), new PrintWriter(serverLog, true));
    }

    private static String store(String name, Database db) {
        return "  " + name + ":\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                + (db.password() != null ? "    password: " + db.password() + "\n" : "");
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
            if (decant != null) {
                decant.close();
            }
        } finally {
            if (legacy != null) {
                legacy.close();
            }
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void thePageRendersEachPhaseOfAMigrationDrivenThroughTheLibrary() throws Exception {
        assertRendered(Phase.LEGACY_ONLY);

        advance(Phase.DUAL_WRITE, false);
        assertRendered(Phase.DUAL_WRITE);

        assertThat(decant.backfill(name, BackfillOptions.defaults(), null).rowsCopied()).isEqualTo(20);
        assertThat(decant.verify(name, VerifyOptions.defaults(), null).clean()).isTrue();
        advance(Phase.SHADOW_READ, false);
        assertRendered(Phase.SHADOW_READ);
        assertThat(panelText("Backfill")).contains("complete", "20 of ~");
        assertThat(panelText("Verification")).contains("clean", "20\ncompared");

        advance(Phase.READ_NEW, true); // no shadow reads in this test: forced, with a reason
        assertRendered(Phase.READ_NEW);
        assertThat(panelText("Audit")).contains("forced", "no shadow reads in this browser test");

        advance(Phase.NEW_ONLY, false);
        assertRendered(Phase.NEW_ONLY);

        assertThat(decant.verify(name, VerifyOptions.defaults(), null).clean()).isTrue();
        Path backup = dir.resolve("orders.backup");
        decant.backup(name, backup, null);
        decant.retire(name, backup, false, "browser@it", null);
        assertRendered(Phase.RETIRED);
        assertThat(panelText("Audit")).contains("browser@it");
    }

    @Test
    void thePageFollowsAnAdvanceMadeThroughTheJsonApiWithoutAReload() throws Exception {
        WebDriver page = open();
        assertThat(currentStep(page)).isEqualTo("LEGACY_ONLY");
        // a mark on this document: still there after the update, so the page refreshed itself, it was not reloaded
        js(page).executeScript("window.decantTestMark = 'this document'");

        HttpResponse<String> advance = post("api/migrations/" + name + "/advance", "{\"wait\":\"5s\"}");
        assertThat(advance.statusCode()).as(advance.body()).isEqualTo(200);

        new WebDriverWait(page, PATIENCE).withMessage("the page to show DUAL_WRITE without a reload")
                .until(d -> "DUAL_WRITE".equals(currentStep(d)));
        assertThat(js(page).executeScript("return window.decantTestMark")).isEqualTo("this document");
        WebElement card = page.findElement(By.cssSelector("article.card"));
        assertThat(card.findElement(By.cssSelector(".sub")).getText()).startsWith("DUAL_WRITE · phase version 2");
        assertThat(stepClasses(card, "LEGACY_ONLY")).contains("done");
        assertThat(panel(card, "Audit").getText()).contains("api@127.0.0.1", "LEGACY_ONLY → DUAL_WRITE");
        assertThat(page.findElement(By.id("banner")).isDisplayed()).as("no error banner").isFalse();
    }

    @Test
    void hostileValuesFromTheAuditLogAndShadowMismatchesAreShownAsText() throws Exception {
        String reason = "<img src=x onerror=\"window.decantPwned='reason'\"></script><script>window.decantPwned='script'</script>";
        String legacyValue = "<img src=x onerror=\"window.decantPwned='legacy'\">";
        String newValue = "</td></tr></table><script>window.decantPwned='new'</script><b>bold</b>";
        advance(Phase.DUAL_WRITE, false);
        assertThat(decant.backfill(name, BackfillOptions.defaults(), null).rowsCopied()).isEqualTo(20);
        assertThat(decant.verify(name, VerifyOptions.defaults(), null).clean()).isTrue();
        advance(Phase.SHADOW_READ, false);
        try (Decant monolith = Decant.builder(decant.config()).instanceId("monolith-<b>1</b>").open()) {
            Migration orders = monolith.migration(name);
            assertThat(orders.phase()).isEqualTo(Phase.SHADOW_READ);
            orders.read(7L, () -> Optional.of(legacyValue), () -> Optional.of(newValue));
            awaitMismatchSample();
            HttpResponse<String> rollback = post("api/migrations/" + name + "/rollback", "{\"to\":\"DUAL_WRITE\",\"reason\":"
                    + JSON.writeValueAsString(reason) + ",\"wait\":\"60s\"}");
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);

            // first from the JSON embedded in the page, then from the API after a refresh
            WebDriver page = open();
            assertShownAsText(page, reason, legacyValue, newValue);
            js(page).executeScript("document.querySelector('article.card').setAttribute('data-first-render', '')");
            new WebDriverWait(page, PATIENCE).withMessage("the page to render again from the API")
                    .until(d -> d.findElements(By.cssSelector("article.card[data-first-render]")).isEmpty()
                            && !d.findElements(By.cssSelector("article.card")).isEmpty());
            assertShownAsText(page, reason, legacyValue, newValue);
        }
    }

    @Test
    void theContentSecurityPolicyStopsScriptsThePageDidNotBring() throws Exception {
        WebDriver page = open();
        JavascriptExecutor js = js(page);
        js.executeScript("window.decantViolations = [];"
                + "document.addEventListener('securitypolicyviolation', function (e) {"
                + "  window.decantViolations.push(e.effectiveDirective); });");

        // a script element without the page's nonce, and an inline event handler
        js.executeScript("var s = document.createElement('script'); s.textContent = \"window.decantInjected = 'script'\";"
                + "document.body.appendChild(s);"
                + "var i = document.createElement('img'); i.setAttribute('onerror', \"window.decantInjected = 'handler'\");"
                + "i.src = 'no-such-image'; document.body.appendChild(i);");
        new WebDriverWait(page, PATIENCE).withMessage("the browser to report both CSP violations")
                .until(d -> violations(d).containsAll(List.of("script-src-elem", "script-src-attr")));
        assertThat(js.executeScript("return typeof window.decantInjected")).isEqualTo("undefined");

        // the control: the same script with the page's nonce runs, so the check above could have failed
        js.executeScript("var s = document.createElement('script'); s.nonce = document.querySelector('script[nonce]').nonce;"
                + "s.textContent = \"window.decantWithNonce = 'ran'\"; document.body.appendChild(s);");
        assertThat(js.executeScript("return window.decantWithNonce")).isEqualTo("ran");
        assertThat(js.executeScript("return typeof window.decantInjected")).isEqualTo("undefined");
    }

    // --- helpers ------------------------------------------------------------------------------

    private void advance(Phase to, boolean force) {
        decant.advance(name, new AdvanceRequest(Optional.of(to), Duration.ofSeconds(10), force,
                force ? "no shadow reads in this browser test" : null, "browser@it"));
    }

    private WebDriver open() {
        WebDriver page = browser.driver;
        page.get(server.url().toString());
        new WebDriverWait(page, PATIENCE).withMessage("the dashboard to render its first card")
                .until(d -> !d.findElements(By.cssSelector("article.card")).isEmpty());
        return page;
    }

    /**
     * Loads the page afresh and checks that its card shows {@code phase}: the current step, the steps
     * before it done. The page re-renders its cards on its refresh timer; a check that the re-render
     * overtook (a stale element) is made again on the new card, a few times at most.
     */
    private WebElement assertRendered(Phase phase) {
        return readAgainIfReRendered(() -> assertRenderedOnce(phase));
    }

    /**
     * {@code read} of the page, made again (three times at most) when the page's re-render on its
     * refresh timer overtook it: the elements it held went stale, the new ones are read afresh.
     */
    private static <T> T readAgainIfReRendered(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private WebElement assertRenderedOnce(Phase phase) {
        WebDriver page = open();
        List<WebElement> cards = page.findElements(By.cssSelector("article.card"));
        assertThat(cards).hasSize(1);
        WebElement card = cards.get(0);
        assertThat(card.findElement(By.tagName("h2")).getText()).isEqualTo(name);
        assertThat(card.findElement(By.cssSelector(".sub")).getText()).startsWith(phase + " · phase version ");
        assertThat(currentStep(page)).isEqualTo(phase.name());
        for (Phase p : Phase.values()) {
            assertThat(stepClasses(card, p.name())).as("the step %s when the migration is in %s", p, phase)
                    .contains(p == phase ? "current" : p.isBefore(phase) ? "done" : "step")
                    .doesNotContain(p == phase ? "done" : p.isBefore(phase) ? "current" : "done");
        }
        assertThat(page.findElement(By.id("banner")).isDisplayed()).as("no error banner").isFalse();
        return card;
    }

    private static String currentStep(WebDriver page) {
        List<WebElement> current = page.findElements(By.cssSelector("article.card .ladder .step.current"));
        return current.size() == 1 ? current.get(0).getText() : null;
    }

    private static List<String> stepClasses(WebElement card, String step) {
        for (WebElement s : card.findElements(By.cssSelector(".ladder .step"))) {
            if (s.getText().equals(step)) {
                return Arrays.asList(s.getAttribute("class").split(" "));
            }
        }
        throw new AssertionError("no step " + step + " on the ladder");
    }

    /** The text of the panel whose heading starts with {@code title}, read again if a re-render overtook the read. */
    private String panelText(String title) {
        return readAgainIfReRendered(() -> panel(browser.driver.findElement(By.cssSelector("article.card")), title).getText());
    }

    /** The panel whose heading starts with {@code title}. */
    private static WebElement panel(WebElement card, String title) {
        for (WebElement p : card.findElements(By.cssSelector("section.panel"))) {
            if (p.findElement(By.tagName("h3")).getText().toLowerCase().startsWith(title.toLowerCase())) {
                return p;
            }
        }
        throw new AssertionError("no panel " + title + " on the card");
    }

    /** {@link #assertShownAsTextOnce}, made again on the new card when a re-render overtook it. */
    private void assertShownAsText(WebDriver page, String reason, String legacyValue, String newValue) {
        readAgainIfReRendered(() -> {
            assertShownAsTextOnce(page, reason, legacyValue, newValue);
            return null;
        });
    }

    private void assertShownAsTextOnce(WebDriver page, String reason, String legacyValue, String newValue) {
        WebElement card = page.findElement(By.cssSelector("article.card"));
        List<String> reasons = texts(panel(card, "Audit").findElements(By.cssSelector("tbody tr td:nth-child(6)")));
        assertThat(reasons).contains(reason);
        List<WebElement> mismatch = panel(card, "Recent mismatches").findElements(By.cssSelector("tbody tr"));
        assertThat(mismatch).isNotEmpty();
        List<String> cells = texts(mismatch.get(0).findElements(By.tagName("td")));
        assertThat(cells.get(1)).isEqualTo("7");
        assertThat(cells.get(3)).contains(legacyValue);
        assertThat(cells.get(4)).contains(newValue);
        assertThat(texts(panel(card, "Instances").findElements(By.cssSelector("td.mono")))).contains("monolith-<b>1</b>");
        // nothing of the values became markup, and no script of theirs ran
        assertThat(page.findElements(By.tagName("img"))).isEmpty();
        assertThat(card.findElements(By.tagName("b"))).isEmpty();
        assertThat(page.findElements(By.tagName("script"))).hasSize(2);
        assertThat(js(page).executeScript("return typeof window.decantPwned")).isEqualTo("undefined");
    }

    private void awaitMismatchSample() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (decant.status(name).mismatches().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the shadow mismatch of key 7 was never sampled: " + decant.status(name));
            }
            Thread.sleep(50);
        }
    }

    private static List<String> texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations(WebDriver page) {
        Object v = js(page).executeScript("return window.decantViolations || []");
        return (List<String>) v;
    }

    private static JavascriptExecutor js(WebDriver page) {
        return (JavascriptExecutor) page;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.url().resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
