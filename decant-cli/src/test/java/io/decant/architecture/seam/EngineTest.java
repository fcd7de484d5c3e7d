package io.decant.architecture.seam;

import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.dialect.PostgresDialect;

/** Engine-neutral code that picks a dialect itself, for the test that shows the engine seam rule can fail. */
public final class EngineTest {
    public Dialect dialect(boolean postgres) {
        return postgres ? new PostgresDialect() : null;
    }
}
