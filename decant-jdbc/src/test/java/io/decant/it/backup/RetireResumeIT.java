package io.decant.it.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.RetireResult;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A retire killed with SIGKILL in the middle of its deletes, then run again. */
class RetireResumeIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRetireKilledMidwayResumesWithTheSameBackupAndFinishes(Engine engine) throws Exception {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            List<String> before = f.snapshot();
            Path file = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);
            f.readyToRetire();

            long left = killRetireMidway(f, file);
            assertThat(left).isBetween(1L, BackupFixture.ROWS - 1L);
            assertThat(f.state().phase()).isEqualTo(Phase.NEW_ONLY);

            RetireResult resumed = decant.retire(BackupFixture.MIGRATION, file, false, "ops@test", ProgressListener.NONE);

            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.rowsDeleted()).isEqualTo(left);
            assertThat(f.legacyRows()).isZero();
            assertThat(f.state().phase()).isEqualTo(Phase.RETIRED);

            decant.restore(BackupFixture.MIGRATION, file, "ops@test", ProgressListener.NONE);
            assertThat(f.snapshot()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aResumedRetireStopsAtARowThatNoLongerMatchesTheBackup(Engine engine) throws Exception {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            Path file = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);
            f.readyToRetire();
            killRetireMidway(f, file);
            f.legacy.execute("UPDATE accounts SET note = 'written after the backup' WHERE id = " + (BackupFixture.ROWS - 3));

            assertThatThrownBy(() -> decant.retire(BackupFixture.MIGRATION, file, false, "ops@test", ProgressListener.NONE))
                    .isInstanceOfSatisfying(DecantException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
                        assertThat(e.getMessage()).contains("differs from the backup's row", "was not deleted");
                    });

            assertThat(f.queryLong("SELECT COUNT(*) FROM accounts WHERE id = " + (BackupFixture.ROWS - 3))).isEqualTo(1);
            assertThat(f.state().phase()).isEqualTo(Phase.NEW_ONLY);
        }
    }

    /** Starts a throttled retire in a child process, kills it with SIGKILL once it deleted some rows; returns the rows left. */
    private long killRetireMidway(BackupFixture f, Path file) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RetireChild.class.getName(), f.engine.name(),
                f.legacy.name(), f.legacy.url(), f.service.name(), f.service.url(), orDash(f.legacy.user()),
                orDash(f.legacy.password()), file.toString(), "5", "25")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (f.legacyRows() > BackupFixture.ROWS - 40) {
                if (!child.isAlive()) {
                    throw new AssertionError("the retire child exited early (" + child.exitValue() + "):\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the retire child deleted nothing in 90 s:\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log)).doesNotContain("retire finished");
        return f.legacyRows();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
