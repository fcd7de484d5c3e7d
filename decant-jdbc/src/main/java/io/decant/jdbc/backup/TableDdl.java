package io.decant.jdbc.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.dialect.Dialect;
import io.decant.store.ColumnDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code CREATE TABLE} from a backup's column definitions. Declared types come from a file, so
 * only plain built-in type names are accepted: words from {@link #TYPE_WORDS} (such as
 * {@code character varying}, {@code timestamp with time zone}, {@code int unsigned}), one
 * parenthesized length or precision and scale, a trailing {@code []}, and on MariaDB a
 * {@code CHARACTER SET x COLLATE y} suffix. Clauses such as {@code DEFAULT}, {@code UNIQUE},
 * {@code REFERENCES} or {@code CHECK}, quoted text and user-defined types are refused rather than
 * put into SQL. A column gets the check its dialect says its kind needs (a MariaDB JSON column is its
 * {@code longtext} with the {@code json_valid} check that makes it JSON).
 */
final class TableDdl {
    private static final Pattern PLAIN_TYPE = Pattern.compile("([a-z][a-z0-9 ]{0,60}?) ?(\\([0-9]{1,5}(, ?[0-9]{1,5})?\\))?"
            + "( [a-z ]{1,40})?(\\[\\])?( character set [a-z0-9_]{1,64} collate [a-z0-9_]{1,64})?", Pattern.CASE_INSENSITIVE);
    static final Set<String> TYPE_WORDS = Set.of("smallint", "integer", "int", "bigint", "tinyint", "mediumint", "int2",
            "int4", "int8", "numeric", "decimal", "real", "double", "precision", "float", "float4", "float8", "boolean",
            "bool", "bit", "varying", "character", "char", "varchar", "text", "tinytext", "mediumtext", "longtext", "bytea",
            "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary", "date", "time", "timestamp", "datetime",
            "year", "with", "without", "zone", "interval", "uuid", "json", "jsonb", "unsigned", "zerofill", "inet",
            "cidr", "macaddr", "money", "xml", "oid");

    private TableDdl() {
    }

    static String create(Dialect dialect, String table, List<ColumnDefinition> columns, List<String> key) {
        String body = columns.stream().map(c -> dialect.quote(c.name()) + " " + type(c)
                + (c.nullable() ? "" : " NOT NULL")
                + dialect.columnCheck(c.name(), c.kind()).map(check -> " " + check).orElse(""))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + dialect.quoteTable(table) + " (" + body + ", PRIMARY KEY (" + dialect.columnList(key) + "))";
    }

    private static String type(ColumnDefinition c) {
        String type = c.declaredType();
        if (type == null || !isPlainType(type)) {
            throw new DecantException(ErrorCode.FAILURE, "cannot recreate column '" + c.name() + "' of type '" + type
                    + "' from the backup; create the table by hand and run restore again");
        }
        return type;
    }

    /** Whether {@code type} is a built-in type name with at most a length, {@code []} and a character set. */
    static boolean isPlainType(String type) {
        Matcher m = PLAIN_TYPE.matcher(type);
        if (!m.matches()) {
            return false;
        }
        String words = m.group(1) + (m.group(4) == null ? "" : " " + m.group(4));
        for (String w : words.trim().split(" +")) {
            if (!TYPE_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}
