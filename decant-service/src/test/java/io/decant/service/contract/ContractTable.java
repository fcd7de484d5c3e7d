package io.decant.service.contract;

import io.decant.store.ValueKind;
import java.util.List;

/**
 * The table an implementation under contract serves: one column of each value kind the protocol
 * encodes. Column {@code at} (TIMESTAMP_TZ) is optional, as engines without a zoned timestamp
 * type cannot have it; the kit checks it when the table describes it. PostgreSQL, e.g.:
 * <pre>
 * CREATE TABLE contract_rows (id bigint PRIMARY KEY, version bigint NOT NULL, amount numeric(12,2),
 *   ratio double precision, flag boolean, note text, created timestamp(6), day date, payload bytea,
 *   doc json, ref uuid, at timestamptz(6))
 * </pre>
 * MariaDB: {@code decimal(12,2)}, {@code double}, {@code boolean}, {@code text},
 * {@code datetime(6)}, {@code varbinary(255)}, {@code json}, {@code uuid}, no {@code at}. The key is
 * {@code id}; the version column {@code version}.
 */
public final class ContractTable {
    /** A column the kit expects. */
    public record Column(String name, ValueKind kind, boolean required) {
    }

    public static final String KEY = "id";
    public static final String VERSION = "version";
    public static final List<Column> COLUMNS = List.of(
            new Column("id", ValueKind.INTEGER, true),
            new Column("version", ValueKind.INTEGER, true),
            new Column("amount", ValueKind.DECIMAL, true),
            new Column("ratio", ValueKind.FLOAT, true),
            new Column("flag", ValueKind.BOOLEAN, true),
            new Column("note", ValueKind.TEXT, true),
            new Column("created", ValueKind.TIMESTAMP, true),
            new Column("day", ValueKind.DATE, true),
            new Column("payload", ValueKind.BYTES, true),
            new Column("doc", ValueKind.JSON, true),
            new Column("ref", ValueKind.UUID, true),
            new Column("at", ValueKind.TIMESTAMP_TZ, false));

    private ContractTable() {
    }
}
