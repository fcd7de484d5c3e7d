package io.decant.store;

/**
 * Portable kinds of column types. Two columns are compatible for a mapping when their kinds are
 * (see {@link #compatibleWith(ValueKind)}); the canonical encoding used for hashing and comparing
 * across engines is defined per kind.
 */
public enum ValueKind {
    INTEGER,
    DECIMAL,
    FLOAT,
    BOOLEAN,
    TEXT,
    TIMESTAMP,
    TIMESTAMP_TZ,
    DATE,
    TIME,
    BYTES,
    JSON,
    UUID,
    OTHER;

    /** Whether values of kind {@code from} can be written into a column of this kind without loss of meaning. */
    public boolean compatibleWith(ValueKind from) {
        if (this == from || this == OTHER || from == OTHER) {
            return true;
        }
        return switch (this) {
            case DECIMAL -> from == INTEGER;
            case FLOAT -> from == INTEGER || from == DECIMAL;
            case INTEGER -> from == BOOLEAN;
            case BOOLEAN -> from == INTEGER;
            case TEXT -> from == UUID || from == JSON || from == DECIMAL || from == INTEGER;
            case JSON, UUID -> from == TEXT;
            case TIMESTAMP -> from == TIMESTAMP_TZ || from == DATE;
            case TIMESTAMP_TZ -> from == TIMESTAMP;
            default -> false;
        };
    }
}
