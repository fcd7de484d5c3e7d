package io.decant.it.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.BackupResult;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.RestoreResult;
import io.decant.RetireResult;
import io.decant.control.AuditEntry;
import io.decant.control.Direction;
import io.decant.control.JournalOrigin;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackupRetireRestoreIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void backupRetireAndRestoreGiveBackByteIdenticalRowsOfEveryType(Engine engine) throws Exception {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            List<String> before = f.snapshot();
            Path file = dir.resolve("accounts.backup");

            BackupResult backup = decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);

            assertThat(backup.rows()).isEqualTo(BackupFixture.ROWS);
            assertThat(Files.exists(dir.resolve("accounts.backup.manifest.json"))).isTrue();
            assertThat(Files.readString(dir.resolve("accounts.backup.manifest.json")))
                    .contains(backup.fileSha256(), backup.rowDigest(), "\"rowCount\" : 300");

            f.readyToRetire();
            f.control.journal().enqueue(BackupFixture.MIGRATION, List.of(Key.of(5L)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);
            RetireResult retire = decant.retire(BackupFixture.MIGRATION, file, false, "ops@test", ProgressListener.NONE);

            assertThat(retire.rowsDeleted()).isEqualTo(BackupFixture.ROWS);
            assertThat(retire.resumed()).isFalse();
            assertThat(f.legacyRows()).isZero();
            assertThat(f.state().phase()).isEqualTo(Phase.RETIRED);
            AuditEntry retired = f.control.phases().auditTail(BackupFixture.MIGRATION, 1).get(0);
            assertThat(retired.action()).isEqualTo("retire");
            assertThat(retired.actor()).isEqualTo("ops@test");
            assertThat(retired.detail()).contains(file.toString(), "sha256=" + backup.fileSha256());
            assertThat(f.control.journal().deferredDepth(BackupFixture.MIGRATION)).as("deferred NEW_ONLY keys are kept").isEqualTo(1);

            RestoreResult restore = decant.restore(BackupFixture.MIGRATION, file, "ops@test", ProgressListener.NONE);

            assertThat(restore.rows()).isEqualTo(BackupFixture.ROWS);
            assertThat(restore.tableCreated()).isFalse();
            assertThat(restore.from()).isEqualTo(Phase.RETIRED);
            assertThat(restore.to()).isEqualTo(Phase.NEW_ONLY);
            assertThat(f.state().phase()).isEqualTo(Phase.NEW_ONLY);
            assertThat(f.control.phases().auditTail(BackupFixture.MIGRATION, 1).get(0).action()).isEqualTo("restore");
            assertThat(f.snapshot()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void afterARestoreARollbackBringsTheKeysWrittenInNewOnlyIntoLegacy(Engine engine) {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            Path file = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);
            f.readyToRetire();
            // writes in NEW_ONLY go to the new store only, their keys journaled as deferred (as the library does)
            f.service.execute("INSERT INTO accounts_new (id, name) VALUES (1, 'renamed in NEW_ONLY'), (5000, 'new in NEW_ONLY')");
            f.control.journal().enqueue(BackupFixture.MIGRATION, List.of(Key.of(1L), Key.of(5000L)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);

            decant.retire(BackupFixture.MIGRATION, file, true, "ops@test", ProgressListener.NONE);
            decant.restore(BackupFixture.MIGRATION, file, "ops@test", ProgressListener.NONE);
            decant.rollback(BackupFixture.MIGRATION, Phase.SHADOW_READ, "backing out after retire",
                    java.time.Duration.ofSeconds(10), "ops@test");

            assertThat(f.state().phase()).isEqualTo(Phase.SHADOW_READ);
            assertThat(f.legacyRows()).isEqualTo(BackupFixture.ROWS + 1);
            assertThat(f.queryLong("SELECT COUNT(*) FROM accounts WHERE id = 1 AND name = 'renamed in NEW_ONLY'")).isEqualTo(1);
            assertThat(f.queryLong("SELECT COUNT(*) FROM accounts WHERE id = 5000 AND name = 'new in NEW_ONLY'")).isEqualTo(1);
            assertThat(f.queryLong("SELECT COUNT(*) FROM accounts WHERE id = 2 AND name LIKE 'name 2 %'")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDroppedTableIsRecreatedFromTheBackupWithItsRowsAndKey(Engine engine) {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            List<String> before = f.snapshot();
            Path file = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);
            f.readyToRetire();

            RetireResult retire = decant.retire(BackupFixture.MIGRATION, file, true, "ops@test", ProgressListener.NONE);
            assertThat(retire.dropped()).isTrue();
            assertThat(f.legacyTableExists()).isFalse();

            RestoreResult restore = decant.restore(BackupFixture.MIGRATION, file, "ops@test", ProgressListener.NONE);

            assertThat(restore.tableCreated()).isTrue();
            assertThat(f.snapshot()).isEqualTo(before);
            assertThatThrownBy(() -> f.legacy.execute("INSERT INTO accounts (id) VALUES (1)"))
                    .as("the primary key was created again").hasMessageContaining("test SQL failed");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void retireRefusesNamingEveryUnmetConditionAndChangesNothing(Engine engine) {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            Path file = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);
            f.moveTo(Phase.READ_NEW);
            f.control.instances().heartbeat(new io.decant.control.InstanceInfo("laggard-1", "app-7", 42),
                    List.of(new io.decant.control.InstanceAck(BackupFixture.MIGRATION, 1, Phase.LEGACY_ONLY)));
            f.control.journal().enqueue(BackupFixture.MIGRATION, List.of(Key.of(3L)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);
            String control = f.controlPicture();

            assertThatThrownBy(() -> decant.retire(BackupFixture.MIGRATION, file, true, "ops@test", ProgressListener.NONE))
                    .isInstanceOfSatisfying(DecantException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
                        assertThat(e.getMessage()).contains("4 conditions are not met", "nothing was deleted");
                        assertThat(e.details()).hasSize(4);
                        assertThat(e.details().get(0)).startsWith("phase:").contains("READ_NEW", "needs NEW_ONLY");
                        assertThat(e.details().get(1)).startsWith("barrier:").contains("laggard-1@app-7");
                        assertThat(e.details().get(2)).startsWith("verify:").contains("no verification");
                        assertThat(e.details().get(3)).startsWith("journal:").contains("1 keys wait");
                    });

            assertThat(f.legacyRows()).isEqualTo(BackupFixture.ROWS);
            assertThat(f.legacyTableExists()).isTrue();
            assertThat(f.controlPicture()).isEqualTo(control);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void retireRefusesEachConditionOnItsOwn(Engine engine) {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            Path file = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);

            f.recordCleanVerification();
            refusedWith(f, decant, file, "phase: the migration is in LEGACY_ONLY");

            f.moveTo(Phase.NEW_ONLY);
            long version = f.state().version();
            refusedWith(f, decant, file, "stale: ran under version " + (version - 1));

            f.control.evidence().recordVerification(new io.decant.control.VerificationRecord(0, BackupFixture.MIGRATION, version,
                    f.control.now().minusSeconds(5), f.control.now(), true, 300, 1, 0, 2, 0));
            refusedWith(f, decant, file, "found 1 missing, 0 extra and 2 differing rows");

            f.control.evidence().recordVerification(new io.decant.control.VerificationRecord(0, BackupFixture.MIGRATION, version,
                    f.control.now().minusSeconds(5), f.control.now(), false, 30, 0, 0, 0, 0));
            refusedWith(f, decant, file, "partial");

            f.recordCleanVerification();
            f.control.instances().heartbeat(new io.decant.control.InstanceInfo("laggard-2", "app-8", 7),
                    List.of(new io.decant.control.InstanceAck(BackupFixture.MIGRATION, version - 1, Phase.READ_NEW)));
            refusedWith(f, decant, file, "barrier: 1 of 1 live instances have not acknowledged version " + version);
            f.control.instances().heartbeat(new io.decant.control.InstanceInfo("laggard-2", "app-8", 7),
                    List.of(new io.decant.control.InstanceAck(BackupFixture.MIGRATION, version, Phase.NEW_ONLY)));

            f.control.journal().enqueue(BackupFixture.MIGRATION, List.of(Key.of(9L)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);
            refusedWith(f, decant, file, "journal: 1 keys wait for repair");
            f.control.journal().claim(BackupFixture.MIGRATION, "test", 10, java.time.Duration.ofMinutes(1)).forEach(f.control.journal()::complete);

            RetireResult done = decant.retire(BackupFixture.MIGRATION, file, false, "ops@test", ProgressListener.NONE);
            assertThat(done.rowsDeleted()).as("with every condition met, retire goes ahead").isEqualTo(BackupFixture.ROWS);
        }
    }

    private static void refusedWith(BackupFixture f, Decant decant, Path file, String reason) {
        String control = f.controlPicture();
        assertThatThrownBy(() -> decant.retire(BackupFixture.MIGRATION, file, true, "ops@test", ProgressListener.NONE))
                .isInstanceOfSatisfying(DecantException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
                    assertThat(e.details()).hasSize(1);
                    assertThat(e.details().get(0)).contains(reason);
                });
        assertThat(f.legacyRows()).isEqualTo(BackupFixture.ROWS);
        assertThat(f.controlPicture()).isEqualTo(control);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void rowsWrittenAfterTheBackupMakeRetireRefuse(Engine engine) {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            Path file = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, file, ProgressListener.NONE);
            f.readyToRetire();
            f.legacy.execute("UPDATE accounts SET note = 'changed later' WHERE id = 120");
            String control = f.controlPicture();

            assertThatThrownBy(() -> decant.retire(BackupFixture.MIGRATION, file, false, "ops@test", ProgressListener.NONE))
                    .isInstanceOfSatisfying(DecantException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
                        assertThat(e.getMessage()).contains("changed since the backup", "nothing was deleted");
                    });
            assertThat(f.legacyRows()).isEqualTo(BackupFixture.ROWS);
            assertThat(f.controlPicture()).isEqualTo(control);

            f.legacy.execute("INSERT INTO accounts (id, name) VALUES (100000, 'late')");
            assertThatThrownBy(() -> decant.retire(BackupFixture.MIGRATION, file, false, "ops@test", ProgressListener.NONE))
                    .isInstanceOfSatisfying(DecantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GUARD_REFUSED));
            assertThat(f.legacyRows()).isEqualTo(BackupFixture.ROWS + 1);
            assertThat(f.controlPicture()).isEqualTo(control);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void corruptTruncatedAndForeignBackupsAreRefusedBeforeAnythingChanges(Engine engine) throws Exception {
        try (BackupFixture f = BackupFixture.create(engine); Decant decant = f.openDecant()) {
            Path good = dir.resolve("accounts.backup");
            decant.backup(BackupFixture.MIGRATION, good, ProgressListener.NONE);
            byte[] bytes = Files.readAllBytes(good);
            String manifest = Files.readString(dir.resolve("accounts.backup.manifest.json"));

            Path corrupt = dir.resolve("corrupt.backup");
            byte[] flipped = bytes.clone();
            flipped[flipped.length / 2] ^= 0x40;
            Files.write(corrupt, flipped);
            Files.writeString(dir.resolve("corrupt.backup.manifest.json"), manifest);

            Path truncated = dir.resolve("truncated.backup");
            Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
            Files.writeString(dir.resolve("truncated.backup.manifest.json"), manifest);

            f.legacy.execute("CREATE TABLE other_accounts AS SELECT * FROM accounts WHERE id <= 10");
            f.legacy.execute("ALTER TABLE other_accounts ADD PRIMARY KEY (id)");
            Path foreign = dir.resolve("foreign.backup");
            try (Decant other = Decant.open(foreignConfig(f))) {
                other.backup(BackupFixture.MIGRATION, foreign, ProgressListener.NONE);
            }

            f.readyToRetire();
            List<String> rows = f.snapshot();
            String control = f.controlPicture();
            for (var c : List.of(List.of(corrupt, "is corrupt"), List.of(truncated, "truncated"),
                    List.of(foreign, "holds legacy.other_accounts"))) {
                Path file = (Path) c.get(0);
                assertThatThrownBy(() -> decant.retire(BackupFixture.MIGRATION, file, true, "ops@test", ProgressListener.NONE))
                        .isInstanceOfSatisfying(DecantException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.FAILURE);
                            assertThat(e.getMessage()).contains((String) c.get(1));
                        });
                assertThatThrownBy(() -> decant.restore(BackupFixture.MIGRATION, file, "ops@test", ProgressListener.NONE))
                        .isInstanceOfSatisfying(DecantException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.FAILURE);
                            assertThat(e.getMessage()).contains((String) c.get(1));
                        });
                assertThat(f.snapshot()).isEqualTo(rows);
                assertThat(f.controlPicture()).isEqualTo(control);
            }
        }
    }

    private static io.decant.config.DecantConfig foreignConfig(BackupFixture f) {
        io.decant.config.DecantConfig base = f.config;
        io.decant.config.MigrationConfig m = base.migration(BackupFixture.MIGRATION);
        io.decant.config.MigrationConfig other = new io.decant.config.MigrationConfig(m.name(),
                new io.decant.config.TableConfig("legacy", "other_accounts", List.of("id"), java.util.Optional.empty()),
                m.target(), m.columns(), m.rowMapper(), m.backfill(), m.shadow(), m.verify(), m.retire(), m.intents(),
                m.disabledGuards());
        return new io.decant.config.DecantConfig(base.control(), base.stores(), java.util.Map.of(m.name(), other),
                base.instances(), java.util.Optional.empty());
    }
}
