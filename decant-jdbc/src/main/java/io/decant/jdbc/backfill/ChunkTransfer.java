package io.decant.jdbc.backfill;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.engine.Database;
import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import io.decant.store.ColumnInfo;
import io.decant.store.CopySpec;
import io.decant.store.KeyRange;
import io.decant.store.ValueKind;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOperation;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Moves the source rows of one chunk into the target inside transactions its caller opened and
 * ends: straight into the table (an empty key range) or through a staging table (PostgreSQL) or
 * {@code ON DUPLICATE KEY UPDATE} (MariaDB) with the version guard (a range that holds rows).
 *
 * <p>Paths: PostgreSQL→PostgreSQL is a binary {@code COPY} pipe ({@code COPY (SELECT …) TO STDOUT}
 * into {@code COPY … FROM STDIN}) when every column is of the target's type or reaches it by a cast
 * in the {@code SELECT} ({@link PipeCasts}); into PostgreSQL otherwise, a
 * streamed {@code SELECT} encoded as text {@code COPY}; into MariaDB, multi-row {@code INSERT}s. A
 * row mapper always takes a row path.
 */
final class ChunkTransfer {
    private static final int FETCH_ROWS = 2000;
    private static final int MAX_PARAMETERS = 60_000;
    /** Kinds whose text form one engine prints is input the PostgreSQL target reads as the same value. */
    private static final Set<ValueKind> TEXT_SAFE = EnumSet.of(ValueKind.INTEGER, ValueKind.DECIMAL, ValueKind.TEXT,
            ValueKind.JSON, ValueKind.UUID, ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ, ValueKind.DATE, ValueKind.BOOLEAN);

    enum Path {
        BINARY_PIPE("binary COPY pipe"),
        ROWS_TO_COPY("streamed rows into text COPY"),
        ROWS_TO_INSERT("streamed rows into multi-row INSERT");

        final String description;

        Path(String description) {
            this.description = description;
        }
    }

    private final CopySpec spec;
    private final Optional<RowMapper> mapper;
    private final List<ColumnInfo> sourceColumns;
    private final List<ColumnInfo> targetColumns;
    private final ColumnValues sourceValues;
    private final ColumnValues targetValues;
    private final RangeSql sourceRange;
    private final RangeSql targetRange;
    private final String sourceTable;
    private final SourceSelect select;
    private final ChunkSql write;
    private final Path path;
    private final boolean[] passText;
    private final String sourceColumnList;
    /** The source {@code SELECT}'s list for the binary pipe: each column as the target's type (see {@link PipeCasts}). */
    private final String pipeColumnList;
    private final String sourceKeyList;
    private final String stage;
    private final String keyStage;
    private final int insertRows;

