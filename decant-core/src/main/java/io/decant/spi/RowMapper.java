package io.decant.spi;

/**
 * Transforms a row between the legacy table's shape and the new table's shape, for mappings
 * beyond renames (split or merged columns, changed units, changed types). Registered by name with
 * {@code Decant.builder(config).rowMapper(name, mapper)} and chosen with {@code row-mapper:} in a
 * migration. Without one, the rename mapping of {@code columns:} applies.
 *
 * <p>Both directions are needed: repair copies rows legacy→new and, around the authority flip and
 * after a rollback, new→legacy. Key columns must map to the same key values both ways.
 */
public interface RowMapper {
    /** The target (new) row for a source (legacy) row. */
    Row toTarget(Row source);

    /** The source (legacy) row for a target (new) row. */
    Row toSource(Row target);
}
