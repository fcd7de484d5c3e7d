package io.decant.jdbc.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.dialect.Dialect;
import io.decant.spi.ColumnDefinition;
import io.decant.spi.ValueKind;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code CREATE TABLE} from a backup's column definitions. Declared types come from a file, so
 * only plain type spellings are accepted (letters, digits, spaces, a parenthesized list of
 * numbers, words such as a character set and collation, a trailing {@code []}); anything else is
 * refused rather than put into SQL. A MariaDB JSON column is its {@code longtext} with the
 * {@code json_valid} check that makes it JSON.
 */
final class TableDdl {
    private static final Pattern PLAIN_TYPE =
            Pattern.compile("[A-Za-z][A-Za-z0-9_ ]{0,60}(\\([0-9 ,]{1,20}\\))?( [A-Za-z0-9_ ]{1,100})?(\\[\\])?");

    private TableDdl() {
    }

    static String create(Dialect dialect, String table, List<ColumnDefinition> columns, List<String> key, boolean postgres) {
        String body = columns.stream().map(c -> dialect.quote(c.name()) + " " + type(c)
                + (c.nullable() ? "" : " NOT NULL")
                + (!postgres && c.kind() == ValueKind.JSON ? " CHECK (json_valid(" + dialect.quote(c.name()) + "))" : ""))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + dialect.quoteTable(table) + " (" + body + ", PRIMARY KEY (" + dialect.columnList(key) + "))";
    }

    private static String type(ColumnDefinition c) {
        String type = c.declaredType();
        if (type == null || !PLAIN_TYPE.matcher(type).matches()) {
            throw new DecantException(ErrorCode.FAILURE, "cannot recreate column '" + c.name() + "' of type '" + type
                    + "' from the backup; create the table by hand and run restore again");
        }
        return type;
    }
}
