package io.decant.control;

import io.decant.Phase;
import java.time.Instant;

/**
 * One line of the audit log: who moved which migration from where to where, and why.
 *
 * @param id        assigned by the control store (0 before it is stored)
 * @param migration the migration
 * @param at        when (control store clock; null before it is stored)
 * @param actor     who, as {@code user@host}
 * @param action    {@code advance}, {@code rollback}, {@code retire}, {@code restore}, …
 * @param from      phase before
 * @param to        phase after
 * @param version   phase version after
 * @param reason    the reason given, or null
 * @param forced    whether guards were overridden with --force
 * @param detail    anything else worth keeping (overridden guards, backup file, …), or null
 */
public record AuditEntry(long id, String migration, Instant at, String actor, String action, Phase from, Phase to,
                         long version, String reason, boolean forced, String detail) {
}
