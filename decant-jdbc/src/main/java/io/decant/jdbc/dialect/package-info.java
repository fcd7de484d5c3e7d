/**
 * SQL dialects of the supported engines: identifier quoting, table description and the SQL shapes
 * of single-row reads and writes (fetch, upsert, version-guarded upsert, delete). Dialects only
 * produce SQL and engine-specific bindings; they know nothing of phases or migrations.
 */
package io.decant.jdbc.dialect;
