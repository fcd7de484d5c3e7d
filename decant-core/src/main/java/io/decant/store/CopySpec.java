package io.decant.store;

import io.decant.spi.RowMapper;
import java.util.Optional;

/**
 * What a backfill copies: the source columns read and the target columns written, position by
 * position ({@code source.columns().get(i)} lands in {@code target.columns().get(i)}), unless a
 * row mapper turns each source row (all of {@code source.columns()}) into a target row (the
 * columns of {@code target.columns()}). Where {@code target.version()} is set, an existing target
 * row is only overwritten by an equal or newer version.
 */
public record CopySpec(TableRef source, TableRef target, Optional<RowMapper> rowMapper) {
    public CopySpec {
        rowMapper = rowMapper == null ? Optional.empty() : rowMapper;
        if (rowMapper.isEmpty() && source.columns().size() != target.columns().size()) {
            throw new IllegalArgumentException("source columns " + source.columns() + " and target columns "
                    + target.columns() + " must pair up when no row mapper is given");
        }
        if (source.key().size() != target.key().size()) {
            throw new IllegalArgumentException("source key " + source.key() + " and target key " + target.key()
                    + " differ in size");
        }
    }
}
