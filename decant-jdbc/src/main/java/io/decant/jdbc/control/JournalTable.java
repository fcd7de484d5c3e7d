package io.decant.jdbc.control;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Direction;
import io.decant.spi.JournalEntry;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The repair journal ({@code decant_journal}): at most one entry per migration and key. A new
 * enqueue supersedes the entry's direction and bumps its seq; claims are leases taken with
 * {@code FOR UPDATE SKIP LOCKED} so many repairers can work at once.
 */
final class JournalTable {
    /** Rows per INSERT statement when enqueueing many keys. */
    private static final int ROWS_PER_STATEMENT = 500;
    private static final int KEY_TEXT_MAX = 512;
    private static final int ERROR_MAX = 4000;
    private static final String ENTRY_COLUMNS = "id, migration, key_text, direction, deferred, seq, enqueued_at, attempts, last_error";

    private final ControlDb db;
    private final ControlSql sql;

    JournalTable(ControlDb db) {
        this.db = db;
        this.sql = db.sql;
    }

    void enqueue(String migration, Collection<Key> keys, Direction direction, boolean deferred) {
        if (keys.isEmpty()) {
            return;
        }
        db.transaction("journal " + keys.size() + " key(s) of " + migration, c -> {
            enqueue(c, migration, keys, direction, deferred);
            return null;
        });
    }

    /** Journals mismatched keys: a new entry takes {@code direction}, an existing one keeps its own and runs again. */
    void enqueueMismatch(String migration, Collection<Key> keys, Direction direction) {
        if (keys.isEmpty()) {
            return;
        }
        db.transaction("journal " + keys.size() + " mismatched key(s) of " + migration, c -> {
            upsert(c, migration, keys, direction, false, "seq = OLD(seq) + 1, enqueued_at = NEW(enqueued_at),"
                    + " deferred = OLD(deferred) AND NEW(deferred)");
            return null;
        });
    }

    /** Enqueues within the caller's transaction. Keys go in sorted order so concurrent batches lock rows alike. */
    void enqueue(Connection c, String migration, Collection<Key> keys, Direction direction, boolean deferred) throws SQLException {
        upsert(c, migration, keys, direction, deferred, "direction = NEW(direction), seq = OLD(seq) + 1,"
                + " enqueued_at = NEW(enqueued_at), deferred = OLD(deferred) AND NEW(deferred)");
    }

    private void upsert(Connection c, String migration, Collection<Key> keys, Direction direction, boolean deferred,
                        String onConflict) throws SQLException {
        TreeSet<String> texts = new TreeSet<>();
        for (Key key : keys) {
            texts.add(keyText(key));
        }
        List<String> all = new ArrayList<>(texts);
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            List<String> part = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
            String values = part.stream().map(k -> "(?, ?, ?, ?, 1, " + sql.now() + ", 0)").collect(Collectors.joining(", "));
            String statement = "INSERT INTO decant_journal (migration, key_text, direction, deferred, seq, enqueued_at, attempts)"
                    + " VALUES " + values + sql.onConflictUpdate("decant_journal", "migration, key_text", onConflict);
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                int i = 1;
                for (String text : part) {
                    ps.setString(i++, migration);
                    ps.setString(i++, text);
                    ps.setString(i++, direction.name());
                    ps.setBoolean(i++, deferred);
                }
                ps.executeUpdate();
            }
        }
    }

    static String keyText(Key key) {
        String text = key.encode();
        if (text.length() > KEY_TEXT_MAX) {
            throw new DecantException(ErrorCode.FAILURE, "key " + text.substring(0, 60) + "… is " + text.length()
                    + " characters long as JSON; the control store keeps keys of at most " + KEY_TEXT_MAX);
        }
        return text;
    }

    List<JournalEntry> claim(String migration, String worker, int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        return db.transaction("claim journal entries of " + migration, c -> {
            List<JournalEntry> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM decant_journal"
                    + " WHERE migration = ? AND deferred = FALSE AND (claimed_until IS NULL OR claimed_until < " + sql.now() + ")"
                    + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, migration);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(entry(rs));
                    }
                }
            }
            if (!claimed.isEmpty()) {
                String ids = claimed.stream().map(e -> Long.toString(e.id())).collect(Collectors.joining(", "));
                try (PreparedStatement ps = c.prepareStatement("UPDATE decant_journal SET claimed_by = ?, claimed_until = "
                        + sql.nowPlusMicros() + " WHERE id IN (" + ids + ")")) {
                    ps.setString(1, worker);
                    ps.setLong(2, ControlSql.micros(lease));
                    ps.executeUpdate();
                }
            }
            return claimed;
        });
    }

    private JournalEntry entry(ResultSet rs) throws SQLException {
        return new JournalEntry(rs.getLong(1), rs.getString(2), Key.decode(rs.getString(3)), Direction.valueOf(rs.getString(4)),
                rs.getBoolean(5), rs.getLong(6), sql.instant(rs, 7), rs.getInt(8), rs.getString(9));
    }

    void complete(JournalEntry entry) {
        db.autocommit("complete journal entry " + entry.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_journal WHERE id = ? AND seq = ?")) {
                ps.setLong(1, entry.id());
                ps.setLong(2, entry.seq());
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            // enqueued again since the claim: keep it, and let the next claim copy the newer state
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_journal SET claimed_by = NULL, claimed_until = NULL WHERE id = ?")) {
                ps.setLong(1, entry.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    void fail(JournalEntry entry, String error) {
        String message = error == null ? null : error.length() > ERROR_MAX ? error.substring(0, ERROR_MAX) + "…" : error;
        db.autocommit("record failed repair of journal entry " + entry.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_journal SET attempts = attempts + 1, last_error = ?,"
                    + " claimed_by = NULL, claimed_until = NULL WHERE id = ?")) {
                ps.setString(1, message);
                ps.setLong(2, entry.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    long depth(String migration, boolean deferred) {
        return db.autocommit("count journal entries of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decant_journal WHERE migration = ? AND deferred = ?")) {
                ps.setString(1, migration);
                ps.setBoolean(2, deferred);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    int undefer(String migration) {
        return db.autocommit("undefer journal entries of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_journal SET deferred = FALSE WHERE migration = ? AND deferred = TRUE")) {
                ps.setString(1, migration);
                return ps.executeUpdate();
            }
        });
    }

    int clear(String migration) {
        return db.autocommit("clear the journal of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_journal WHERE migration = ?")) {
                ps.setString(1, migration);
                return ps.executeUpdate();
            }
        });
    }
}
