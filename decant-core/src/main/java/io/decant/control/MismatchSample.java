package io.decant.control;

import io.decant.spi.Key;
import java.time.Instant;

/**
 * A sampled shadow mismatch with both values, rendered as text.
 *
 * @param migration    the migration
 * @param key          the key read
 * @param phaseVersion the phase version it was seen under
 * @param legacyValue  what the legacy read returned (text form; "∅" for empty)
 * @param newValue     what the new read returned
 * @param at           when (control store clock; null before stored)
 */
public record MismatchSample(String migration, Key key, long phaseVersion, String legacyValue, String newValue, Instant at) {
}
