package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.util.Arrays;
import java.util.List;

/**
 * Walks a backup's rows alongside the rows a retire is about to delete (both in key order) and
 * approves a batch only when each of its rows equals, by canonical encoding, the next backup row.
 * When resuming, backup rows before the table's first remaining row were deleted by the earlier
 * run and are skipped once.
 */
final class BackupMatcher {
    private final BackupReader.Rows backup;
    private final RowDigest tableEncoder;
    private final RowDigest backupEncoder;
    private final String table;
    private boolean skipToFirst;

    BackupMatcher(BackupReader.Rows backup, RowCodec codec, boolean resuming, String table) {
        this.backup = backup;
        this.tableEncoder = new RowDigest(codec);
        this.backupEncoder = new RowDigest(codec);
        this.skipToFirst = resuming;
        this.table = table;
    }

    void approve(List<Object[]> rows) {
        for (Object[] row : rows) {
            RowDigest.Encoded live = tableEncoder.add(row);
            while (true) {
                Object[] expected = backup.next();
                if (expected == null) {
                    throw refuse(row, "is not in the backup");
                }
                if (backupEncoder.add(expected).sameAs(live)) {
                    break;
                }
                if (!skipToFirst) {
                    throw refuse(row, "differs from the backup's row " + backup.rowsRead());
                }
            }
            skipToFirst = false;
        }
    }

    /** Backup rows passed so far (matched or skipped). */
    long position() {
        return backup.rowsRead();
    }

    private DecantException refuse(Object[] row, String what) {
        return new DecantException(ErrorCode.GUARD_REFUSED, "legacy row " + preview(row) + " of " + table + " " + what
                + " (written after the backup?); this batch was not deleted and retire stopped; take a new backup,"
                + " then run retire again with it");
    }

    private static String preview(Object[] row) {
        String s = Arrays.toString(Arrays.copyOf(row, Math.min(row.length, 3)));
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
