package io.decant.config;

import io.decant.DecantException;
import java.util.regex.Pattern;

/**
 * Validates SQL identifiers that come from configuration. Only plain identifiers are accepted
 * (a letter or underscore, then letters, digits or underscores, at most 63 characters), with
 * one optional schema qualifier for table names. Anything else — quotes, spaces, semicolons,
 * comments — is refused, so no identifier can inject SQL; dialects still quote every identifier.
 */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

    private Identifiers() {
    }

    public static boolean isPlain(String s) {
        return s != null && PLAIN.matcher(s).matches();
    }

    /** A column name. {@code where} says where it was found, for the message. */
    public static String column(String s, String where) {
        if (!isPlain(s)) {
            throw DecantException.badConfig(where + ": '" + printable(s) + "' is not a plain SQL identifier"
                    + " (letters, digits and '_', starting with a letter or '_', at most 63 characters)");
        }
        return s;
    }

    /** A table name, optionally qualified by one schema ({@code schema.table}). */
    public static String table(String s, String where) {
        if (s == null) {
            throw DecantException.badConfig(where + ": a table name is required");
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 2 || !isPlain(parts[0]) || (parts.length == 2 && !isPlain(parts[1]))) {
            throw DecantException.badConfig(where + ": '" + printable(s) + "' is not a plain table name"
                    + " (an identifier, optionally qualified as schema.table)");
        }
        return s;
    }

    /** A name of ours (store, migration, row mapper): letters, digits, '_' and '-'. */
    public static String name(String s, String where) {
        if (s == null || !NAME.matcher(s).matches()) {
            throw DecantException.badConfig(where + ": '" + printable(s) + "' is not a valid name"
                    + " (letters, digits, '_' and '-', starting with a letter)");
        }
        return s;
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
