package io.decant;

import java.util.Locale;
import java.util.Optional;

/**
 * The phases of a migration, in order. Which store is authoritative, where writes go and
 * which store answers reads all follow from the phase (see README.md, "Phases").
 */
public enum Phase {
    LEGACY_ONLY,
    DUAL_WRITE,
    SHADOW_READ,
    READ_NEW,
    NEW_ONLY,
    RETIRED;

    /** True when the legacy store holds the authoritative copy (up to SHADOW_READ). */
    public boolean legacyIsAuthoritative() {
        return ordinal() <= SHADOW_READ.ordinal();
    }

    /** True when the other store is written too (DUAL_WRITE, SHADOW_READ, READ_NEW). */
    public boolean writesBoth() {
        return this == DUAL_WRITE || this == SHADOW_READ || this == READ_NEW;
    }

    /** True when a second read is made and compared (SHADOW_READ, READ_NEW). */
    public boolean comparesReads() {
        return this == SHADOW_READ || this == READ_NEW;
    }

    public boolean isBefore(Phase other) {
        return ordinal() < other.ordinal();
    }

    public Optional<Phase> next() {
        return this == RETIRED ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
    }

    /** Parses a phase name as written on the command line: case and '-' vs '_' do not matter. */
    public static Optional<Phase> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Phase p : values()) {
            if (p.name().equals(normal)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
