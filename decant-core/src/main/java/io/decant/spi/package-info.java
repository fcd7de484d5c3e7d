/**
 * What a user of the library hands to Decant: {@link io.decant.spi.Key} (a row's key),
 * {@link io.decant.spi.Row} and the {@link io.decant.spi.RowMapper}s that turn a legacy row into the
 * new store's row and back, found on the class path through {@link io.decant.spi.RowMapperProvider}.
 * The contracts a store implements live in {@code io.decant.driver}, {@code io.decant.store} and
 * {@code io.decant.control}.
 */
package io.decant.spi;
