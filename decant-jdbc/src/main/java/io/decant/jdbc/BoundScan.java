package io.decant.jdbc;

import io.decant.jdbc.dialect.Dialect;
import io.decant.store.ValueBound;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One scan of a table counting, for each {@link ValueBound}, the rows whose value lies outside it:
 * {@code SELECT SUM(CASE WHEN <outside> THEN 1 ELSE 0 END), … FROM table}, in SQL both engines
 * read alike, every limit a bound parameter. NULL is never outside.
 */
final class BoundScan {
    private final String sql;
    private final List<Object> parameters = new ArrayList<>();

    /**
     * @param quotedColumn the quoted column name of a bound's (configured) column name
     */
    BoundScan(Dialect dialect, String table, List<ValueBound> bounds, UnaryOperator<String> quotedColumn) {
        List<String> sums = new ArrayList<>();
        for (ValueBound b : bounds) {
            String c = quotedColumn.apply(b.column());
            String outside;
            if (b instanceof ValueBound.MaxCharacters m) {
                parameters.add(m.characters());
                outside = "CHAR_LENGTH(" + c + ") > ?";
            } else if (b instanceof ValueBound.BelowAbsolute a) {
                // no ABS(): it overflows on the smallest bigint
                String rounded = a.scale() > 0 ? "ROUND(" + c + ", " + a.scale() + ")" : c;
                parameters.add(a.limit());
                parameters.add(a.limit().negate());
                outside = rounded + " >= ? OR " + rounded + " <= ?";
            } else if (b instanceof ValueBound.MaxScale m) {
                outside = c + " <> ROUND(" + c + ", " + m.scale() + ")";
            } else {
                ValueBound.IntegerRange r = (ValueBound.IntegerRange) b;
                parameters.add(r.min());
                parameters.add(r.max());
                outside = c + " < ? OR " + c + " > ?";
            }
            sums.add("SUM(CASE WHEN " + outside + " THEN 1 ELSE 0 END)");
        }
        this.sql = "SELECT " + String.join(", ", sums) + " FROM " + dialect.quoteTable(table);
    }

    String sql() {
        return sql;
    }

    void bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object p : parameters) {
            if (p instanceof Integer n) {
                ps.setInt(i++, n);
            } else if (p instanceof Long n) {
                ps.setLong(i++, n);
            } else {
                ps.setBigDecimal(i++, (BigDecimal) p);
            }
        }
    }
}
