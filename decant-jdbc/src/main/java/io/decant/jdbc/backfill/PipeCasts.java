package io.decant.jdbc.backfill;

import io.decant.jdbc.dialect.Dialect;
import io.decant.store.ColumnInfo;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The expression the source {@code SELECT} of a PostgreSQL→PostgreSQL binary {@code COPY} pipe reads
 * a column with, so that its binary form is the target column's type: the column as it is when the
 * two share a type (lengths, precisions and scales may differ: the target's binary input applies
 * its own, refusing a text longer than {@code varchar(n)} and rounding a decimal's scale exactly as
 * text input does), or a cast when the row path would give the same value — integers widened or
 * narrowed ({@code int4}→{@code int8}, an integer into {@code numeric}), and a zone-less timestamp
 * read as an instant in its store's {@code time-zone:} ({@code timestamp}→{@code timestamptz}), or
 * the reverse into a target whose zone is UTC. Anything else is empty: the chunk takes the row path.
 *
 * <p>Not cast, on purpose: floats (the row path widens a {@code real} through its shortest decimal
 * form, a cast does not), a decimal into an integer (a cast rounds, the row path refuses), and text
 * into other types (the row path's parsing decides those).
 */
final class PipeCasts {
    /** Types whose binary forms are the same string bytes: the target's input applies its length. */
    private static final Set<String> STRINGS = Set.of("text", "varchar", "bpchar");
    private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");

    private PipeCasts() {
    }

    /**
     * The expression for {@code quotedColumn} (of {@code source}, whose wall times are in
     * {@code sourceZone}) so that it arrives as {@code target} (in {@code targetZone}), or empty when
     * no cast gives the row path's value.
     */
    static Optional<String> expression(String quotedColumn, ColumnInfo source, ZoneId sourceZone, ColumnInfo target,
                                       ZoneId targetZone, Dialect dialect) {
        String s = source.typeName().toLowerCase(Locale.ROOT);
        String t = target.typeName().toLowerCase(Locale.ROOT);
        boolean sameZone = sourceZone.equals(targetZone);
        if (s.equals(t)) {
            // a timestamp between stores of different zones changes its wall time: the row path does that
            return sameZone || !"timestamp".equals(s) ? Optional.of(quotedColumn) : Optional.empty();
        }
        if (STRINGS.contains(s) && STRINGS.contains(t)) {
            return Optional.of(quotedColumn);
        }
        if (INTEGERS.contains(s) && (INTEGERS.contains(t) || "numeric".equals(t))) {
            return Optional.of("CAST(" + quotedColumn + " AS " + t + ")");
        }
        if ("timestamp".equals(s) && "timestamptz".equals(t)) {
            return Optional.of("(" + dialect.wallToUtcSql(quotedColumn, sourceZone) + " AT TIME ZONE 'UTC')");
        }
        if ("timestamptz".equals(s) && "timestamp".equals(t) && targetZone.normalized().equals(ZoneOffset.UTC)) {
            return Optional.of("(" + quotedColumn + " AT TIME ZONE 'UTC')");
        }
        return Optional.empty();
    }
}
