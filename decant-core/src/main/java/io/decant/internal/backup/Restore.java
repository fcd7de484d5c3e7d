package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.RestoreResult;
import io.decant.config.MigrationConfig;
import io.decant.control.AuditEntry;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.driver.StoreConnection;
import io.decant.store.ColumnDefinition;
import io.decant.store.RowLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads a verified backup back into a migration's legacy table. The file is checked against its
 * manifest before anything is touched; a dropped table is created again from the backup's schema
 * (same engine only); the rows are loaded in one transaction, read back inside it and committed
 * only when their digest equals the backup's. A RETIRED migration then moves back to NEW_ONLY
 * (audited as {@value #RESTORE}), so that a rollback can follow: its journal drain brings the keys
 * written in NEW_ONLY into the restored table.
 */
public final class Restore {
    static final String RESTORE = "restore";
    private static final int PROGRESS_EVERY = 5_000;
    private final LegacyTable legacy;

    public Restore(MigrationConfig migration, StoreConnection legacyStore, ControlStore control) {
        this.legacy = new LegacyTable(migration, legacyStore, control);
    }

    public RestoreResult run(Path backupFile, String actor, ProgressListener progress) {
        long started = System.nanoTime();
        MigrationState state = legacy.state();
        progress.message("checking backup " + backupFile);
        BackupReader backup = BackupReader.open(backupFile, n -> progress.update("check backup", n, -1));
        backup.requireSource(legacy.name(), legacy.migration().source().store(), legacy.migration().source().table());
        RecordedBackup.require(backup, legacy.migration(), legacy.control());
        BackupHeader header = backup.header();
        Manifest manifest = backup.manifest();
        String table = legacy.describe();

        Optional<List<ColumnDefinition>> existing = legacy.existingColumns();
        boolean created = false;
        if (existing.isPresent()) {
            List<String> differences = LegacyTable.schemaDifferences(existing.get(), header.columns());
            if (!differences.isEmpty()) {
                throw new DecantException(ErrorCode.FAILURE, "legacy table " + table + " does not have the backup's columns;"
                        + " nothing was loaded", differences, null);
            }
            long rows = legacy.bulk().count();
            if (rows > 0) {
                throw new DecantException(ErrorCode.FAILURE, "legacy table " + table + " already holds " + rows
                        + " rows; restore loads into an empty (or dropped) table; if a retire was interrupted,"
                        + " finish it with 'decant retire' first");
            }
        } else {
            if (!header.engine().equals(legacy.bulk().engine())) {
                throw new DecantException(ErrorCode.FAILURE, "legacy table " + table + " does not exist and the backup came"
                        + " from " + header.engine() + ", not " + legacy.bulk().engine() + "; create the table by hand and"
                        + " run restore again");
            }
            legacy.bulk().create(header.columns());
            created = true;
            progress.message("created " + table + " from the backup's schema");
        }

        String task = "restore " + legacy.name();
        long total = manifest.rowCount();
        try (RowLoader loader = legacy.bulk().loader(header.columns()); BackupReader.Rows rows = backup.rows()) {
            long n = 0;
            progress.update(task, 0, total);
            for (Object[] row; (row = rows.next()) != null; ) {
                loader.add(row);
                if (++n % PROGRESS_EVERY == 0) {
                    progress.update(task, n, total);
                }
            }
            RowDigest digest = new RowDigest(header.codec());
            loader.stream(digest::add);
            String loaded = digest.finish();
            if (digest.rows() != manifest.rowCount() || !loaded.equals(manifest.rowDigest())) {
                throw new DecantException(ErrorCode.FAILURE, "the rows loaded into " + table + " do not match the backup"
                        + " (loaded " + digest.rows() + " rows, digest " + loaded + "; backup " + manifest.rowCount()
                        + " rows, digest " + manifest.rowDigest() + "); the load was rolled back");
            }
            loader.commit();
            progress.update(task, total, total);
        }

        String detail = "backup=" + backup.file().toAbsolutePath() + " sha256=" + manifest.fileSha256()
                + " rows=" + manifest.rowCount() + (created ? " table-created" : "");
        MigrationState now = legacy.state();
        MigrationState after = now;
        if (now.phase() == Phase.RETIRED) {
            after = legacy.control().phases().transition(now, Phase.NEW_ONLY, new AuditEntry(0, legacy.name(), null, actor, RESTORE,
                    Phase.RETIRED, Phase.NEW_ONLY, now.version() + 1, null, false, detail)).orElseThrow(() ->
                    new DecantException(ErrorCode.FAILURE, "the rows were restored, but another operator changed the phase"
                            + " of " + legacy.name() + " at the same time; run 'decant status " + legacy.name() + "'"));
        } else {
            legacy.control().phases().audit(new AuditEntry(0, legacy.name(), null, actor, RESTORE, now.phase(), now.phase(),
                    now.version(), null, false, detail));
        }
        return new RestoreResult(backup.file().toAbsolutePath(), manifest.rowCount(), created, state.phase(), after.phase(),
                after.version(), (System.nanoTime() - started) / 1_000_000);
    }
}
