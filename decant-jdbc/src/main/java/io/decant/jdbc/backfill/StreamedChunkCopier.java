package io.decant.jdbc.backfill;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.Database;
import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.StoreFailures;
import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import io.decant.store.ChunkCopier;
import io.decant.store.ChunkCopy;
import io.decant.store.ChunkTarget;
import io.decant.store.ColumnInfo;
import io.decant.store.CopySpec;
import io.decant.store.KeyRange;
import io.decant.store.UncheckedCopies;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies chunks from this module's database into a store of another kind (a service's API), through
 * its {@link ChunkTarget}: the chunk's source rows are read share-locked in a source transaction,
 * mapped to the target's shape and handed to the target, which writes them in one transaction of its
 * own; the source transaction commits only after the target's commit returned. A dual write of those
 * keys (legacy first) waits for the share locks, so it reaches the target after the copy, as on the
 * share-locked path between two databases ({@link LockedChunkCopy}).
 *
 * <p>A target commit whose answer is lost (the target committed, the copier saw an error) rolls the
 * source back and the chunk is copied again; the target then holds rows of the range and merges, from
 * the source rows as they are at the retry. No copy is ever recorded as unchecked, so
 * {@link #settle} has nothing to do.
 */
final class StreamedChunkCopier implements ChunkCopier {
    private static final int FETCH_ROWS = 2000;
    private static final int MAX_ATTEMPTS = 5;

    private final Database source;
    private final CopySpec spec;
    private final ChunkTarget target;
    private final Optional<RowMapper> mapper;
    private final List<ColumnInfo> sourceColumns;
    private final ColumnValues values;
    private final SourceSelect select;
    private final String columnList;

    StreamedChunkCopier(Database source, CopySpec spec, ChunkTarget target) {
        this.source = source;
        this.spec = spec;
        this.target = target;
        this.mapper = spec.rowMapper();
        JdbcTableStore table = source.table(spec.source());
        this.sourceColumns = spec.source().columns().stream().map(table::column).toList();
        this.values = table.values();
        boolean postgres = source.config().isPostgres();
        String quoted = source.dialect().quoteTable(spec.source().table());
        RangeSql range = new RangeSql(source.dialect(), postgres, spec.source().key().stream().map(table::column).toList(), values);
        this.select = new SourceSelect(postgres, quoted, range);
        this.columnList = source.dialect().columnList(sourceColumns.stream().map(ColumnInfo::name).toList());
    }

    @Override
    public String method() {
        return target.method() + " (share-locked reads)";
    }

    @Override
    public ChunkCopy copy(KeyRange range, UncheckedCopies unchecked) {
        for (int attempt = 1; ; attempt++) {
            try {
                return copyOnce(range);
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !StoreFailures.isRetryable(e)) {
                    throw StoreFailures.wrap(spec.source().store() + "→" + spec.target().store(),
                            "copying chunk " + range + " of " + spec.source().table(), e);
                }
            }
        }
    }

    private ChunkCopy copyOnce(KeyRange range) throws SQLException {
        try (Connection src = source.dataSource().getConnection()) {
            src.setAutoCommit(false);
            try (ChunkTarget.ChunkWrite write = target.begin(range)) {
                long rows = 0;
                try (PreparedStatement ps = select.prepare(src, columnList, range, SourceRead.LOCKED, FETCH_ROWS);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        write.add(targetRow(rs));
                        rows++;
                    }
                }
                boolean merged = write.commit();
                src.commit(); // only now: the share locks held writers back until the target had the rows
                return new ChunkCopy(rows, merged);
            } catch (SQLException | RuntimeException e) {
                LockedChunkCopy.quietRollback(src);
                throw e;
            } finally {
                src.setAutoCommit(true);
            }
        }
    }

    /** The current source row in the target's shape (target columns' order). */
    private Object[] targetRow(ResultSet rs) throws SQLException {
        Object[] read = new Object[sourceColumns.size()];
        for (int i = 0; i < read.length; i++) {
            read[i] = values.read(rs, i + 1, sourceColumns.get(i));
        }
        if (mapper.isEmpty()) {
            return read; // columns pair up by position (CopySpec)
        }
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < read.length; i++) {
            byName.put(spec.source().columns().get(i), read[i]);
        }
        Row mapped = mapper.get().toTarget(new Row(byName));
        if (mapped == null) {
            throw new DecantException(ErrorCode.FAILURE, "the row mapper returned no row for a row of "
                    + spec.source().table() + "; a row mapper must map every row");
        }
        List<String> targetColumns = spec.target().columns();
        Object[] out = new Object[targetColumns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = mapped.get(targetColumns.get(i));
        }
        return out;
    }

    @Override
    public void settle(KeyRange range, String mark) {
        // no copy of this copier is ever unchecked
    }
}
