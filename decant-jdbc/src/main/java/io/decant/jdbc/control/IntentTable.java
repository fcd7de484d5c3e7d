package io.decant.jdbc.control;

import io.decant.control.Direction;
import io.decant.control.Intent;
import io.decant.control.IntentLog;
import io.decant.control.KeyFence;
import io.decant.control.KeyFill;
import io.decant.control.NewOnlyRecord;
import io.decant.control.PendingKey;
import io.decant.spi.Key;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** Intent records of dual writes in progress ({@code decant_intents}). */
final class IntentTable implements IntentLog {
    /** Rows per statement; a batch of intents is one round trip up to this size. */
    private static final int ROWS_PER_STATEMENT = 1000;

    private final ControlDb db;
    private final ControlSql sql;
    private final JournalTable journal;
    private final InstanceTable instances;
    private final KeyFenceTable fences;

    IntentTable(ControlDb db, JournalTable journal, InstanceTable instances, KeyFenceTable fences) {
        this.instances = instances;
        this.fences = fences;
        this.db = db;
        this.sql = db.sql;
        this.journal = journal;
    }

    /** Intents of NEW_ONLY writes ({@code single}) within the caller's transaction; ids in the order of {@code keys}. */
    long[] insert(Connection c, String migration, List<Key> keys, Direction direction, String instanceId, boolean single)
            throws SQLException {
        long[] ids = new long[keys.size()];
        for (int from = 0; from < keys.size(); from += ROWS_PER_STATEMENT) {
            int to = Math.min(keys.size(), from + ROWS_PER_STATEMENT);
            String values = String.join(", ", java.util.Collections.nCopies(to - from, "(?, ?, ?, ?, " + sql.now() + ", ?)"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_intents (migration, key_text, direction,"
                    + " instance_id, created_at, single_write) VALUES " + values + " RETURNING id")) {
                int p = 1;
                for (int i = from; i < to; i++) {
                    ps.setString(p++, migration);
                    ps.setString(p++, JournalTable.keyText(keys.get(i)));
                    ps.setString(p++, direction.name());
                    ps.setString(p++, instanceId);
                    ps.setBoolean(p++, single);
                }
                int n = 0;
                long[] part = new long[to - from];
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        part[n++] = rs.getLong(1);
                    }
                }
                Arrays.sort(part, 0, n); // ids are drawn row by row in VALUES order
                System.arraycopy(part, 0, ids, from, n);
            }
        }
        return ids;
    }

    /** One multi-row INSERT … RETURNING id per batch; ids come back in the order of {@code intents}. */
    @Override
    public List<NewOnlyRecord> recordNewOnlyWrites(String migration, List<Key> keys, String instanceId) {
        return db.transaction("record " + keys.size() + " key(s) written in NEW_ONLY of " + migration, c -> {
            Optional<List<NewOnlyRecord>> inOneStatement = sql.recordNewOnlyWritesInOneStatement(c, migration, keys, instanceId);
            if (inOneStatement.isPresent()) {
                return inOneStatement.get();
            }
            Set<String> kept = journal.recordNewOnlyWrites(c, migration, keys);
            long[] ids = insert(c, migration, keys, Direction.NEW_TO_LEGACY, instanceId, true);
            List<NewOnlyRecord> out = new ArrayList<>(keys.size());
            for (int i = 0; i < ids.length; i++) {
                out.add(new NewOnlyRecord(ids[i], kept.contains(JournalTable.keyText(keys.get(i)))));
            }
            return out;
        });
    }

    @Override
    public long[] insert(List<Intent> intents) {
        if (intents.isEmpty()) {
            return new long[0];
        }
        // a pending insert (no key yet) has an empty key text, which no encoded key has
        List<String> texts = intents.stream().map(i -> i.key() == null ? "" : JournalTable.keyText(i.key())).toList();
        return db.autocommit("write " + intents.size() + " intent(s)", c -> {
            long[] ids = new long[intents.size()];
            for (int from = 0; from < intents.size(); from += ROWS_PER_STATEMENT) {
                int to = Math.min(intents.size(), from + ROWS_PER_STATEMENT);
                String values = String.join(", ", java.util.Collections.nCopies(to - from, "(?, ?, ?, ?, " + sql.now() + ", ?)"));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_intents (migration, key_text, direction,"
                        + " instance_id, created_at, pending_insert) VALUES " + values + " RETURNING id")) {
                    int p = 1;
                    for (int i = from; i < to; i++) {
                        Intent intent = intents.get(i);
                        ps.setString(p++, intent.migration());
                        ps.setString(p++, texts.get(i));
                        ps.setString(p++, intent.direction().name());
                        ps.setString(p++, intent.instanceId());
                        ps.setBoolean(p++, intent.key() == null);
                    }
                    long[] part = new long[to - from];
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            part[n++] = rs.getLong(1);
                        }
                    }
                    // ids are drawn row by row in VALUES order, so ascending order is that order
                    Arrays.sort(part, 0, n);
                    System.arraycopy(part, 0, ids, from, n);
                }
            }
            return ids;
        });
    }

    @Override
    public void delete(long[] ids) {
        if (ids.length == 0) {
            return;
        }
        db.autocommit("clear " + ids.length + " intent(s)", c -> {
            delete(c, ids);
            return null;
        });
    }

    private void delete(Connection c, long[] ids) throws SQLException {
        if (sql.arrayParameters()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_intents WHERE id = ANY(?)")) {
                Array array = c.createArrayOf("bigint", Arrays.stream(ids).boxed().toArray());
                ps.setArray(1, array);
                ps.executeUpdate();
                array.free();
            }
            return;
        }
        for (int from = 0; from < ids.length; from += ROWS_PER_STATEMENT) {
            long[] part = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + ROWS_PER_STATEMENT));
            String list = Arrays.stream(part).mapToObj(id -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_intents WHERE id IN (" + list + ")")) {
                for (int i = 0; i < part.length; i++) {
                    ps.setLong(i + 1, part[i]);
                }
                ps.executeUpdate();
            }
        }
    }

    /** The condition that an intent's instance (alias {@code i}) is live: registered, its lease renewed within one parameter (micros). */
    private String instanceLive() {
        return "EXISTS (SELECT 1 FROM decant_instances n WHERE n.instance_id = i.instance_id AND n.migration = i.migration"
                + " AND COALESCE(n.lease_at, n.heartbeat_at) >= " + sql.nowMinusMicros() + ")";
    }

    /** Intents whose instance is gone (not registered, or its lease older than {@code deadAfter}), oldest first. */
    @Override
    public List<Intent> stale(String migration, Duration deadAfter, int limit) {
        return db.autocommit("find stale intents of " + migration, c -> {
            List<Intent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.migration, i.key_text, i.direction, i.instance_id,"
                    + " i.created_at, i.pending_insert FROM decant_intents i WHERE i.migration = ? AND i.swept_at IS NULL"
                    + " AND NOT " + instanceLive() + " ORDER BY i.id LIMIT ?")) {
                ps.setString(1, migration);
                ps.setLong(2, ControlSql.micros(deadAfter));
                ps.setInt(3, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Intent(rs.getLong(1), rs.getString(2), rs.getBoolean(7) ? null : Key.decode(rs.getString(3)),
                                Direction.valueOf(rs.getString(4)), rs.getString(5), sql.instant(rs, 6)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Journals each intent's key ({@link JournalTable#enqueueIntent}: ordered against the entry's own
     * direction by creation time) and removes the intents, in one transaction. The intents are read
     * again, locked, by id — their stored key, direction and creation time count, and an intent another
     * sweeper resolved meanwhile is skipped.
     */
    @Override
    public void resolve(String migration, List<Intent> intents) {
        if (intents.isEmpty()) {
            return;
        }
        db.transaction("resolve " + intents.size() + " intent(s) of " + migration, c -> resolve(c, migration, intents, null));
    }

    /**
     * The sweeper's resolution: revokes the leases of the intents' instances that are gone, then resolves
     * only the intents whose instance is gone (one that renewed meanwhile keeps its intents). Returns
     * how many were resolved.
     */
    @Override
    public int resolveStale(String migration, List<Intent> intents, Duration deadAfter) {
        if (intents.isEmpty()) {
            return 0;
        }
        return db.transaction("resolve " + intents.size() + " stale intent(s) of " + migration, c -> {
            instances.revokeGone(c, migration, intents.stream().map(Intent::instanceId).distinct().toList(), deadAfter);
            return resolve(c, migration, intents, deadAfter);
        });
    }

    /** Re-reads the intents by id, locked (only those of gone instances when {@code goneAfter} is set), journals and removes them. */
    private int resolve(Connection c, String migration, List<Intent> intents, Duration goneAfter) throws SQLException {
        long[] ids = intents.stream().mapToLong(Intent::id).sorted().toArray();
        List<Intent> stored = new ArrayList<>();
        java.util.Set<Long> single = new java.util.HashSet<>();
        List<Long> pending = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        java.util.Map<Long, Key> known = new java.util.HashMap<>();
        for (Intent i : intents) {
            if (i.key() != null) {
                known.put(i.id(), i.key());
            }
        }
        for (int from = 0; from < ids.length; from += ROWS_PER_STATEMENT) {
            long[] part = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + ROWS_PER_STATEMENT));
            String list = Arrays.stream(part).mapToObj(id -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.migration, i.key_text, i.direction, i.instance_id,"
                    + " i.created_at, i.single_write, i.pending_insert FROM decant_intents i WHERE i.migration = ?"
                    + " AND i.id IN (" + list + ") AND i.swept_at IS NULL"
                    + (goneAfter == null ? "" : " AND NOT " + instanceLive()) + " ORDER BY i.id FOR UPDATE")) {
                int p = 1;
                ps.setString(p++, migration);
                for (long id : part) {
                    ps.setLong(p++, id);
                }
                if (goneAfter != null) {
                    ps.setLong(p, ControlSql.micros(goneAfter));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Key key;
                        if (rs.getBoolean(8)) {
                            // a pending insert: its key was never named. The caller's own call may know it;
                            // else the sweeper marks it for a verification, and a live instance drops it
                            key = known.get(rs.getLong(1));
                            if (key == null) {
                                (goneAfter != null ? pending : dropped).add(rs.getLong(1));
                                continue;
                            }
                        } else {
                            key = Key.decode(rs.getString(3));
                        }
                        stored.add(new Intent(rs.getLong(1), rs.getString(2), key,
                                Direction.valueOf(rs.getString(4)), rs.getString(5), sql.instant(rs, 6)));
                        if (rs.getBoolean(7)) {
                            single.add(rs.getLong(1));
                        }
                    }
                }
            }
        }
        sweep(c, pending);
        // key by key (a fixed lock order), each key's intents oldest first
        stored.sort(Comparator.comparing((Intent i) -> JournalTable.keyText(i.key())).thenComparingLong(Intent::id));
        for (Intent i : stored) {
            journal.enqueueIntent(c, i, single.contains(i.id()));
        }
        delete(c, stored.stream().mapToLong(Intent::id).toArray());
        if (!dropped.isEmpty()) {
            delete(c, dropped.stream().mapToLong(Long::longValue).toArray());
        }
        return stored.size() + pending.size() + dropped.size();
    }

    /** Marks pending inserts swept: no longer waiting for their key, and never journaled (their key is unknown). */
    private void sweep(Connection c, List<Long> ids) throws SQLException {
        for (int from = 0; from < ids.size(); from += ROWS_PER_STATEMENT) {
            List<Long> part = ids.subList(from, Math.min(ids.size(), from + ROWS_PER_STATEMENT));
            String list = part.stream().map(id -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_intents SET swept_at = " + sql.now()
                    + " WHERE pending_insert = TRUE AND swept_at IS NULL AND id IN (" + list + ")")) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setLong(i + 1, part.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    /**
     * Names the keys of pending inserts, checked against the key fence read in this transaction
     * (the hand-over of key generation: a fill that does not see a fence just recorded named a key drawn before
     * the other generator's position was read after it). Pending inserts are updated in id order.
     */
    @Override
    public List<KeyFill> fillKeys(String migration, List<PendingKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return db.transaction("name " + keys.size() + " generated key(s) of " + migration, c -> {
            Optional<KeyFence> fence = fences.read(c, migration);
            KeyFill[] out = new KeyFill[keys.size()];
            Integer[] order = new Integer[keys.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> keys.get(i).intentId()));
            List<Key> newOnly = new ArrayList<>();
            for (int i : order) {
                PendingKey k = keys.get(i);
                OptionalLong value = integer(k.key());
                boolean legacyGenerated = k.direction() == Direction.LEGACY_TO_NEW;
                if (fence.isPresent() && value.isPresent() && !fence.get().allows(value.getAsLong(), legacyGenerated)) {
                    boolean named = name(c, k.intentId(), k.key(), fence.get().ownerDirection(value.getAsLong()), false);
                    out[i] = named ? new KeyFill(KeyFill.Outcome.FENCED, false, fence.get()) : KeyFill.SWEPT;
                } else if (name(c, k.intentId(), k.key(), k.direction(), k.newOnly())) {
                    out[i] = KeyFill.FILLED;
                    if (k.newOnly()) {
                        newOnly.add(k.key());
                    }
                } else {
                    out[i] = KeyFill.SWEPT;
                }
            }
            if (!newOnly.isEmpty()) {
                Set<String> kept = journal.recordNewOnlyWrites(c, migration, newOnly);
                for (int i = 0; i < out.length; i++) {
                    if (out[i].outcome() == KeyFill.Outcome.FILLED && keys.get(i).newOnly()
                            && kept.contains(JournalTable.keyText(keys.get(i).key()))) {
                        out[i] = new KeyFill(KeyFill.Outcome.FILLED, true, null);
                    }
                }
            }
            return List.of(out);
        });
    }

    /** Names the key of a pending insert still waiting (not swept); false when there is none. */
    private boolean name(Connection c, long id, Key key, Direction direction, boolean singleWrite) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE decant_intents SET key_text = ?, direction = ?, single_write = ?,"
                + " pending_insert = FALSE WHERE id = ? AND pending_insert = TRUE AND swept_at IS NULL")) {
            ps.setString(1, JournalTable.keyText(key));
            ps.setString(2, direction.name());
            ps.setBoolean(3, singleWrite);
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** A single whole-number key value (a generated key), else empty: a fence only orders numbers. */
    private static OptionalLong integer(Key key) {
        if (key.size() != 1) {
            return OptionalLong.empty();
        }
        Object v = key.get(0);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return OptionalLong.of(((Number) v).longValue());
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return OptionalLong.of(b.longValue());
        }
        if (v instanceof java.math.BigDecimal d) {
            try {
                return OptionalLong.of(d.longValueExact());
            } catch (ArithmeticException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public long unverifiedInserts(String migration) {
        return db.autocommit("count swept pending inserts of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decant_intents WHERE migration = ?"
                    + " AND pending_insert = TRUE AND swept_at IS NOT NULL")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public int resolveVerifiedInserts(String migration, java.time.Instant verificationStartedAt) {
        return db.autocommit("resolve verified pending inserts of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_intents WHERE migration = ?"
                    + " AND pending_insert = TRUE AND swept_at IS NOT NULL AND swept_at < ?")) {
                ps.setString(1, migration);
                sql.setInstant(ps, 2, verificationStartedAt);
                return ps.executeUpdate();
            }
        });
    }

    /** Whether an intent of {@code key} in another direction than {@code secondStore} exists whose instance is live. */
    @Override
    public boolean writeInFlight(String migration, Key key, Direction secondStore, Duration deadAfter) {
        String text = JournalTable.keyText(key);
        return db.autocommit("look for a dual write of " + key + " in flight", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM decant_intents i WHERE i.migration = ?"
                    + " AND i.key_text = ? AND (i.direction <> ? OR i.single_write = TRUE) AND " + instanceLive() + " LIMIT 1")) {
                ps.setString(1, migration);
                ps.setString(2, text);
                ps.setString(3, secondStore.name());
                ps.setLong(4, ControlSql.micros(deadAfter));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public List<Long> othersOf(String migration, Key key, long intentId) {
        String text = JournalTable.keyText(key);
        return db.autocommit("look for other intents of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM decant_intents WHERE migration = ? AND key_text = ?"
                    + " AND id <> ? LIMIT 16")) {
                ps.setString(1, migration);
                ps.setString(2, text);
                ps.setLong(3, intentId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Long> ids = new java.util.ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                    return ids;
                }
            }
        });
    }

    @Override
    public long count(String migration) {
        return db.autocommit("count intents of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decant_intents WHERE migration = ?")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
