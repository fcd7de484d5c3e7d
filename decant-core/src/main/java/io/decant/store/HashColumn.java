package io.decant.store;

/**
 * One column as verification hashes it: the table's column and the kind whose canonical text it
 * is rendered as (see {@link CanonicalText}). The two sides of a mapped column pair are rendered
 * as the same kind, so equal values give equal text whatever the column types are on each side
 * (e.g. a MariaDB {@code tinyint(1)} and a PostgreSQL {@code boolean} both as BOOLEAN).
 *
 * @param column   the column's name in its table
 * @param encodeAs one of the kinds {@link CanonicalText#hashableInDatabase(ValueKind)} accepts
 */
public record HashColumn(String column, ValueKind encodeAs) {
    public HashColumn {
        if (!CanonicalText.hashableInDatabase(encodeAs)) {
            throw new IllegalArgumentException(encodeAs + " values are not hashed in the database");
        }
    }
}
