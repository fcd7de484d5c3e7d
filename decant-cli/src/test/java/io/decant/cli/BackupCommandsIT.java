package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.config.StoreConfig;
import io.decant.control.ControlStore;
import io.decant.control.VerificationRecord;
import io.decant.jdbc.driver.JdbcStoreConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decant backup}, {@code retire} and {@code restore} end to end, with their exit codes. */
class BackupCommandsIT {
    @TempDir
    Path dir;

    private OrdersFixture fixture;
    private String config;

    @BeforeEach
    void databases() {
        fixture = OrdersFixture.create(dir);
        config = fixture.write("decant.yaml", fixture.yaml()).toString();
        assertThat(decant("init").exitCode()).isZero();
    }

    private Cli.Result decant(String... args) {
        String[] withConfig = new String[args.length + 2];
        withConfig[0] = "--config";
        withConfig[1] = config;
        System.arraycopy(args, 0, withConfig, 2, args.length);
        return Cli.run(withConfig);
    }

    @Test
    void backupRetireAndRestoreExitZeroAndPutTheRowsBack() {
        List<String> before = legacyOrders();
        String file = dir.resolve("orders.backup").toString();

        Cli.Result backup = decant("backup", "orders", "--out", file);
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(backup.out()).contains("backed up 50 rows", "sha256", "row digest");
        assertThat(Files.exists(Path.of(file + ".manifest.json"))).isTrue();

        readyToRetire();
        Cli.Result retire = decant("retire", "orders", "--backup", file, "--drop");
        assertThat(retire.exitCode()).as(retire.toString()).isZero();
        assertThat(retire.out()).contains("RETIRED", "deleted 50 legacy rows", "table dropped");
        assertThat(decant("status", "orders").out()).contains("RETIRED");

        Cli.Result restore = decant("restore", "orders", "--backup", file);
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("restored 50 rows", "RETIRED -> NEW_ONLY");
        assertThat(legacyOrders()).isEqualTo(before);
    }

