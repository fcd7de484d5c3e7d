package io.decant.demo.bench;

import io.decant.DecantException;
import java.util.List;
import java.util.Locale;

/**
 * The service's {@code orders} table in a table benchmark, against the legacy one ({@link OrdersTable}).
 *
 * <p>{@link #REALISTIC} (the default) is what a real migration looks like: the service renamed
 * columns ({@code id} → {@code order_id}, {@code customer_id} → {@code customer}, {@code total} →
 * {@code total_amount}, {@code created_at} → {@code placed_at}, {@code paid} → {@code is_paid}),
 * dropped {@code note} and retyped the rest: legacy {@code integer customer_id} → {@code bigint},
 * {@code numeric(12,2)} → {@code numeric(14,2)}, {@code text status} → {@code varchar(20)}
 * (MariaDB: {@code varchar(16)} → {@code varchar(20)}), zone-less {@code timestamp created_at}
 * (MariaDB: {@code datetime(6)}) → {@code timestamptz} (as UTC). {@link #IDENTICAL} keeps the
 * service's table a copy of the legacy one (same names, same types).
 */
enum BenchSchema {
    REALISTIC(List.of("order_id", "customer", "total_amount", "status", "placed_at", "updated_at", "is_paid"),
            List.of("id", "customer_id", "total", "status", "created_at", "updated_at", "paid"),
            "CREATE TABLE orders (order_id bigint PRIMARY KEY, customer bigint NOT NULL, total_amount numeric(14,2) NOT NULL,"
                    + " status varchar(20) NOT NULL, placed_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,"
                    + " is_paid boolean NOT NULL)"),
    IDENTICAL(OrdersTable.COLUMNS, OrdersTable.COLUMNS, OrdersTable.ddl("orders", false, true));

    private final List<String> targetColumns;
    private final List<String> sourceColumns;
    private final String targetDdl;

    BenchSchema(List<String> targetColumns, List<String> sourceColumns, String targetDdl) {
        this.targetColumns = targetColumns;
        this.sourceColumns = sourceColumns;
        this.targetDdl = targetDdl;
    }

    /** {@code realistic} or {@code identical}; anything else is bad usage (exit 2). */
    static BenchSchema parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "realistic" -> REALISTIC;
            case "identical" -> IDENTICAL;
            default -> throw DecantException.badConfig("--schema: '" + text + "' is not a benchmark schema; use realistic or identical");
        };
    }

    /** Whether the legacy table has the retyped columns (zone-less timestamp, integer customer id). */
    boolean retypedSource() {
        return this == REALISTIC;
    }

    /** The service's table, on PostgreSQL, named {@code orders}. */
    String targetDdl() {
        return targetDdl;
    }

    /** The service's columns, in mapping order. */
    List<String> targetColumns() {
        return targetColumns;
    }

    /** The legacy columns each of {@link #targetColumns()} is copied from. */
    List<String> sourceColumns() {
        return sourceColumns;
    }

    String targetKey() {
        return targetColumns.get(0);
    }

    /** The service's column of the legacy {@code total}. */
    String targetTotal() {
        return targetColumns.get(2);
    }

    /** The migration's {@code columns:} entry of decant.yaml (none when the names are the same). */
    String columnsYaml() {
        if (this == IDENTICAL) {
            return "";
        }
        StringBuilder s = new StringBuilder("    columns: {");
        for (int i = 0; i < targetColumns.size(); i++) {
            s.append(i == 0 ? " " : ", ").append(targetColumns.get(i)).append(": ").append(sourceColumns.get(i));
        }
        return s.append(" }\n").toString();
    }

    /**
     * A PostgreSQL select list over the legacy table giving the service's columns with their types,
     * each value as Decant converts it (a zone-less timestamp as UTC): how the verify bench fills the
     * service's table.
     */
    String selectAsTarget() {
        if (this == IDENTICAL) {
            return String.join(", ", sourceColumns);
        }
        return "id, customer_id::bigint, total::numeric(14,2), status::varchar(20), created_at AT TIME ZONE 'UTC', updated_at, paid";
    }
}
