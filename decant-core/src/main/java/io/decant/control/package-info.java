/**
 * Decant's own state, the control store, by role: the phase log, the instance registry, the repair
 * journal, the intents, the evidence (verifications, backfills, shadow counts) and the leases of the
 * backfill's chunks and the verification's spans. {@link io.decant.control.ControlStore} reaches each
 * role; decant-jdbc keeps them in {@code decant_*} tables.
 */
package io.decant.control;
