package io.decant.internal.backup;

import io.decant.BackupResult;
import io.decant.ProgressListener;
import io.decant.config.MigrationConfig;
import io.decant.control.AuditEntry;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.driver.StoreConnection;
import io.decant.store.ColumnDefinition;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes every column of every row of a migration's legacy table, in key order, to a backup file
 * with its manifest, and records the file's SHA-256 in an audit line ({@value #BACKUP}). Memory stays flat: rows stream from the store straight into the compressor.
 * Changes nothing in the stores.
 */
public final class Backup {
    static final String BACKUP = "backup";
    private static final int PROGRESS_EVERY = 5_000;
    private final LegacyTable legacy;

    public Backup(MigrationConfig migration, StoreConnection legacyStore, ControlStore control) {
        this.legacy = new LegacyTable(migration, legacyStore, control);
    }

    public BackupResult run(Path out, String actor, ProgressListener progress) {
        long started = System.nanoTime();
        MigrationState state = legacy.state();
        List<ColumnDefinition> columns = legacy.columns();
        BackupHeader header = new BackupHeader(legacy.name(), legacy.bulk().engine(), legacy.bulk().productVersion(),
                legacy.migration().source().store(), legacy.migration().source().table(), legacy.migration().source().key(),
                columns, legacy.control().now().toString(), state.phase().name(), state.version());
        String task = "backup " + legacy.name();
        long total = legacy.bulk().count();
        progress.update(task, 0, total);
        Manifest manifest;
        try (BackupWriter writer = BackupWriter.create(out, header)) {
            legacy.bulk().stream(columns, row -> {
                writer.write(row);
                if (writer.rows() % PROGRESS_EVERY == 0) {
                    progress.update(task, writer.rows(), Math.max(total, writer.rows()));
                }
            });
            manifest = writer.finish();
        }
        progress.update(task, manifest.rowCount(), manifest.rowCount());
        Path file = out.toAbsolutePath();
        // restore accepts only a backup whose SHA-256 an audit line recorded (this one, or a retire's)
        legacy.control().phases().audit(new AuditEntry(0, legacy.name(), null, actor, BACKUP, state.phase(), state.phase(),
                state.version(), null, false, "backup=" + file + " sha256=" + manifest.fileSha256() + " rows="
                + manifest.rowCount()));
        return new BackupResult(file, BackupFormat.manifestPath(file), manifest.rowCount(), manifest.fileBytes(),
                manifest.fileSha256(), manifest.rowDigest(), state.version(), (System.nanoTime() - started) / 1_000_000);
    }
}
