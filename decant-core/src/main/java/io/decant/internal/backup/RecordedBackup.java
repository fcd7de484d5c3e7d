package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.Identifiers;
import io.decant.config.MigrationConfig;
import io.decant.control.AuditEntry;
import io.decant.control.ControlStore;
import io.decant.store.ColumnDefinition;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What restore requires of a backup beyond agreeing with its own manifest (which anyone who can
 * write the file can make agree): Decant recorded it — an audit line of this migration written by
 * {@code backup}, {@code retire} or a started retire names the file's SHA-256 — and its header
 * describes the migration's source table: the configured key, every mapped source column, plain
 * column names.
 */
final class RecordedBackup {
    /** How many audit lines of the migration are searched for the backup's SHA-256. */
    static final int AUDIT_SEARCH = 100_000;
    private static final Set<String> RECORDING_ACTIONS = Set.of(Backup.BACKUP, Retire.STARTED, Retire.RETIRE);

    private RecordedBackup() {
    }

    static void require(BackupReader backup, MigrationConfig migration, ControlStore control) {
        String sha = backup.manifest().fileSha256();
        boolean recorded = control.phases().auditTail(migration.name(), AUDIT_SEARCH).stream()
                .filter(a -> RECORDING_ACTIONS.contains(a.action()))
                .map(AuditEntry::detail)
                .anyMatch(d -> d != null && List.of(d.split(" ")).contains("sha256=" + sha));
        if (!recorded) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "backup " + backup.file() + " (SHA-256 " + sha + ") was not"
                    + " recorded by 'decant backup " + migration.name() + "' or 'decant retire " + migration.name()
                    + "' in the audit log; restore loads only a backup Decant wrote and recorded; nothing was changed");
        }
        BackupHeader header = backup.header();
        List<String> problems = new java.util.ArrayList<>();
        if (!header.key().equals(migration.source().key())) {
            problems.add("the backup's key " + header.key() + " is not the source key " + migration.source().key());
        }
        Set<String> names = new TreeSet<>();
        for (ColumnDefinition c : header.columns()) {
            if (!Identifiers.isPlain(c.name())) {
                problems.add("the backup has a column named '" + c.name() + "', which is not a plain SQL identifier");
            }
            names.add(c.name());
        }
        Set<String> needed = new TreeSet<>(migration.source().key());
        needed.addAll(migration.columns().values());
        migration.source().version().ifPresent(needed::add);
        needed.removeAll(names);
        if (!needed.isEmpty()) {
            problems.add("the backup lacks the mapped source columns " + needed);
        }
        if (!problems.isEmpty()) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "backup " + backup.file() + " does not describe the source"
                    + " table of migration " + migration.name() + " (" + problems.stream().collect(Collectors.joining("; "))
                    + "); nothing was changed", problems, null);
        }
    }
}
