package io.decant.jdbc.control;

import io.decant.control.Direction;
import io.decant.control.NewOnlyRecord;
import io.decant.spi.Key;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL: {@link JdbcControlStore#recordNewOnlyWrites} in one statement — the phase read
 * share-locked, the journal upsert and the intents insert — instead of four, because every NEW_ONLY
 * call waits for it before its write (the same rules as {@link JournalTable#recordNewOnlyWrites} and
 * {@link IntentTable#insert}: deferred while the phase is NEW_ONLY or RETIRED, a legacy → new entry
 * keeps its direction and is reported, intent ids in the order of the keys). The journal rows are
 * upserted in byte order of their key text, the order {@link JournalTable} locks them in.
 */
final class PostgresNewOnlyRecord {
    private static final String L2N = Direction.LEGACY_TO_NEW.name();
    private static final String KEEP = "t.direction = '" + L2N + "'";
    private static final String SQL = "WITH ph AS (SELECT phase IN ('NEW_ONLY', 'RETIRED') AS deferred FROM decant_migrations"
            + " WHERE name = ? FOR SHARE),"
            + " j AS (INSERT INTO decant_journal AS t (migration, key_text, direction, deferred, seq, enqueued_at, attempts,"
            + " origin, directed_at) SELECT ?, d.k, '" + Direction.NEW_TO_LEGACY.name() + "', COALESCE((SELECT deferred FROM ph),"
            + " FALSE), 1, now(), 0, 'NEW_ONLY_WRITE', now() FROM (SELECT DISTINCT k FROM unnest(CAST(? AS text[])) AS u(k)) d"
            + " ORDER BY d.k COLLATE \"C\""
            + " ON CONFLICT (migration, key_text) DO UPDATE SET"
            + " origin = CASE WHEN " + KEEP + " THEN t.origin ELSE EXCLUDED.origin END,"
            + " directed_at = CASE WHEN " + KEEP + " THEN t.directed_at ELSE EXCLUDED.directed_at END,"
            + " direction = CASE WHEN " + KEEP + " THEN t.direction ELSE EXCLUDED.direction END,"
            + " seq = t.seq + 1, enqueued_at = EXCLUDED.enqueued_at, deferred = t.deferred AND EXCLUDED.deferred"
            + " RETURNING t.key_text, t.direction),"
            + " i AS (INSERT INTO decant_intents (migration, key_text, direction, instance_id, created_at, single_write)"
            + " SELECT ?, u.k, '" + Direction.NEW_TO_LEGACY.name() + "', ?, now(), TRUE"
            + " FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS u(k, n) ORDER BY u.n RETURNING id, key_text)"
            + " SELECT i.id, j.direction FROM i JOIN j ON j.key_text = i.key_text ORDER BY i.id";

    private PostgresNewOnlyRecord() {
    }

    static List<NewOnlyRecord> record(Connection c, String migration, List<Key> keys, String instanceId) throws SQLException {
        String[] texts = keys.stream().map(JournalTable::keyText).toArray(String[]::new);
        Array array = c.createArrayOf("text", texts);
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, migration);
            ps.setString(2, migration);
            ps.setArray(3, array);
            ps.setString(4, migration);
            ps.setString(5, instanceId);
            ps.setArray(6, array);
            List<NewOnlyRecord> out = new ArrayList<>(keys.size());
            try (ResultSet rs = ps.executeQuery()) {
                // intent ids are drawn row by row in key order, so ascending id order is the keys' order
                while (rs.next()) {
                    out.add(new NewOnlyRecord(rs.getLong(1), L2N.equals(rs.getString(2))));
                }
            }
            if (out.size() != keys.size()) {
                throw new SQLException("recorded " + out.size() + " NEW_ONLY intents for " + keys.size() + " keys");
            }
            return out;
        } finally {
            array.free();
        }
    }
}
