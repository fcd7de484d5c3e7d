/**
 * In-database hashing for verification: {@link io.decant.jdbc.verify.JdbcRangeHasher} cuts a
 * table's key space into spans and computes span digests and row hashes inside PostgreSQL or
 * MariaDB, over the canonical text of {@link io.decant.store.CanonicalText}. The per-engine SQL
 * expressions live in {@link io.decant.jdbc.verify.HashSql}'s two implementations, which only the
 * store's engine constructs ({@link io.decant.jdbc.engine.Engine#hashSql()}); the hasher is given one.
 */
package io.decant.jdbc.verify;
