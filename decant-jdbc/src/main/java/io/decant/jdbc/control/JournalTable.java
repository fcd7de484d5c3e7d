package io.decant.jdbc.control;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.control.Direction;
import io.decant.control.Intent;
import io.decant.control.JournalEntry;
import io.decant.control.JournalOrigin;
import io.decant.control.LeaseFence;
import io.decant.control.RepairJournal;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The repair journal ({@code decant_journal}): at most one entry per migration and key. A new
 * enqueue supersedes the entry's direction and bumps its seq; claims are leases taken with
 * {@code FOR UPDATE SKIP LOCKED} so many repairers can work at once.
 */
final class JournalTable implements RepairJournal {
    /** Rows per INSERT statement when enqueueing many keys. */
    private static final int ROWS_PER_STATEMENT = 500;
    private static final int KEY_TEXT_MAX = 512;
    private static final int ERROR_MAX = 4000;
    private static final String ENTRY_COLUMNS = "id, migration, key_text, direction, deferred, seq, enqueued_at, attempts, last_error,"
            + " origin";

    /** What every enqueue of an existing entry does: a repair in progress must run again; undeferred stays undeferred. */
    private static final String COMMON_ON_CONFLICT = "seq = OLD(seq) + 1, enqueued_at = NEW(enqueued_at),"
            + " deferred = OLD(deferred) AND NEW(deferred)";

    private final ControlDb db;
    private final InstanceTable instances;
    private final ControlSql sql;

    JournalTable(ControlDb db, InstanceTable instances) {
        this.instances = instances;
        this.db = db;
        this.sql = db.sql;
    }

    @Override
    public void enqueue(String migration, Collection<Key> keys, Direction direction, JournalOrigin origin) {
        if (keys.isEmpty()) {
            return;
        }
        db.transaction("journal " + keys.size() + " key(s) of " + migration + " (" + origin + ")", c -> {
            enqueue(c, migration, keys, direction, origin, origin == JournalOrigin.NEW_ONLY_WRITE);
            return null;
        });
    }

