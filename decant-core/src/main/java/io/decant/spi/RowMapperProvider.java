package io.decant.spi;

import java.util.Map;

/**
 * Supplies named row mappers to processes that cannot register them in code, such as the
 * {@code decant} command line. Implementations are found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/io.decant.spi.RowMapperProvider} file in a jar); the CLI launcher
 * puts the jars listed in {@code DECANT_CLASSPATH} on its class path. A mapper registered with
 * {@code Decant.builder(config).rowMapper(name, mapper)} takes precedence over a provided one.
 */
public interface RowMapperProvider {
    /** Row mappers by the name a migration's {@code row-mapper:} uses. */
    Map<String, RowMapper> rowMappers();
}
