package io.decant.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final StringWriter text = new StringWriter();
    private long nanos = 1_000_000_000L;

    private ProgressBar bar(boolean terminal) {
        return new ProgressBar(new PrintWriter(text), terminal, () -> nanos);
    }

    private void advanceSeconds(double s) {
        nanos += (long) (s * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void lineShowsBarPercentCountsRateAndEta() {
        ProgressBar bar = bar(true);
        bar.update("backfill orders", 0, 1_000_000);
        advanceSeconds(5);
        bar.update("backfill orders", 425_000, 1_000_000);
        advanceSeconds(0.3);
        bar.update("backfill orders", 450_000, 1_000_000);

        assertThat(bar.line()).isEqualTo(
                "backfill orders  [#########...........]   45%  450,000/1,000,000 rows  84,906 rows/s  ETA 0:07");
    }

    @Test
    void anEstimateTheWorkWentPastIsDroppedInsteadOfPrintingMoreDoneThanTotal() {
        ProgressBar bar = bar(false);
        bar.update("backfill orders", 0, 52_971);
        advanceSeconds(5);
        bar.update("backfill orders", 56_766, 52_971);

        assertThat(bar.line()).contains("56,766 rows").doesNotContain("52,971").doesNotContain("%");
    }

    @Test
    void terminalRedrawsOneLineWithCarriageReturnsAndEndsItOnClose() {
        ProgressBar bar = bar(true);
        bar.update("verify orders", 0, 100);
        for (int i = 1; i <= 10; i++) {
            advanceSeconds(1);
            bar.update("verify orders", i * 10, 100);
        }
        bar.close();

        String out = text.toString();
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        assertThat(out).contains("\r").endsWith("\n");
        assertThat(out.substring(out.lastIndexOf('\r') + 1).strip())
                .startsWith("verify orders  [####################]  100%  100/100 rows")
                .endsWith("ETA 0:00");
    }

    @Test
    void terminalRedrawsAtMostFiveTimesASecond() {
        ProgressBar bar = bar(true);
        for (int i = 0; i < 100; i++) {
            bar.update("backfill orders", i, 1000);
            advanceSeconds(0.01);
        }
        // 100 updates over one second: the first draw plus one per 200 ms
        assertThat(text.toString().chars().filter(c -> c == '\r').count()).isBetween(5L, 6L);
    }

    @Test
    void plainOutputPrintsALineEveryFiveSecondsAndAFinalLine() {
        ProgressBar bar = bar(false);
        for (int second = 0; second <= 12; second++) {
            bar.update("backfill orders", second * 1000L, 20_000);
            advanceSeconds(1);
        }
        bar.close();

        assertThat(text.toString()).doesNotContain("\r");
        assertThat(text.toString().lines().toList()).containsExactly(
                "backfill orders  [....................]    0%  0/20,000 rows  -- rows/s  ETA --:--",
                "backfill orders  [#####...............]   25%  5,000/20,000 rows  1,000 rows/s  ETA 0:15",
                "backfill orders  [##########..........]   50%  10,000/20,000 rows  1,000 rows/s  ETA 0:10",
                "backfill orders  [############........]   60%  12,000/20,000 rows  1,000 rows/s  ETA 0:08");
    }

    @Test
    void plainOutputPrintsTheCompletedStateOnceWithoutARepeatOnClose() {
        ProgressBar bar = bar(false);
        bar.update("repair orders", 0, 10);
        advanceSeconds(1);
        bar.update("repair orders", 10, 10);
        bar.close();

        assertThat(text.toString().lines().toList()).hasSize(2).last().asString()
                .startsWith("repair orders  [####################]  100%  10/10 rows");
    }

    @Test
    void rateFollowsTheRecentWindowNotTheWholeRun() {
        ProgressBar bar = bar(false);
        long done = 0;
        for (int s = 0; s < 60; s++) {
            bar.update("backfill orders", done, -1);
            done += 100;
            advanceSeconds(1);
        }
        for (int s = 0; s < 20; s++) {
            bar.update("backfill orders", done, -1);
            done += 10_000;
            advanceSeconds(1);
        }
        // the last ten seconds ran at 10,000 rows/s; the whole run averaged about 2,600
        assertThat(bar.line()).endsWith("  10,000 rows/s");
    }

    @Test
    void unknownTotalShowsCountAndRateWithoutBarOrEta() {
        ProgressBar bar = bar(false);
        bar.update("repair orders", 0, -1);
        advanceSeconds(2);
        bar.update("repair orders", 3_000, -1);

        assertThat(bar.line()).isEqualTo("repair orders  3,000 rows  1,500 rows/s");
    }

    @Test
    void longEtaIsWrittenWithHours() {
        ProgressBar bar = bar(false);
        bar.update("backfill orders", 0, 10_000_000);
        advanceSeconds(10);
        bar.update("backfill orders", 1_000, 10_000_000);

        assertThat(bar.line()).endsWith("ETA 27:46:30");
    }

    @Test
    void messagesClearTheBarAndItIsRedrawnBelow() {
        ProgressBar bar = bar(true);
        bar.update("backfill orders", 10, 100);
        bar.message("chunk 12 retried after timeout");

        String out = text.toString();
        assertThat(out).contains("chunk 12 retried after timeout\n");
        assertThat(out.substring(out.indexOf("timeout\n"))).contains("backfill orders  [##");
    }

    @Test
    void aNewTaskEndsThePreviousLine() {
        ProgressBar bar = bar(false);
        bar.update("backfill orders", 5, 10);
        bar.update("verify orders", 1, 10);
        bar.close();

        assertThat(text.toString().lines().toList()).hasSize(2)
                .satisfies(lines -> {
                    assertThat(lines.get(0)).startsWith("backfill orders");
                    assertThat(lines.get(1)).startsWith("verify orders");
                });
    }
}
