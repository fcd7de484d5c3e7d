package io.decant.jdbc;

import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.dialect.KeyGenerator;
import io.decant.store.KeySource;
import io.decant.store.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** A table's key generator in a PostgreSQL or MariaDB database; the SQL is the {@link Dialect}'s. */
public final class JdbcKeySource implements KeySource {
    private final String store;
    private final DataSource pool;
    private final Dialect dialect;
    private final TableRef table;
    private final KeyGenerator generator;

    private JdbcKeySource(String store, DataSource pool, Dialect dialect, TableRef table, KeyGenerator generator) {
        this.store = store;
        this.pool = pool;
        this.dialect = dialect;
        this.table = table;
        this.generator = generator;
    }

    /**
     * The generator of {@code table}'s single key column (or the sequence {@code sequence}), if its
     * keys are generated, in the store named {@code store} that {@code pool} reaches.
     */
    public static Optional<KeySource> of(String store, DataSource pool, Dialect dialect, TableRef table,
                                         Optional<String> sequence) {
        if (table.key().size() != 1) {
            return Optional.empty();
        }
        Optional<KeyGenerator> g = query(store, pool, "find the key generator of " + table.table(),
                c -> dialect.keyGenerator(c, table.table(), table.key().get(0), sequence));
        if (g.isEmpty() && sequence.isPresent()) {
            throw new io.decant.DecantException(io.decant.ErrorCode.BAD_CONFIG, "key-sequence " + sequence.get() + " of table "
                    + table.table() + " does not exist in store '" + store + "'; fix key-sequence in decant.yaml");
        }
        return g.map(k -> new JdbcKeySource(store, pool, dialect, table, k));
    }

    @Override
    public String describe() {
        return generator.sequence() ? "sequence " + generator.name() : "AUTO_INCREMENT of " + generator.name();
    }

    @Override
    public long nextValue() {
        return query(store, pool, "read the position of " + describe(), c -> dialect.nextValue(c, generator));
    }

    @Override
    public OptionalLong maxKey() {
        return query(store, pool, "read the largest key of " + table.table(), c -> max(c));
    }

    private OptionalLong max(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.maxSql(table.table(), table.key().get(0)));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }

    @Override
    public String moveToSql(long next) {
        return dialect.moveToSql(generator, next);
    }

    @Override
    public boolean movesOnlyWhenDrawn() {
        return generator.sequence();
    }

    @Override
    public boolean droppedWithTable() {
        return generator.droppedWithTable();
    }

    @Override
    public List<String> otherUsers() {
        return query(store, pool, "find other users of " + describe(), c -> dialect.otherUsers(c, generator));
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static <T> T query(String store, DataSource pool, String operation, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreFailures.wrap(store, operation, e);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
