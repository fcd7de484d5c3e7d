package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Phase;
import io.decant.StatusReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verify-run line of {@code decant status}'s table. */
class StatusTableTest {
    private static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");

    private static String print(StatusReport.VerifyRun run) {
        StatusReport r = new StatusReport("orders", Phase.DUAL_WRITE, 2, AT, List.of(), null, null, run,
                new StatusReport.Shadow(2, 0, 0, 0, 0, 1.0), 0, 0, 0, List.of(), List.of());
        StringWriter out = new StringWriter();
        StatusTable.print(new PrintWriter(out, true), r);
        return out.toString();
    }

    @Test
    void anUnfinishedRunShowsItsSpansAndRows() {
        assertThat(print(new StatusReport.VerifyRun(3, 2, AT, 101, 101, 40, 4, 400_000)))
                .contains("verify run    run 3 running since ")
                .contains(": 400,000 rows compared, 40/101 spans, 4 being compared (started under phase version 2)");
    }

    @Test
    void aRunNoProcessIsComparingIsInterrupted() {
        assertThat(print(new StatusReport.VerifyRun(3, 2, AT, 101, 101, 40, 0, 400_000)))
                .contains("verify run    run 3 interrupted (no process is comparing it; decant verify resumes it), started ")
                .doesNotContain("running since");
    }

    @Test
    void aRunStillBeingPlannedSaysSo() {
        assertThat(print(new StatusReport.VerifyRun(1, 2, AT, 24, -1, 10, 4, 100_000)))
                .contains("10/24+ spans (still planning)");
    }

    @Test
    void noRunNoLine() {
        assertThat(print(null)).contains("verification  not run").doesNotContain("verify run");
    }
}
