package io.decant.service.contract;

import java.util.List;
import java.util.Map;

/**
 * How the contract kit puts rows into the implementation's table without going through the
 * protocol, so that what the protocol reads and hashes is checked against rows it did not write.
 * The table is the one {@link ContractTable} describes.
 */
public interface ContractSeed {
    /** Deletes every row of the table. */
    void reset();

    /**
     * Inserts rows, each a map of column name to Java value: Long (INTEGER), BigDecimal (DECIMAL),
     * Double (FLOAT), Boolean, String (TEXT, and JSON and UUID as their text), LocalDateTime
     * (TIMESTAMP, UTC), Instant (TIMESTAMP_TZ), LocalDate, byte[] (BYTES), or null.
     */
    void insert(List<Map<String, Object>> rows);
}
