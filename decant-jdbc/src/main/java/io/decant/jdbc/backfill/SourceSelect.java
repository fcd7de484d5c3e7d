package io.decant.jdbc.backfill;

import io.decant.jdbc.engine.Engine;
import io.decant.store.KeyRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The source {@code SELECT} of a chunk: {@code SELECT columns FROM table WHERE <key range>}, narrowed
 * to recently written rows and share-locked as a {@link SourceRead} says, either as a prepared
 * statement with bound values or, for PostgreSQL's {@code COPY (SELECT …)} which takes no
 * parameters, reading its values from transaction-local settings made by a bound
 * {@code set_config()} call.
 */
final class SourceSelect {
    /**
     * "Written by a transaction not older than X": {@code age()} counts transactions back from the
     * newest, wraparound-safe, and gives frozen rows the maximum, so they are never recent.
     */
    private static final String WRITTEN_SINCE_BOUND = "age(xmin) <= age(CAST(? AS xid))";
    private static final String SNAPSHOT_XMIN = "txid_snapshot_xmin(txid_current_snapshot())";
    private static final String WRITTEN_SINCE_SETTING = "age(xmin) <= age(CAST(current_setting('decant.xmin') AS xid))";

    private final Engine engine;
    private final String table;
    private final RangeSql range;

    /**
     * @param engine the source's engine
     * @param table  the source table, quoted
     * @param range  the key range predicate over the source's key columns
     */
    SourceSelect(Engine engine, String table, RangeSql range) {
        this.engine = engine;
        this.table = table;
        this.range = range;
    }

    /** The predicate that keeps the rows written since a transaction id bound as text (PostgreSQL). */
    static String writtenSince() {
        return WRITTEN_SINCE_BOUND;
    }

    /**
     * PostgreSQL: sets the range bounds (and {@code read}'s xid) as settings of {@code src}'s current
     * transaction and returns the SELECT of {@code columns} reading them, for {@code COPY (…) TO STDOUT}.
     */
    String forCopy(Connection src, String columns, KeyRange chunk, SourceRead read) throws SQLException {
        return forCopy(src, columns, chunk, read, null);
    }

    /**
     * {@link #forCopy(Connection, String, KeyRange, SourceRead)}, handing {@code snapshotXmin} (when
     * not null) the xmin of the snapshot of the statement that sets the settings, read in the same
     * round trip: every transaction a later snapshot does not see has a transaction id at or above it.
     */
    String forCopy(Connection src, String columns, KeyRange chunk, SourceRead read, LongConsumer snapshotXmin)
            throws SQLException {
        List<String> calls = new ArrayList<>();
        if (snapshotXmin != null) {
            calls.add(SNAPSHOT_XMIN);
        }
        calls.addAll(range.settingCalls(chunk));
        if (read.writtenSince().isPresent()) {
            calls.add("set_config('decant.xmin', ?, true)");
        }
        if (!calls.isEmpty()) {
            try (PreparedStatement ps = src.prepareStatement("SELECT " + String.join(", ", calls))) {
                int i = range.bindSettings(ps, chunk);
                if (read.writtenSince().isPresent()) {
                    ps.setString(i, Long.toString(read.writtenSince().getAsLong()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (snapshotXmin != null) {
                        snapshotXmin.accept(rs.getLong(1));
                    }
                }
            }
        }
        List<String> where = new ArrayList<>(2);
        range.whereFromSettings(chunk).ifPresent(where::add);
        if (read.writtenSince().isPresent()) {
            where.add(WRITTEN_SINCE_SETTING);
        }
        return "SELECT " + columns + " FROM " + table + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + (read.locked() ? " FOR SHARE" : "");
    }

    /** PostgreSQL: the xmin (epoch-qualified) of a fresh snapshot of {@code src}, one round trip. */
    static long snapshotXmin(Connection src) throws SQLException {
        try (PreparedStatement ps = src.prepareStatement("SELECT " + SNAPSHOT_XMIN); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The SELECT of {@code columns} as a prepared statement, values bound, streaming {@code fetch} rows at a time. */
    PreparedStatement prepare(Connection src, String columns, KeyRange chunk, SourceRead read, int fetch)
            throws SQLException {
        if (read.writtenSince().isPresent() && !engine.rowVersionTransactionIds()) {
            throw new IllegalArgumentException("reading the rows written since a transaction id needs PostgreSQL");
        }
        List<String> where = new ArrayList<>(2);
        Optional<String> keys = range.where(chunk);
        keys.ifPresent(where::add);
        if (read.writtenSince().isPresent()) {
            where.add(WRITTEN_SINCE_BOUND);
        }
        String lock = read.locked() ? engine.shareLockClause() : "";
        String sql = "SELECT " + columns + " FROM " + table + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + lock;
        PreparedStatement ps = src.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            ps.setFetchSize(fetch);
            int i = range.bind(ps, 1, chunk);
            if (read.writtenSince().isPresent()) {
                ps.setString(i, Long.toString(read.writtenSince().getAsLong()));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
