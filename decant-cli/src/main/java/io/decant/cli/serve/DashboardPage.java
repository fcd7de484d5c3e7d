package io.decant.cli.serve;

import io.decant.Phase;
import io.decant.StatusReport;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: one self-contained HTML page (inline CSS and script, nothing fetched from elsewhere)
 * that polls {@code /api/migrations} every two seconds. The first data is embedded in the page as
 * JSON, escaped so that no value can end the script block; the script inserts every value as text,
 * never as markup. A per-response nonce and a strict Content-Security-Policy keep out any script the
 * page did not bring itself.
 */
final class DashboardPage {
    private static final String TEMPLATE = readTemplate();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Map<String, Number>> thresholds;

    DashboardPage(DecantConfig config) {
        Map<String, Map<String, Number>> t = new LinkedHashMap<>();
        for (MigrationConfig m : config.migrations().values()) {
            t.put(m.name(), Map.of("consistency", m.shadow().consistency(), "minSamples", m.shadow().minSamples()));
        }
        this.thresholds = Map.copyOf(t);
    }

    /** A fresh nonce for one response. */
    static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The Content-Security-Policy header that goes with a page rendered with {@code nonce}. */
    static String contentSecurityPolicy(String nonce) {
        return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; connect-src 'self';"
                + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The page with the current reports embedded; {@code error} (or null) is shown as a banner. */
    String render(String nonce, List<StatusReport> reports, String error) {
        Map<String, Object> initial = new LinkedHashMap<>();
        initial.put("phases", Arrays.stream(Phase.values()).map(Phase::name).toList());
        initial.put("thresholds", thresholds);
        initial.put("migrations", reports);
        if (error != null) {
            initial.put("error", error);
        }
        return TEMPLATE.replace("__NONCE__", nonce).replace("__INITIAL__", scriptSafeJson(ApiJson.text(initial)));
    }

    /**
     * JSON that is safe inside a {@code <script>} element: {@code <}, {@code >} and {@code &} (which
     * in JSON only occur inside strings) and the line separators U+2028/U+2029 become \\u escapes,
     * so no value can close the element or start markup.
     */
    static String scriptSafeJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String readTemplate() {
        try (InputStream in = DashboardPage.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html is missing from the decant-cli jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