    ChunkTransfer(Database source, Database target, CopySpec spec) {
        this.spec = spec;
        this.mapper = spec.rowMapper();
        JdbcTableStore src = source.table(spec.source());
        JdbcTableStore tgt = target.table(spec.target());
        this.sourceColumns = spec.source().columns().stream().map(src::column).toList();
        this.targetColumns = spec.target().columns().stream().map(tgt::column).toList();
        this.sourceValues = src.values();
        this.targetValues = tgt.values();
        this.sourceRange = new RangeSql(source.engine(), spec.source().key().stream().map(src::column).toList(), sourceValues);
        this.targetRange = new RangeSql(target.engine(), spec.target().key().stream().map(tgt::column).toList(), targetValues);
        List<String> targetNames = targetColumns.stream().map(ColumnInfo::name).toList();
        this.write = new ChunkSql(target.dialect(), spec.target().table(), targetNames,
                spec.target().key().stream().map(k -> tgt.column(k).name()).toList(),
                spec.target().version().map(v -> tgt.column(v).name()));
        this.sourceTable = source.dialect().quoteTable(spec.source().table());
        this.select = new SourceSelect(source.engine(), sourceTable, sourceRange);
        this.sourceColumnList = source.dialect().columnList(sourceColumns.stream().map(ColumnInfo::name).toList());
        this.sourceKeyList = sourceRange.keyList();
        this.passText = new boolean[targetColumns.size()];
        List<String> pipeColumns = new ArrayList<>();
        for (int i = 0; mapper.isEmpty() && i < targetColumns.size(); i++) {
            ColumnInfo s = sourceColumns.get(i);
            ColumnInfo t = targetColumns.get(i);
            // a wall time passes unchanged only between columns of one zone (the stores' time-zone:)
            ZoneId sourceZone = sourceValues.zoneOf(s);
            ZoneId targetZone = targetValues.zoneOf(t);
            boolean sameZone = sourceZone.equals(targetZone);
            PipeCasts.expression(source.dialect().quote(s.name()), s, sourceZone, t, targetZone, source.dialect())
                    .ifPresent(pipeColumns::add);
            passText[i] = (s.kind() == t.kind() && TEXT_SAFE.contains(s.kind()) || timestamps(s.kind()) && timestamps(t.kind()))
                    && (sameZone || !timestamps(s.kind()));
        }
        boolean pipeable = mapper.isEmpty() && pipeColumns.size() == targetColumns.size();
        this.pipeColumnList = String.join(", ", pipeColumns);
        this.path = !target.engine().copyProtocol() ? Path.ROWS_TO_INSERT
                : source.engine().copyProtocol() && pipeable ? Path.BINARY_PIPE : Path.ROWS_TO_COPY;
        String suffix = Integer.toHexString((spec.target().table() + targetNames).hashCode());
        this.stage = target.dialect().quote("decant_stage_" + suffix);
        this.keyStage = target.dialect().quote("decant_keys_" + suffix);
        this.insertRows = Math.max(1, Math.min(1000, MAX_PARAMETERS / targetColumns.size()));
    }

    /**
     * Timestamps with and without zone pass as text both ways: every session runs in UTC, so a
     * zone-less value is read as UTC and a zoned one printed in UTC, the conversion rule of the
     * row path too — unless a store's {@code time-zone:} puts the two columns' wall times in
     * different zones, when the value goes through {@link ColumnValues}.
     */
    private static boolean timestamps(ValueKind kind) {
        return kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMP_TZ;
    }

    Path path() {
        return path;
    }

    /** The source table, quoted. */
    String sourceTable() {
        return sourceTable;
    }

    RangeSql sourceRange() {
        return sourceRange;
    }

    RangeSql targetRange() {
        return targetRange;
    }

    ChunkSql write() {
        return write;
    }

