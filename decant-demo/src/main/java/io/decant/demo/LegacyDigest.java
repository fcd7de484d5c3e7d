package io.decant.demo;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The legacy table's row count and a SHA-256 over every column of every row in key order,
 * computed with plain SQL by the demo itself (not by Decant's backup code), so that the rows
 * before retire and after restore can be compared independently.
 *
 * @param rows   row count
 * @param sha256 hex digest
 */
public record LegacyDigest(long rows, String sha256) {

    public static LegacyDigest of(DemoDatabase db) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] n = {0};
        try {
            OrderRows.legacy(db, (o, flags) -> {
                String line = o.id() + "|" + o.customerId() + "|" + o.total().toPlainString() + "|" + o.status() + "|"
                        + (o.note() == null ? "\\N" : o.note()) + "|" + o.gift() + "|" + o.createdAt() + "|" + o.updatedAt()
                        + "|" + flags + "\n";
                md.update(line.getBytes(StandardCharsets.UTF_8));
                n[0]++;
            });
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "reading the legacy orders for the digest failed: " + e.getMessage(), e);
        }
        return new LegacyDigest(n[0], HexFormat.of().formatHex(md.digest()));
    }

    /** e.g. {@code 200,000 rows, sha256 3fa4…91c2}. */
    public String describe() {
        return String.format("%,d rows, sha256 %s…%s", rows, sha256.substring(0, 8), sha256.substring(sha256.length() - 8));
    }
}
