package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackfillCommandTest {

    @Test
    void backfillWithoutAMigrationIsBadUsage() {
        Cli.Result r = Cli.run("backfill");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("MIGRATION");
    }

    @Test
    void anOutOfRangeWorkerCountIsBadUsageNamingTheOption() {
        Cli.Result r = Cli.run("backfill", "orders", "--workers", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--workers: 0 is out of range");
    }

    @Test
    void aNegativeThrottleIsBadUsage() {
        Cli.Result r = Cli.run("backfill", "orders", "--max-rows-per-second", "-5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--max-rows-per-second");
    }

    @Test
    void helpDescribesResumingSharingAndTheExitCodes() {
        Cli.Result r = Cli.run("backfill", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--workers=N", "--max-rows-per-second=R", "--restart", "checkpointed",
                "3 phase or barrier refused");
    }
}
