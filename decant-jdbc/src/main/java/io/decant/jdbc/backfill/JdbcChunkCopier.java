package io.decant.jdbc.backfill;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.JdbcStoreConnection;
import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.StoreFailures;
import io.decant.spi.ChunkCopier;
import io.decant.spi.ChunkCopy;
import io.decant.spi.ColumnInfo;
import io.decant.spi.CopySpec;
import io.decant.spi.KeyRange;
import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import io.decant.spi.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Copies one chunk at a time with the source rows share-locked. Per chunk: open a source and a
 * target transaction; ask the target whether it holds any row of the chunk's key range; stream the
 * locked source rows into the target — straight into the table when the range is empty, else
 * through a staging table (PostgreSQL) or {@code ON DUPLICATE KEY UPDATE} (MariaDB) with the
 * version guard; commit the target, then the source. A unique violation on the straight path (a
 * concurrent dual write got there first) rolls both back and redoes the chunk as a merge.
 *
 * <p>Paths: PostgreSQL→PostgreSQL with identical column types is a binary {@code COPY} pipe
 * ({@code COPY (SELECT … FOR SHARE) TO STDOUT} into {@code COPY … FROM STDIN}); into PostgreSQL
 * otherwise, a streamed {@code SELECT … FOR SHARE / LOCK IN SHARE MODE} encoded as text
 * {@code COPY}; into MariaDB, multi-row {@code INSERT}s. A row mapper always takes the row path.
 */
public final class JdbcChunkCopier implements ChunkCopier {
    private static final int FETCH_ROWS = 2000;
    private static final int MAX_ATTEMPTS = 5;
    private static final int MAX_PARAMETERS = 60_000;
    /** Kinds whose text form one engine prints is input the PostgreSQL target reads as the same value. */
    private static final Set<ValueKind> TEXT_SAFE = EnumSet.of(ValueKind.INTEGER, ValueKind.DECIMAL, ValueKind.TEXT,
            ValueKind.JSON, ValueKind.UUID, ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ, ValueKind.DATE, ValueKind.BOOLEAN);

    private enum Path {
        BINARY_PIPE("binary COPY pipe"),
        ROWS_TO_COPY("streamed rows into text COPY"),
        ROWS_TO_INSERT("streamed rows into multi-row INSERT");

        final String description;

        Path(String description) {
            this.description = description;
        }
    }

    private final JdbcStoreConnection source;
    private final JdbcStoreConnection target;
    private final CopySpec spec;
    private final Optional<RowMapper> mapper;
    private final List<ColumnInfo> sourceColumns;
    private final List<ColumnInfo> targetColumns;
    private final ColumnValues sourceValues;
    private final ColumnValues targetValues;
    private final RangeSql sourceRange;
    private final RangeSql targetRange;
    private final ChunkSql write;
    private final Path path;
    private final boolean[] passText;
    private final String sourceTable;
    private final String sourceColumnList;
    private final String stage;
    private final int insertRows;

