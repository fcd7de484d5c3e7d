package io.decant.store;

import java.math.BigDecimal;

/**
 * A limit a target column puts on the values of the source column mapped to it, which the source
 * table's rows are checked against before any is copied ({@link TableStore#countOutside}). Each
 * names the source column it is checked on.
 */
public sealed interface ValueBound {
    /** The source column whose values are checked. */
    String column();

    /** What a value outside the bound is, for messages (e.g. {@code longer than 20 characters}). */
    String describe();

    /** Text of at most {@code characters} characters ({@code varchar(n)}, {@code char(n)}). */
    record MaxCharacters(String column, int characters) implements ValueBound {
        @Override
        public String describe() {
            return "longer than " + characters + " characters";
        }
    }

    /** A number whose absolute value, rounded to {@code scale} digits after the point, is below {@code limit}. */
    record BelowAbsolute(String column, BigDecimal limit, int scale) implements ValueBound {
        @Override
        public String describe() {
            return "of absolute value " + limit.toPlainString() + " or more" + (scale > 0 ? " (rounded to " + scale + " decimals)" : "");
        }
    }

    /** A number with at most {@code scale} digits after the point (more would be rounded away). */
    record MaxScale(String column, int scale) implements ValueBound {
        @Override
        public String describe() {
            return "with more than " + scale + " digits after the point (they would be rounded)";
        }
    }

    /** An integer in {@code [min, max]}. */
    record IntegerRange(String column, long min, long max) implements ValueBound {
        @Override
        public String describe() {
            return "outside " + min + " … " + max;
        }
    }
}