    @Test
    void aBackupWhoseCompressionLibraryCannotLoadSaysSoAndLeavesNoFile() throws Exception {
        Path missingTemp = dir.resolve("no-such-temp-dir");
        Path out = dir.resolve("notmp.backup");
        String before = fixture.snapshot();

        Process p = ChildDecant.start(dir, "notmp", List.of("-Djava.io.tmpdir=" + missingTemp), Path.of(config),
                "backup", "orders", "--out", out.toString());

        assertThat(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as("decant backup ended").isTrue();
        String err = Files.readString(dir.resolve("notmp.err"));
        assertThat(p.exitValue()).as("stderr: " + err + "\nstdout: " + Files.readString(dir.resolve("notmp.out")))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(err.lines().filter(l -> l.startsWith("decant: "))).singleElement().asString()
                .contains("zstd compression library cannot be loaded", missingTemp.toString());
        assertThat(err).doesNotContain("\tat ", "Exception in thread");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains("notmp.backup"));
        }
        assertThat(fixture.snapshot()).isEqualTo(before);
    }

    @Test
    void restoreRefusesAConsistentBackupThatThisMigrationNeverRecorded() throws Exception {
        // a backup with its own, matching manifest, written by Decant for the same migration name, store and
        // table, but elsewhere and with altered rows: no audit line here names its SHA-256
        OrdersFixture elsewhere = OrdersFixture.create(Files.createDirectories(dir.resolve("elsewhere")));
        elsewhere.legacy.execute("UPDATE orders SET total_cents = 1, status = 'FORGED'");
        Path elsewhereConfig = elsewhere.write("decant.yaml", elsewhere.yaml());
        assertThat(Cli.run("init", "--config", elsewhereConfig.toString()).exitCode()).isZero();
        String forged = dir.resolve("forged.backup").toString();
        assertThat(Cli.run("backup", "orders", "--out", forged, "--config", elsewhereConfig.toString()).exitCode()).isZero();
        String own = dir.resolve("own.backup").toString();
        assertThat(decant("backup", "orders", "--out", own).exitCode()).isZero();
        readyToRetire();
        assertThat(decant("retire", "orders", "--backup", own, "--drop").exitCode()).isZero();
        String before = fixture.snapshot();

        Cli.Result restore = decant("restore", "orders", "--backup", forged);

        assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(restore.err()).contains("\ndecant: backup ", "was not recorded by 'decant backup orders'",
                "nothing was changed");
        assertThat(fixture.snapshot()).isEqualTo(before);
        assertThat(decant("status", "orders").out()).contains("RETIRED");
    }

    @Test
    void retireBeforeNewOnlyExitsThreeListingEachReasonAndChangesNothing() {
        String file = dir.resolve("orders.backup").toString();
        assertThat(decant("backup", "orders", "--out", file).exitCode()).isZero();
        String before = fixture.snapshot();

        Cli.Result retire = decant("retire", "orders", "--backup", file, "--drop");

        assertThat(retire.exitCode()).as(retire.toString()).isEqualTo(ExitCodes.GUARD_REFUSED);
        assertThat(retire.err()).contains("refused", "phase: the migration is in LEGACY_ONLY", "verify: no verification");
        assertThat(fixture.snapshot()).isEqualTo(before);
    }

    @Test
    void corruptAndTruncatedBackupsExitFourAndChangeNothing() throws Exception {
        Path file = dir.resolve("orders.backup");
        assertThat(decant("backup", "orders", "--out", file.toString()).exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(file);
        String manifest = Files.readString(Path.of(file + ".manifest.json"));
        Path corrupt = dir.resolve("corrupt.backup");
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 30] ^= 0x01;
        Files.write(corrupt, flipped);
        Files.writeString(Path.of(corrupt + ".manifest.json"), manifest);
        Path truncated = dir.resolve("truncated.backup");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(Path.of(truncated + ".manifest.json"), manifest);
        readyToRetire();
        String before = fixture.snapshot();

        Cli.Result retire = decant("retire", "orders", "--backup", corrupt.toString(), "--drop");
        assertThat(retire.exitCode()).as(retire.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(retire.err()).contains("is corrupt");

        Cli.Result restore = decant("restore", "orders", "--backup", truncated.toString());
        assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(restore.err()).contains("truncated");

        Cli.Result missing = decant("retire", "orders", "--backup", dir.resolve("nothing.backup").toString());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.err()).contains("manifest", "is missing");

        assertThat(fixture.snapshot()).isEqualTo(before);
    }

    @Test
    void aBackupNeverOverwritesAnExistingFileAndOptionsAreRequired() {
        String file = dir.resolve("orders.backup").toString();
        assertThat(decant("backup", "orders", "--out", file).exitCode()).isZero();

        Cli.Result again = decant("backup", "orders", "--out", file);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(again.err()).contains("already exists");

        assertThat(decant("retire", "orders").exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(decant("restore", "orders").exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(decant("backup", "nosuch", "--out", dir.resolve("x").toString()).exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
        Cli.Result help = decant("retire", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--drop", "--backup=FILE", "NEW_ONLY");
    }

    @Test
    void uninstallIsRefusedBeforeRetiredAndThenDropsEveryControlTable() {
        assertThat(decant("uninstall").exitCode()).as("without --yes").isEqualTo(ExitCodes.BAD_USAGE);
        Cli.Result early = decant("uninstall", "--yes");
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(ExitCodes.GUARD_REFUSED);
        assertThat(early.err()).contains("migration orders is in LEGACY_ONLY, not RETIRED");
        assertThat(fixture.controlTables()).anyMatch(t -> t.endsWith("decant_migrations")).anyMatch(t -> t.endsWith("decant_journal"));

        String file = dir.resolve("orders.backup").toString();
        assertThat(decant("backup", "orders", "--out", file).exitCode()).isZero();
        readyToRetire();
        assertThat(decant("retire", "orders", "--backup", file).exitCode()).isZero();

        Cli.Result done = decant("uninstall", "--yes");
        assertThat(done.exitCode()).as(done.toString()).isZero();
        assertThat(done.out()).contains("decant_migrations", "decant_audit", "migrations that were registered (all RETIRED): orders");
        assertThat(fixture.controlTables()).isEmpty();
        Cli.Result again = decant("uninstall", "--yes");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.GUARD_REFUSED);
        assertThat(again.err()).contains("holds no Decant schema");
    }


    /** NEW_ONLY by a forced advance, then a clean verification recorded under that version. */
    private void readyToRetire() {
        Cli.Result advance = decant("advance", "orders", "--to", "NEW_ONLY", "--force", "--reason", "test setup");
        assertThat(advance.exitCode()).as(advance.toString()).isZero();
        try (JdbcStoreConnection c = JdbcStoreConnection.open(new StoreConfig("legacy", fixture.legacy.url(),
                fixture.legacy.user(), fixture.legacy.password()))) {
            ControlStore control = c.control();
            long version = control.phases().state("orders").orElseThrow().version();
            Instant now = control.now();
            control.evidence().recordVerification(new VerificationRecord(0, "orders", version, now.minusSeconds(1), now, true, 50,
                    0, 0, 0, 0));
        }
    }

    private List<String> legacyOrders() {
        List<String> rows = new ArrayList<>();
        try (Connection c = fixture.legacy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t::text FROM orders t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