    JdbcChunkCopier(JdbcStoreConnection source, JdbcStoreConnection target, CopySpec spec) {
        this.source = source;
        this.target = target;
        this.spec = spec;
        this.mapper = spec.rowMapper();
        JdbcTableStore src = source.table(spec.source());
        JdbcTableStore tgt = target.table(spec.target());
        this.sourceColumns = spec.source().columns().stream().map(src::column).toList();
        this.targetColumns = spec.target().columns().stream().map(tgt::column).toList();
        this.sourceValues = src.values();
        this.targetValues = tgt.values();
        boolean pgSource = source.config().isPostgres();
        boolean pgTarget = target.config().isPostgres();
        this.sourceRange = new RangeSql(source.dialect(), pgSource, spec.source().key().stream().map(src::column).toList());
        this.targetRange = new RangeSql(target.dialect(), pgTarget, spec.target().key().stream().map(tgt::column).toList());
        List<String> targetNames = targetColumns.stream().map(ColumnInfo::name).toList();
        this.write = new ChunkSql(target.dialect(), spec.target().table(), targetNames,
                spec.target().key().stream().map(k -> tgt.column(k).name()).toList(),
                spec.target().version().map(v -> tgt.column(v).name()));
        this.sourceTable = source.dialect().quoteTable(spec.source().table());
        this.sourceColumnList = source.dialect().columnList(sourceColumns.stream().map(ColumnInfo::name).toList());
        this.passText = new boolean[targetColumns.size()];
        boolean sameTypes = mapper.isEmpty();
        for (int i = 0; mapper.isEmpty() && i < targetColumns.size(); i++) {
            ColumnInfo s = sourceColumns.get(i);
            ColumnInfo t = targetColumns.get(i);
            sameTypes &= s.typeName().equalsIgnoreCase(t.typeName());
            passText[i] = s.kind() == t.kind() && TEXT_SAFE.contains(s.kind()) || timestamps(s.kind()) && timestamps(t.kind());
        }
        this.path = !pgTarget ? Path.ROWS_TO_INSERT : pgSource && sameTypes ? Path.BINARY_PIPE : Path.ROWS_TO_COPY;
        this.stage = target.dialect().quote("decant_stage_" + Integer.toHexString((spec.target().table() + targetNames).hashCode()));
        this.insertRows = Math.max(1, Math.min(1000, MAX_PARAMETERS / targetColumns.size()));
    }

    /**
     * Timestamps with and without zone pass as text both ways: every session runs in UTC, so a
     * zone-less value is read as UTC and a zoned one printed in UTC, the conversion rule of the
     * row path too.
     */
    private static boolean timestamps(ValueKind kind) {
        return kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMP_TZ;
    }

    @Override
    public String method() {
        return path.description;
    }

    @Override
    public ChunkCopy copy(KeyRange range) {
        boolean forceMerge = false;
        for (int attempt = 1; ; attempt++) {
            try (Connection src = source.dataSource().getConnection(); Connection tgt = target.dataSource().getConnection()) {
                src.setAutoCommit(false);
                tgt.setAutoCommit(false);
                try {
                    relaxSourceCommit(src);
                    boolean merge = forceMerge || targetHasRows(tgt, range);
                    long rows = switch (path) {
                        case BINARY_PIPE -> binaryPipe(src, tgt, range, merge);
                        case ROWS_TO_COPY -> rowsToCopy(src, tgt, range, merge);
                        case ROWS_TO_INSERT -> rowsToInsert(src, tgt, range, merge);
                    };
                    tgt.commit();
                    src.commit();
                    return new ChunkCopy(rows, merge);
                } catch (SQLException | RuntimeException e) {
                    quietRollback(tgt);
                    quietRollback(src);
                    throw e;
                } finally {
                    src.setAutoCommit(true);
                    tgt.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!forceMerge && isUniqueViolation(e)) {
                    forceMerge = true;
                } else if (attempt >= MAX_ATTEMPTS || !StoreFailures.isRetryable(e)) {
                    throw StoreFailures.wrap(spec.source().store() + "→" + spec.target().store(),
                            "copying chunk " + range + " of " + spec.source().table(), e);
                }
            }
        }
    }

    /**
     * The source transaction only holds share locks (PostgreSQL gives it a transaction id for them),
     * so its commit need not wait for a WAL flush: losing that commit in a crash loses nothing but
     * the locks. The target's commit, which carries the rows, stays synchronous.
     */
    private void relaxSourceCommit(Connection src) throws SQLException {
        if (source.config().isPostgres()) {
            try (Statement s = src.createStatement()) {
                s.execute("SET LOCAL synchronous_commit = off");
            }
        }
    }

