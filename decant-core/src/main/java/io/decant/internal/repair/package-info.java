/**
 * Repair: drains the repair journal and resolves stale intents by copying each key's current
 * state (its row, or its absence) from the store holding the latest acknowledged write to the
 * other, through the migration's column mapping. Written against the store SPI; no SQL here.
 */
package io.decant.internal.repair;
