package io.decant.demo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The baselines: the fastest plain way to move the table between the two databases, with no
 * locking, chunking or checkpoints, into a table of the legacy table's shape. PostgreSQL→PostgreSQL:
 * binary {@code COPY … TO STDOUT} piped into {@code COPY … FROM STDIN}. MariaDB→PostgreSQL: one
 * streaming {@code SELECT} whose rows are written as text {@code COPY … FROM STDIN}. The same pipes,
 * given a select list, fill the service's table of the verify benchmark.
 */
final class CopyPipe {
    private CopyPipe() {
    }

    /** The baseline: the legacy table piped whole into {@code into} (the legacy table's shape). */
    static long postgresToPostgres(String sourceUrl, String targetUrl, String into) throws SQLException, IOException {
        String cols = String.join(", ", OrdersTable.COLUMNS);
        return postgresToPostgres(sourceUrl, "COPY orders (" + cols + ") TO STDOUT (FORMAT binary)", targetUrl,
                "COPY " + into + " (" + cols + ") FROM STDIN (FORMAT binary)");
    }

    /** The service's table of {@code schema} filled from the legacy table, every value as Decant converts it. */
    static long postgresToPostgres(String sourceUrl, String targetUrl, BenchSchema schema) throws SQLException, IOException {
        return postgresToPostgres(sourceUrl, "COPY (SELECT " + schema.selectAsTarget() + " FROM orders) TO STDOUT (FORMAT binary)",
                targetUrl, "COPY orders (" + String.join(", ", schema.targetColumns()) + ") FROM STDIN (FORMAT binary)");
    }

    private static long postgresToPostgres(String sourceUrl, String copyOut, String targetUrl, String copyIn)
            throws SQLException, IOException {
        try (Connection src = DriverManager.getConnection(sourceUrl); Connection dst = DriverManager.getConnection(targetUrl)) {
            dst.setAutoCommit(false);
            CopyManager from = src.unwrap(PGConnection.class).getCopyAPI();
            PGCopyOutputStream to = new PGCopyOutputStream(dst.unwrap(PGConnection.class), copyIn, 1 << 16);
            from.copyOut(copyOut, to);
            long rows = to.endCopy();
            dst.commit();
            return rows;
        }
    }

    /** The baseline: every legacy column into {@code into} (the legacy table's shape). */
    static long mariadbToPostgres(String sourceUrl, String targetUrl, String into) throws SQLException {
        return mariadbToPostgres(sourceUrl, OrdersTable.COLUMNS, targetUrl, into, OrdersTable.COLUMNS);
    }

    /** The service's table of {@code schema} filled from the legacy table, every value as Decant converts it. */
    static long mariadbToPostgres(String sourceUrl, String targetUrl, BenchSchema schema) throws SQLException {
        return mariadbToPostgres(sourceUrl, schema.sourceColumns(), targetUrl, "orders", schema.targetColumns());
    }

    private static long mariadbToPostgres(String sourceUrl, List<String> columns, String targetUrl, String into,
                                          List<String> intoColumns) throws SQLException {
        String cols = String.join(", ", columns);
        try (Connection src = DriverManager.getConnection(sourceUrl); Connection dst = DriverManager.getConnection(targetUrl)) {
            try (Statement s = src.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
            try (Statement s = dst.createStatement()) {
                s.execute("SET TIME ZONE 'UTC'");
            }
            dst.setAutoCommit(false);
            CopyIn in = dst.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + into + " ("
                    + String.join(", ", intoColumns) + ") FROM STDIN");
            long rows = 0;
            StringBuilder block = new StringBuilder(1 << 17);
            int n = columns.size();
            try (PreparedStatement ps = src.prepareStatement("SELECT " + cols + " FROM orders",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(2000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            if (i > 1) {
                                block.append('\t');
                            }
                            String v = rs.getString(i);
                            if (v == null) {
                                block.append("\\N");
                            } else {
                                escape(block, v);
                            }
                        }
                        block.append('\n');
                        rows++;
                        if (block.length() >= 1 << 16) {
                            byte[] b = block.toString().getBytes(StandardCharsets.UTF_8);
                            in.writeToCopy(b, 0, b.length);
                            block.setLength(0);
                        }
                    }
                }
            }
            byte[] b = block.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            in.endCopy();
            dst.commit();
            return rows;
        }
    }

    private static void escape(StringBuilder out, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
