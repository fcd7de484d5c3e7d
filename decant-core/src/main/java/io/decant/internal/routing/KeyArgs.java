package io.decant.internal.routing;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Key;
import java.util.List;

/**
 * A key as callers pass it: a single value, a {@link List} of values for a composite key, or a
 * {@link Key}. Checked on every call (cheaply, allocating nothing), converted only when needed.
 */
public final class KeyArgs {
    private KeyArgs() {
    }

    /** Fails unless {@code key} has {@code arity} non-null values. */
    public static void check(Object key, int arity, String migration) {
        int n;
        if (key == null) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "migration " + migration + ": the key is null");
        } else if (key instanceof Key k) {
            n = k.size();
        } else if (key instanceof List<?> l) {
            n = l.size();
            for (int i = 0; i < n; i++) {
                if (l.get(i) == null) {
                    throw new DecantException(ErrorCode.BAD_CONFIG, "migration " + migration + ": key value " + (i + 1)
                            + " of " + n + " is null; key columns must not be NULL");
                }
            }
        } else {
            n = 1;
        }
        if (n != arity) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "migration " + migration + ": the key has " + n + " value"
                    + (n == 1 ? "" : "s") + " but the table's key has " + arity + " column" + (arity == 1 ? "" : "s")
                    + "; pass a List with one value per key column, in key order");
        }
    }

    public static Key toKey(Object key) {
        if (key instanceof Key k) {
            return k;
        }
        if (key instanceof List<?> l) {
            return Key.of(l);
        }
        return Key.of(key);
    }
}
