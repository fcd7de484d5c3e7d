package io.decant.control;

/** Which way a repair copies a key: from the store that holds the latest acknowledged write to the other. */
public enum Direction {
    LEGACY_TO_NEW,
    NEW_TO_LEGACY
}
