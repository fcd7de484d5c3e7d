package io.decant.demo;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The two {@code orders} tables. The monolith's (legacy) table and the service's (new) table differ
 * the way real ones do: {@code id → order_id} and {@code customer_id → customer} are renamed,
 * {@code created_at → placed_at} is renamed and changes type ({@code timestamp → timestamptz}),
 * {@code updated_at} changes type too, and {@code legacy_flags} is dropped.
 */
public final class OrdersSchema {
    static final String LEGACY_TABLE = "orders";
    static final String SERVICE_TABLE = "orders";

    private static final String LEGACY_POSTGRES = "CREATE TABLE orders ("
            + " id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2) NOT NULL,"
            + " status varchar(16) NOT NULL, note text, gift boolean NOT NULL,"
            + " created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL, legacy_flags integer NOT NULL DEFAULT 0)";
    private static final String LEGACY_MARIADB = "CREATE TABLE orders ("
            + " id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, total DECIMAL(12,2) NOT NULL,"
            + " status VARCHAR(16) NOT NULL, note TEXT, gift BOOLEAN NOT NULL,"
            + " created_at DATETIME(6) NOT NULL, updated_at DATETIME(6) NOT NULL, legacy_flags INT NOT NULL DEFAULT 0"
            + ") ENGINE=InnoDB";
    private static final String SERVICE_POSTGRES = "CREATE TABLE orders ("
            + " order_id bigint PRIMARY KEY, customer bigint NOT NULL, total numeric(12,2) NOT NULL,"
            + " status text NOT NULL, note text, gift boolean NOT NULL,"
            + " placed_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)";

    private OrdersSchema() {
    }

    /** The legacy table's DDL as created on this database. */
    public static String legacyDdl(DemoDatabase db) {
        return db.mariaDb() ? LEGACY_MARIADB : LEGACY_POSTGRES;
    }

    /** The service table's DDL. */
    public static String serviceDdl() {
        return SERVICE_POSTGRES;
    }

    /** Creates both tables and fills the legacy one with {@code rows} generated orders. */
    public static void create(DemoDatabase monolith, DemoDatabase service, OrderGenerator generator, long rows,
                              ProgressListener progress) {
        try (Connection c = monolith.connect(); Statement s = c.createStatement()) {
            s.execute(legacyDdl(monolith));
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "creating the legacy orders table failed: " + e.getMessage(), e);
        }
        try (Connection c = service.connect(); Statement s = c.createStatement()) {
            s.execute(SERVICE_POSTGRES);
            s.execute("CREATE INDEX orders_customer ON orders (customer)");
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "creating the service orders table failed: " + e.getMessage(), e);
        }
        try {
            if (monolith.mariaDb()) {
                loadMariaDb(monolith, generator, rows, progress);
            } else {
                loadPostgres(monolith, generator, rows, progress);
            }
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "loading the legacy orders failed: " + e.getMessage(), e);
        }
    }

    private static void loadPostgres(DemoDatabase db, OrderGenerator generator, long rows, ProgressListener progress)
            throws SQLException {
        try (Connection c = db.connect()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY orders (id, customer_id, total, status,"
                    + " note, gift, created_at, updated_at, legacy_flags) FROM STDIN");
            try {
                StringBuilder b = new StringBuilder(1 << 20);
                for (long id = 1; id <= rows; id++) {
                    Order o = generator.initial(id);
                    b.append(id).append('\t').append(o.customerId()).append('\t').append(o.total().toPlainString())
                            .append('\t').append(o.status()).append('\t').append(o.note() == null ? "\\N" : o.note())
                            .append('\t').append(o.gift() ? 't' : 'f')
                            .append('\t').append(LocalDateTime.ofInstant(o.createdAt(), ZoneOffset.UTC))
                            .append('\t').append(LocalDateTime.ofInstant(o.updatedAt(), ZoneOffset.UTC))
                            .append('\t').append(OrderGenerator.legacyFlags(id)).append('\n');
                    if (b.length() > (1 << 20) - 512 || id == rows) {
                        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        b.setLength(0);
                        progress.update("load legacy orders", id, rows);
                    }
                }
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE orders");
            }
        }
    }

    private static void loadMariaDb(DemoDatabase db, OrderGenerator generator, long rows, ProgressListener progress)
            throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, customer_id,"
                + " total, status, note, gift, created_at, updated_at, legacy_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (long id = 1; id <= rows; id++) {
                Order o = generator.initial(id);
                ps.setLong(1, id);
                ps.setLong(2, o.customerId());
                ps.setBigDecimal(3, o.total());
                ps.setString(4, o.status());
                ps.setString(5, o.note());
                ps.setBoolean(6, o.gift());
                ps.setObject(7, LocalDateTime.ofInstant(o.createdAt(), ZoneOffset.UTC));
                ps.setObject(8, LocalDateTime.ofInstant(o.updatedAt(), ZoneOffset.UTC));
                ps.setInt(9, OrderGenerator.legacyFlags(id));
                ps.addBatch();
                if (id % 5000 == 0 || id == rows) {
                    ps.executeBatch();
                    c.commit();
                    progress.update("load legacy orders", id, rows);
                }
            }
            c.setAutoCommit(true);
        }
    }
}
