/**
 * The control store on PostgreSQL and MariaDB: Decant's own tables ({@code decant_*}), a
 * versioned schema ({@link io.decant.jdbc.control.ControlSchema}) and
 * {@link io.decant.jdbc.control.JdbcControlStore}, which implements
 * {@link io.decant.control.ControlStore} over one table group per concern (phases and audit,
 * instances, journal, intents, evidence). Every time comes from the database clock and is stored
 * in UTC. Engine differences live in {@link io.decant.jdbc.control.ControlSql}.
 */
package io.decant.jdbc.control;