    /** Whether the target holds any row of {@code range}. */
    boolean targetHasRows(Connection tgt, KeyRange range) throws SQLException {
        try (PreparedStatement ps = tgt.prepareStatement(write.anyRow(targetRange.where(range)))) {
            targetRange.bind(ps, 1, range);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Moves the rows {@code read} selects from {@code range} of the source into the target; returns
     * how many. With {@code merge}, through the version-guarded merge; {@code ownCopy} (PostgreSQL
     * target, merge only) names the transaction id whose rows the merge overwrites whatever their
     * version (see {@link ChunkSql#mergeFromStage(String, boolean)}).
     */
    long transfer(Connection src, Connection tgt, KeyRange range, SourceRead read, boolean merge, OptionalLong ownCopy)
            throws SQLException {
        return transfer(src, tgt, range, read, merge, ownCopy, null);
    }

    /**
     * {@link #transfer(Connection, Connection, KeyRange, SourceRead, boolean, OptionalLong)}, handing
     * {@code snapshotXmin} (PostgreSQL source, when not null) the xmin of a snapshot of {@code src}
     * taken before the one that reads the rows, in {@code src}'s transaction.
     */
    long transfer(Connection src, Connection tgt, KeyRange range, SourceRead read, boolean merge, OptionalLong ownCopy,
                  LongConsumer snapshotXmin) throws SQLException {
        long rows = switch (path) {
            case BINARY_PIPE -> binaryPipe(src, tgt, range, read, merge, snapshotXmin);
            case ROWS_TO_COPY -> {
                if (snapshotXmin != null) {
                    snapshotXmin.accept(SourceSelect.snapshotXmin(src));
                }
                yield rowsToCopy(src, tgt, range, read, merge);
            }
            case ROWS_TO_INSERT -> {
                if (snapshotXmin != null) {
                    throw new IllegalArgumentException("a snapshot xmin needs a PostgreSQL source and target");
                }
                yield rowsToInsert(src, tgt, range, read, merge);
            }
        };
        if (merge && path != Path.ROWS_TO_INSERT) {
            mergeStage(tgt, ownCopy);
        }
        return rows;
    }

    // --- PostgreSQL → PostgreSQL, same column types -------------------------------------------

    private long binaryPipe(Connection src, Connection tgt, KeyRange range, SourceRead read, boolean merge,
                            LongConsumer snapshotXmin) throws SQLException {
        String into = merge ? prepareStage(tgt) : write.table();
        String out = "COPY (" + select.forCopy(src, pipeColumnList, range, read, snapshotXmin) + ") TO STDOUT (FORMAT binary)";
        return pipe(src, out, tgt, write.copyIn(into, true));
    }

    /** Pipes {@code copyOut} on {@code src} into {@code copyIn} on {@code tgt}; returns the rows. */
    private static long pipe(Connection src, String copyOut, Connection tgt, String copyIn) throws SQLException {
        CopyManager from = src.unwrap(PGConnection.class).getCopyAPI();
        PGCopyOutputStream pipe = new PGCopyOutputStream(tgt.unwrap(PGConnection.class), copyIn, 1 << 16);
        try {
            from.copyOut(copyOut, pipe);
            return pipe.endCopy();
        } catch (IOException e) {
            throw new SQLException("COPY pipe failed: " + e.getMessage(), sqlState(e), e);
        } finally {
            cancelQuietly(pipe);
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private String prepareStage(Connection tgt) throws SQLException {
        try (Statement s = tgt.createStatement()) {
            s.execute(write.createStage(stage));
        }
        return stage;
    }

    private void mergeStage(Connection tgt, OptionalLong ownCopy) throws SQLException {
        boolean own = ownCopy.isPresent() && write.mergeTakesOwnCopy();
        try (PreparedStatement ps = tgt.prepareStatement(write.mergeFromStage(stage, own))) {
            if (own) {
                ps.setString(1, Long.toString(ownCopy.getAsLong()));
            }
            ps.executeUpdate();
        }
    }

    // --- rows into PostgreSQL text COPY --------------------------------------------------------

    private long rowsToCopy(Connection src, Connection tgt, KeyRange range, SourceRead read, boolean merge) throws SQLException {
        String into = merge ? prepareStage(tgt) : write.table();
        CopyIn in = tgt.unwrap(PGConnection.class).getCopyAPI().copyIn(write.copyIn(into, false));
        CopyTextBuffer buf = new CopyTextBuffer();
        long rows = 0;
        try (PreparedStatement ps = select.prepare(src, sourceColumnList, range, read, FETCH_ROWS); ResultSet rs = ps.executeQuery()) {
            Object[] values = new Object[targetColumns.size()];
            while (rs.next()) {
                if (mapper.isPresent()) {
                    mapped(rs, values);
                    for (int i = 0; i < values.length; i++) {
                        buf.value(targetValues.forColumn(values[i], targetColumns.get(i)), targetColumns.get(i).kind());
                    }
                } else {
                    for (int i = 0; i < values.length; i++) {
                        ColumnInfo t = targetColumns.get(i);
                        if (passText[i]) {
                            buf.text(rs.getString(i + 1));
                        } else if (t.kind() == ValueKind.BYTES && sourceColumns.get(i).kind() == ValueKind.BYTES) {
                            buf.bytes(rs.getBytes(i + 1));
                        } else {
                            buf.value(targetValues.forColumn(sourceValues.read(rs, i + 1, sourceColumns.get(i)), t), t.kind());
                        }
                    }
                }
                buf.endRow(in);
                rows++;
            }
            buf.flush(in);
            in.endCopy();
        } finally {
            cancelQuietly(in);
        }
        return rows;
    }

    // --- rows into MariaDB multi-row INSERT ----------------------------------------------------

    private long rowsToInsert(Connection src, Connection tgt, KeyRange range, SourceRead read, boolean merge) throws SQLException {
        int width = targetColumns.size();
        long rows = 0;
        try (PreparedStatement reader = select.prepare(src, sourceColumnList, range, read, FETCH_ROWS);
             ResultSet rs = reader.executeQuery();
             PreparedStatement full = tgt.prepareStatement(write.insertRows(insertRows, merge))) {
            Object[] values = new Object[width];
            int pending = 0;
            Object[][] tail = new Object[insertRows][];
            while (rs.next()) {
                if (mapper.isPresent()) {
                    mapped(rs, values);
                } else {
                    for (int i = 0; i < width; i++) {
                        values[i] = sourceValues.read(rs, i + 1, sourceColumns.get(i));
                    }
                }
                tail[pending] = values.clone();
                for (int i = 0; i < width; i++) {
                    targetValues.bind(full, pending * width + i + 1, values[i], targetColumns.get(i));
                }
                pending++;
                rows++;
                if (pending == insertRows) {
                    full.executeUpdate();
                    pending = 0;
                }
            }
            if (pending > 0) {
                try (PreparedStatement last = tgt.prepareStatement(write.insertRows(pending, merge))) {
                    for (int r = 0; r < pending; r++) {
                        for (int i = 0; i < width; i++) {
                            targetValues.bind(last, r * width + i + 1, tail[r][i], targetColumns.get(i));
                        }
                    }
                    last.executeUpdate();
                }
            }
        }
        return rows;
    }

    // --- PostgreSQL → PostgreSQL: the keys a range holds now ----------------------------------

    /**
     * PostgreSQL both ends: deletes the target rows of {@code range} whose current version the
     * transaction {@code ownCopy} (32-bit xid) wrote and whose key the source no longer holds. The
     * source's keys of the range travel as a text {@code COPY} into a session-local key table of the
     * target (text, so key types that differ between the tables still compare). Runs in {@code tgt}'s
     * transaction, which the caller commits; {@code src} reads unlocked. Returns the rows deleted.
     */
    long deleteOwnCopiesOfMissingKeys(Connection src, Connection tgt, KeyRange range, long ownCopy) throws SQLException {
        try (Statement s = tgt.createStatement()) {
            s.execute(write.createKeyStage(keyStage));
        }
        String out = "COPY (" + select.forCopy(src, sourceKeyList, range, SourceRead.UNLOCKED) + ") TO STDOUT";
        pipe(src, out, tgt, write.copyKeysIn(keyStage));
        try (PreparedStatement ps = tgt.prepareStatement(write.deleteOwnCopiesMissingFrom(keyStage, targetRange.where(range)))) {
            int i = targetRange.bind(ps, 1, range);
            ps.setString(i, Long.toString(ownCopy));
            return ps.executeUpdate();
        }
    }

    // --- shared ----------------------------------------------------------------------------------

    /** Reads the current source row, maps it and leaves the target columns' values in {@code out}. */
    private void mapped(ResultSet rs, Object[] out) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            values.put(spec.source().columns().get(i), sourceValues.read(rs, i + 1, sourceColumns.get(i)));
        }
        Row mappedRow = mapper.orElseThrow().toTarget(new Row(values));
        if (mappedRow == null) {
            throw new DecantException(ErrorCode.FAILURE, "the row mapper returned no row for a row of "
                    + spec.source().table() + "; a row mapper must map every row");
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = mappedRow.get(spec.target().columns().get(i));
        }
    }

    private static void cancelQuietly(CopyOperation copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the copy already failed; the rollback that follows ends the transaction
        }
    }

    private static void cancelQuietly(PGCopyOutputStream pipe) {
        try {
            if (pipe.isActive()) {
                pipe.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the copy already failed; the rollback that follows ends the transaction
        }
    }
}
