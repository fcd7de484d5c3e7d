/**
 * The control store on PostgreSQL and MariaDB: Decant's own tables ({@code decant_*}), a
 * versioned schema ({@link io.decant.jdbc.control.ControlSchema}) and
 * {@link io.decant.jdbc.control.JdbcControlStore}, which implements
 * {@link io.decant.control.ControlStore} over one table group per concern (phases and audit,
 * instances, journal, intents, evidence). Every time comes from the database clock and is stored
 * in UTC. Engine differences live in {@link io.decant.jdbc.control.ControlSql}, whose two
 * implementations ({@code PostgresControlSql}, {@code MariaDbControlSql}, with
 * {@code PostgresNewOnlyRecord}) only the store's engine constructs
 * ({@link io.decant.jdbc.engine.Engine#controlSql()}); the tables ask it, by a method per question
 * (data-modifying CTEs, array parameters, a relaxed commit, NEW_ONLY writes in one statement), and
 * never which engine they are on.
 */
package io.decant.jdbc.control;
