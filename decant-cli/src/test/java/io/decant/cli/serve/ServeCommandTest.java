package io.decant.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.cli.DecantCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {
    @Test
    void helpDocumentsTheOptionsTheRoutesAndTheToken() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DecantCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int exit = cli.execute("serve", "--help");

        assertThat(exit).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).startsWith("Serve the dashboard, a JSON API and Prometheus metrics.").contains("Usage: decant serve")
                .contains("--port=PORT", "default: 8080", "--bind=ADDRESS", "default: 127.0.0.1",
                        "--token-env=NAME", "default: DECANT_SERVE_TOKEN", "--config=FILE",
                        "/api/migrations/NAME/advance", "/api/migrations/NAME/rollback", "/metrics",
                        "Authorization: Bearer <token>");
    }

    @Test
    void aPortOutOfRangeIsBadUsage() {
        StringWriter err = new StringWriter();
        CommandLine cli = DecantCli.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));

        int exit = cli.execute("serve", "--port", "70000", "--config", "nowhere/decant.yaml");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--port 70000 is out of range");
    }
}