    private boolean targetHasRows(Connection tgt, KeyRange range) throws SQLException {
        try (PreparedStatement ps = tgt.prepareStatement(write.anyRow(targetRange.where(range)))) {
            targetRange.bind(ps, 1, range);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // --- PostgreSQL → PostgreSQL, same column types -------------------------------------------

    private long binaryPipe(Connection src, Connection tgt, KeyRange range, boolean merge) throws SQLException {
        Optional<String> settings = sourceRange.settingsSql(range);
        if (settings.isPresent()) {
            try (PreparedStatement ps = src.prepareStatement(settings.get())) {
                sourceRange.bindSettings(ps, range);
                ps.execute();
            }
        }
        String into = merge ? prepareStage(tgt) : write.table();
        String out = "COPY (SELECT " + sourceColumnList + " FROM " + sourceTable
                + sourceRange.whereFromSettings(range).map(w -> " WHERE " + w).orElse("") + " FOR SHARE) TO STDOUT (FORMAT binary)";
        CopyManager from = src.unwrap(PGConnection.class).getCopyAPI();
        PGCopyOutputStream pipe = new PGCopyOutputStream(tgt.unwrap(PGConnection.class), write.copyIn(into, true), 1 << 16);
        long rows;
        try {
            from.copyOut(out, pipe);
            rows = pipe.endCopy();
        } catch (java.io.IOException e) {
            throw new SQLException("COPY pipe failed: " + e.getMessage(), sqlState(e), e);
        } finally {
            cancelQuietly(pipe);
        }
        if (merge) {
            mergeStage(tgt);
        }
        return rows;
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

    private void mergeStage(Connection tgt) throws SQLException {
        try (Statement s = tgt.createStatement()) {
            s.executeUpdate(write.mergeFromStage(stage));
        }
    }

    // --- rows into PostgreSQL text COPY --------------------------------------------------------

    private long rowsToCopy(Connection src, Connection tgt, KeyRange range, boolean merge) throws SQLException {
        String into = merge ? prepareStage(tgt) : write.table();
        CopyIn in = tgt.unwrap(PGConnection.class).getCopyAPI().copyIn(write.copyIn(into, false));
        CopyTextBuffer buf = new CopyTextBuffer();
        long rows = 0;
        try (PreparedStatement ps = lockedSelect(src, range); ResultSet rs = ps.executeQuery()) {
            Object[] values = new Object[targetColumns.size()];
            while (rs.next()) {
                if (mapper.isPresent()) {
                    mapped(rs, values);
                    for (int i = 0; i < values.length; i++) {
                        buf.value(values[i], targetColumns.get(i).kind());
                    }
                } else {
                    for (int i = 0; i < values.length; i++) {
                        ColumnInfo t = targetColumns.get(i);
                        if (passText[i]) {
                            buf.text(rs.getString(i + 1));
                        } else if (t.kind() == ValueKind.BYTES && sourceColumns.get(i).kind() == ValueKind.BYTES) {
                            buf.bytes(rs.getBytes(i + 1));
                        } else {
                            buf.value(sourceValues.read(rs, i + 1, sourceColumns.get(i)), t.kind());
                        }
                    }
                }
                buf.endRow(in);
                rows++;
            }
            buf.flush(in);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                cancelQuietly(in);
            }
        }
        if (merge) {
            mergeStage(tgt);
        }
        return rows;
    }

    // --- rows into MariaDB multi-row INSERT ----------------------------------------------------

    private long rowsToInsert(Connection src, Connection tgt, KeyRange range, boolean merge) throws SQLException {
        int width = targetColumns.size();
        long rows = 0;
        try (PreparedStatement read = lockedSelect(src, range); ResultSet rs = read.executeQuery();
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

    // --- shared ----------------------------------------------------------------------------------

    /** The chunk's source rows, share-locked until the source transaction ends, streamed. */
    private PreparedStatement lockedSelect(Connection src, KeyRange range) throws SQLException {
        String lock = source.config().isPostgres() ? " FOR SHARE" : " LOCK IN SHARE MODE";
        String sql = "SELECT " + sourceColumnList + " FROM " + sourceTable
                + sourceRange.where(range).map(w -> " WHERE " + w).orElse("") + lock;
        PreparedStatement ps = src.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            ps.setFetchSize(FETCH_ROWS);
            sourceRange.bind(ps, 1, range);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

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

    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("23505".equals(s.getSQLState()) || s.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }

    private static void cancelQuietly(org.postgresql.copy.CopyOperation copy) {
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

    private static void quietRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the failure being reported matters more; closing the connection ends the transaction
        }
    }
}