    /**
     * Records keys about to be written in NEW_ONLY: deferred only while the migration's phase, read
     * share-locked in the same transaction (so a concurrent phase transition waits for it, or it
     * waits for the transition), is NEW_ONLY or RETIRED. An existing legacy → new entry keeps its direction (a
     * record made before the write must not turn around a direction an acknowledged legacy write set);
     * returns the key texts of those entries, which the caller journals again after its write.
     */
    Set<String> recordNewOnlyWrites(Connection c, String migration, Collection<Key> keys) throws SQLException {
        if (keys.isEmpty()) {
            return Set.of();
        }
        boolean newOnly;
        try (PreparedStatement ps = c.prepareStatement("SELECT phase FROM decant_migrations WHERE name = ? " + sql.forShare())) {
            ps.setString(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                // RETIRED too: an instance that has not polled since the retire still writes as in NEW_ONLY,
                // and its keys are for a rollback after a restore, never for a repair into the retired table
                newOnly = rs.next() && (Phase.NEW_ONLY.name().equals(rs.getString(1)) || Phase.RETIRED.name().equals(rs.getString(1)));
            }
        }
        // origin and directed_at are assigned before direction: MariaDB evaluates assignments left to right
        String keep = "OLD(direction) = '" + Direction.LEGACY_TO_NEW.name() + "'";
        String onConflict = "origin = CASE WHEN " + keep + " THEN OLD(origin) ELSE NEW(origin) END,"
                + " directed_at = CASE WHEN " + keep + " THEN OLD(directed_at) ELSE NEW(directed_at) END,"
                + " direction = CASE WHEN " + keep + " THEN OLD(direction) ELSE NEW(direction) END, " + COMMON_ON_CONFLICT;
        List<String> texts = upsert(c, migration, keys, Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE, newOnly, onConflict);
        Set<String> kept = new HashSet<>();
        for (int from = 0; from < texts.size(); from += ROWS_PER_STATEMENT) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + ROWS_PER_STATEMENT));
            String marks = part.stream().map(k -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement ps = c.prepareStatement("SELECT key_text FROM decant_journal WHERE migration = ?"
                    + " AND direction = ? AND key_text IN (" + marks + ")")) {
                int i = 1;
                ps.setString(i++, migration);
                ps.setString(i++, Direction.LEGACY_TO_NEW.name());
                for (String text : part) {
                    ps.setString(i++, text);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        kept.add(rs.getString(1));
                    }
                }
            }
        }
        return kept;
    }

    /**
     * Enqueues within the caller's transaction. A certain origin supersedes the direction and origin of
     * an existing entry (and dates its direction now); an uncertain one leaves them as they are. Keys go
     * in sorted order so concurrent batches lock rows alike.
     */
    void enqueue(Connection c, String migration, Collection<Key> keys, Direction direction, JournalOrigin origin,
                 boolean deferred) throws SQLException {
        String onConflict = origin.certain()
                ? "direction = NEW(direction), origin = NEW(origin), directed_at = NEW(directed_at), " + COMMON_ON_CONFLICT
                : COMMON_ON_CONFLICT;
        upsert(c, migration, keys, direction, origin, deferred, onConflict);
    }

    /** Inserts or updates the keys' entries (sorted, so concurrent batches lock alike); returns their key texts in that order. */
    private List<String> upsert(Connection c, String migration, Collection<Key> keys, Direction direction, JournalOrigin origin,
                                boolean deferred, String onConflict) throws SQLException {
        TreeSet<String> texts = new TreeSet<>();
        for (Key key : keys) {
            texts.add(keyText(key));
        }
        String directedAt = origin.certain() ? sql.now() : "NULL";
        List<String> all = new ArrayList<>(texts);
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            List<String> part = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
            String values = part.stream().map(k -> "(?, ?, ?, ?, 1, " + sql.now() + ", 0, ?, " + directedAt + ")")
                    .collect(Collectors.joining(", "));
            String statement = "INSERT INTO decant_journal (migration, key_text, direction, deferred, seq, enqueued_at,"
                    + " attempts, origin, directed_at) VALUES " + values
                    + sql.onConflictUpdate("decant_journal", "migration, key_text", onConflict);
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                int i = 1;
                for (String text : part) {
                    ps.setString(i++, migration);
                    ps.setString(i++, text);
                    ps.setString(i++, direction.name());
                    ps.setBoolean(i++, deferred);
                    ps.setString(i++, origin.name());
                }
                ps.executeUpdate();
            }
        }
        return all;
    }

    /**
     * Journals the key of a stale intent within the caller's transaction: its direction supersedes an
     * existing entry's only when that direction came from an uncertain origin; an entry whose direction
     * a write set keeps it, and its seq grows.
     */
    void enqueueIntent(Connection c, Intent intent, boolean singleWrite) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            if (enqueueIntentOnce(c, intent, singleWrite, attempt > 0)) {
                return;
            }
        }
    }

    /** One try; false when a concurrent enqueue inserted the key's entry first (then the next try updates it). */
    private boolean enqueueIntentOnce(Connection c, Intent intent, boolean singleWrite, boolean retried) throws SQLException {
        String text = keyText(intent.key());
        try (PreparedStatement ps = c.prepareStatement("SELECT id, directed_at FROM decant_journal WHERE migration = ?"
                + " AND key_text = ? FOR UPDATE")) {
            ps.setString(1, intent.migration());
            ps.setString(2, text);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    Instant directedAt = sql.instant(rs, 2);
                    // a stale intent belongs to a call that was never acknowledged (or was, with both stores written):
                    // it never turns around a direction a write gave the entry (model/README.md, finding A)
                    boolean supersede = directedAt == null;
                    String set = supersede ? "direction = ?, origin = ?, directed_at = ?, " : "";
                    // a NEW_ONLY write's intent leaves its entry deferred: the entry is for a rollback, and
                    // after the retire a repair must not write into the retired legacy table
                    try (PreparedStatement up = c.prepareStatement("UPDATE decant_journal SET " + set + "seq = seq + 1,"
                            + " enqueued_at = " + sql.now() + (singleWrite ? "" : ", deferred = FALSE") + " WHERE id = ?")) {
                        int i = 1;
                        if (supersede) {
                            up.setString(i++, intent.direction().name());
                            up.setString(i++, JournalOrigin.STALE_INTENT.name());
                            sql.setInstant(up, i++, intent.createdAt());
                        }
                        up.setLong(i, id);
                        up.executeUpdate();
                    }
                    return true;
                }
            }
        }
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_journal (migration, key_text, direction, deferred,"
                + " seq, enqueued_at, attempts, origin, directed_at) VALUES (?, ?, ?, FALSE, 1, " + sql.now() + ", 0, ?, ?)")) {
            ps.setString(1, intent.migration());
            ps.setString(2, text);
            ps.setString(3, intent.direction().name());
            ps.setString(4, JournalOrigin.STALE_INTENT.name());
            sql.setInstant(ps, 5, intent.createdAt());
            ps.executeUpdate();
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            // a concurrent enqueue of the same key committed its entry first (unique violation): update that one
            if (retried || e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            c.rollback(before);
            return false;
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

    @Override
    public boolean enqueueFenced(String migration, Key key, Direction direction, JournalOrigin origin, LeaseFence fence) {
        return db.transaction("journal key " + key + " of " + migration + " (" + origin + ", fenced)", c -> {
            if (!instances.leaseUnbroken(c, migration, fence)) {
                return false;
            }
            enqueue(c, migration, List.of(key), direction, origin, false);
            return true;
        });
    }

    @Override
    public List<JournalEntry> claim(String migration, String worker, int max, Duration lease) {
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
                rs.getBoolean(5), rs.getLong(6), sql.instant(rs, 7), rs.getInt(8), rs.getString(9),
                JournalOrigin.valueOf(rs.getString(10)));
    }

    @Override
    public void complete(JournalEntry entry) {
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

    @Override
    public Set<Key> deferredKeys(String migration, Collection<Key> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<Key> all = new ArrayList<>(keys);
        return db.autocommit("look up keys written in NEW_ONLY of " + migration, c -> {
            Set<Key> found = new HashSet<>();
            for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
                List<Key> part = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
                java.util.Map<String, Key> byText = new java.util.HashMap<>();
                part.forEach(k -> byText.put(keyText(k), k));
                String marks = byText.keySet().stream().map(k -> "?").collect(Collectors.joining(", "));
                try (PreparedStatement ps = c.prepareStatement("SELECT key_text FROM decant_journal WHERE migration = ?"
                        + " AND deferred = TRUE AND key_text IN (" + marks + ")")) {
                    int i = 1;
                    ps.setString(i++, migration);
                    for (String text : byText.keySet()) {
                        ps.setString(i++, text);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(byText.get(rs.getString(1)));
                        }
                    }
                }
            }
            return found;
        });
    }

    @Override
    public boolean unchanged(JournalEntry entry) {
        return db.autocommit("check journal entry " + entry.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM decant_journal WHERE id = ?")) {
                ps.setLong(1, entry.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) == entry.seq();
                }
            }
        });
    }

    @Override
    public void fail(JournalEntry entry, String error) {
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

    @Override
    public Optional<Duration> oldestAge(String migration) {
        return db.autocommit("age of the oldest journal entry of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + sql.microsSince("MIN(enqueued_at)")
                    + " FROM decant_journal WHERE migration = ? AND deferred = FALSE")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long micros = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Duration>empty() : Optional.of(Duration.ofNanos(Math.max(0, micros) * 1000));
                }
            }
        });
    }

    @Override
    public Optional<JournalEntry> entry(String migration, Key key) {
        String text = keyText(key);
        return db.autocommit("read the journal entry of a key of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM decant_journal"
                    + " WHERE migration = ? AND key_text = ?")) {
                ps.setString(1, migration);
                ps.setString(2, text);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(entry(rs)) : Optional.<JournalEntry>empty();
                }
            }
        });
    }

    @Override
    public long depth(String migration) {
        return depth(migration, false);
    }

    @Override
    public long deferredDepth(String migration) {
        return depth(migration, true);
    }

    private long depth(String migration, boolean deferred) {
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

    @Override
    public int undefer(String migration) {
        // in a transaction, so a deadlock with a concurrent enqueue (MariaDB) is retried
        return db.transaction("undefer journal entries of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_journal SET deferred = FALSE WHERE migration = ? AND deferred = TRUE")) {
                ps.setString(1, migration);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int clear(String migration) {
        return db.autocommit("clear the journal of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_journal WHERE migration = ?")) {
                ps.setString(1, migration);
                return ps.executeUpdate();
            }
        });
    }
}
