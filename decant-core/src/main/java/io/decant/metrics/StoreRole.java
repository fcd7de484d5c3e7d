package io.decant.metrics;

import java.util.Locale;

/** Which of a migration's two stores a measurement is about; the {@code store} tag's value. */
public enum StoreRole {
    LEGACY,
    NEW;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
