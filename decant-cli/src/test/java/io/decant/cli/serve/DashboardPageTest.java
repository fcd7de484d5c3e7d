package io.decant.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.Phase;
import io.decant.StatusReport;
import io.decant.config.DecantConfig;
import io.decant.control.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardPageTest {
    static final String HOSTILE = "</script><script>alert('x')</script><img src=x onerror=alert(1)>&amp;\u2028";

    @TempDir
    Path dir;

    @Test
    void aHostileValueIsEmbeddedOnlyInEscapedForm() throws Exception {
        String html = page().render("n0nce", List.of(report(HOSTILE)), null);

        assertThat(html).doesNotContain("<script>alert", "<img src=x", "&amp;\u2028");
        assertThat(html.split("</script>", -1)).as("only the page's own two script elements end").hasSize(3);
        assertThat(html).contains("\\u003c/script\\u003e\\u003cscript\\u003ealert('x')\\u003c/script\\u003e");
        assertThat(embeddedJson(html).at("/migrations/0/audit/0/reason").asText()).isEqualTo(HOSTILE);
        assertThat(embeddedJson(html).at("/migrations/0/mismatches/0/newValue").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void theScriptInsertsDataAsTextNeverAsMarkup() throws Exception {
        String html = page().render("n0nce", List.of(), null);

        assertThat(html).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        assertThat(html).contains("textContent", "createTextNode");
    }

    @Test
    void everyScriptAndStyleCarriesTheNonceThatThePolicyAllows() throws Exception {
        String html = page().render("n0nce", List.of(), null);
        String policy = DashboardPage.contentSecurityPolicy("n0nce");

        assertThat(policy).contains("script-src 'nonce-n0nce'", "style-src 'nonce-n0nce'", "default-src 'none'", "connect-src 'self'");
        Matcher executable = Pattern.compile("<(script|style)(?![^>]*type=\"application/json\")([^>]*)>").matcher(html);
        int count = 0;
        while (executable.find()) {
            assertThat(executable.group(2)).contains("nonce=\"n0nce\"");
            count++;
        }
        assertThat(count).isEqualTo(2);
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "@import");
    }

    @Test
    void thePageCarriesThePhaseLadderAndTheShadowThresholds() throws Exception {
        JsonNode initial = embeddedJson(page().render("n0nce", List.of(report("fine")), null));

        assertThat(initial.get("phases")).hasSize(Phase.values().length);
        assertThat(initial.at("/phases/0").asText()).isEqualTo("LEGACY_ONLY");
        assertThat(initial.at("/thresholds/orders/consistency").asDouble()).isEqualTo(0.995);
        assertThat(initial.at("/thresholds/orders/minSamples").asLong()).isEqualTo(50);
        assertThat(initial.at("/migrations/0/changedAt").asText()).isEqualTo("2026-11-26T01:02:03Z");
    }

    @Test
    void nonceIsFreshForEveryPage() {
        assertThat(DashboardPage.nonce()).isNotEqualTo(DashboardPage.nonce()).matches("[A-Za-z0-9_-]{24}");
    }

    private JsonNode embeddedJson(String html) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"initial\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    private DashboardPage page() throws Exception {
        Path file = dir.resolve("decant.yaml");
        Files.writeString(file, """
                stores:
                  legacy: { url: "jdbc:postgresql://127.0.0.1:5432/shop" }
                migrations:
                  orders:
                    source: { store: legacy, table: orders, key: [id] }
                    target: { store: legacy, table: orders_new, key: [id] }
                    shadow: { min-samples: 50, consistency: 0.995 }
                """, StandardCharsets.UTF_8);
        return new DashboardPage(DecantConfig.load(file));
    }

    private static StatusReport report(String text) {
        Instant at = Instant.parse("2026-11-26T01:02:03Z");
        return new StatusReport("orders", Phase.DUAL_WRITE, 2, at,
                List.of(new StatusReport.Instance("i-1", text, 42, Phase.DUAL_WRITE, 2, 1500, true)),
                null, null, null, new StatusReport.Shadow(2, 10, 1, 0, 0, 10.0 / 11), 0, 0, 0,
                List.of(new AuditEntry(1, "orders", at, text, "advance", Phase.LEGACY_ONLY, Phase.DUAL_WRITE, 2, text, true, text)),
                List.of(new StatusReport.Mismatch("[1]", 2, text, text, at)));
    }
}
