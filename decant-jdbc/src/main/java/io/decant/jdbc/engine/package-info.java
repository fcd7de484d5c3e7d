/**
 * The one engine seam per database: which engine a store is — PostgreSQL or MariaDB/MySQL — decided
 * once, when its {@link io.decant.jdbc.engine.Database} is opened, from the configured JDBC URL or
 * from the metadata of the application's data source ({@link io.decant.jdbc.engine.Engine#forUrl},
 * {@link io.decant.jdbc.engine.Engine#of}). ("Engine" here is the database engine, not one of
 * Decant's engines such as the backfill.)
 *
 * <p>{@link io.decant.jdbc.engine.Engine} has exactly two implementations, {@code PostgresEngine} and
 * {@code MariaDbEngine}, package-private: they are the only classes that know which database they
 * speak to, and the only ones that construct the engine's SQL vocabularies — the
 * {@link io.decant.jdbc.dialect.Dialect}, the control store's {@link io.decant.jdbc.control.ControlSql},
 * verification's {@link io.decant.jdbc.verify.HashSql} — which they hand out. Every other question on
 * which the engines differ is a method of its own (how a pool connects, how an application's session
 * is lent and given back, row-value comparisons, the share-lock clause, a relaxed commit, the
 * {@code COPY} protocol, row versions' transaction ids, the load probe); the statements that answer
 * them are written in the two implementations. Engine-neutral code — this module's other packages and
 * {@code decant-service} — asks the engine and never tests which one it has; the layering test
 * ({@code ArchitectureTest} in decant-cli) fails when code outside this package names an engine's own
 * class.
 *
 * <p>{@link io.decant.jdbc.engine.Database} holds a store's engine with its pool (or the application's
 * data source, lent through {@link io.decant.jdbc.engine.BorrowedSessions}) and its tables.
 */
package io.decant.jdbc.engine;
