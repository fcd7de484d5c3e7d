package io.decant.demo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The baselines: the fastest plain way to move the table between the two databases, with no
 * locking, chunking or checkpoints. PostgreSQL→PostgreSQL: binary {@code COPY … TO STDOUT} piped
 * into {@code COPY … FROM STDIN}. MariaDB→PostgreSQL: one streaming {@code SELECT} whose rows are
 * written as text {@code COPY … FROM STDIN}.
 */
final class CopyPipe {
    private CopyPipe() {
    }

    static long postgresToPostgres(String sourceUrl, String targetUrl) throws SQLException, IOException {
        String cols = String.join(", ", OrdersTable.COLUMNS);
        try (Connection src = DriverManager.getConnection(sourceUrl); Connection dst = DriverManager.getConnection(targetUrl)) {
            dst.setAutoCommit(false);
            CopyManager from = src.unwrap(PGConnection.class).getCopyAPI();
            PGCopyOutputStream to = new PGCopyOutputStream(dst.unwrap(PGConnection.class),
                    "COPY orders (" + cols + ") FROM STDIN (FORMAT binary)", 1 << 16);
            from.copyOut("COPY orders (" + cols + ") TO STDOUT (FORMAT binary)", to);
            long rows = to.endCopy();
            dst.commit();
            return rows;
        }
    }

    static long mariadbToPostgres(String sourceUrl, String targetUrl) throws SQLException {
        String cols = String.join(", ", OrdersTable.COLUMNS);
        try (Connection src = DriverManager.getConnection(sourceUrl); Connection dst = DriverManager.getConnection(targetUrl)) {
            try (Statement s = src.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
            try (Statement s = dst.createStatement()) {
                s.execute("SET TIME ZONE 'UTC'");
            }
            dst.setAutoCommit(false);
            CopyIn in = dst.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY orders (" + cols + ") FROM STDIN");
            long rows = 0;
            StringBuilder block = new StringBuilder(1 << 17);
            int n = OrdersTable.COLUMNS.size();
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
