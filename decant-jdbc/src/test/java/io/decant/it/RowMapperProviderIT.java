package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.control.Direction;
import io.decant.control.JournalOrigin;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A row mapper provided through ServiceLoader (as the CLI gets one from DECANT_CLASSPATH) is used by repair. */
class RowMapperProviderIT {

    @Test
    void aProvidedRowMapperIsFoundByNameAndRepairCopiesThroughIt() {
        try (TwoStores fx = new TwoStores(new Topology(Engine.POSTGRES, Engine.MARIADB, false))) {
            DecantConfig plain = fx.config();
            MigrationConfig m = plain.migration(TwoStores.MIGRATION);
            MigrationConfig mapped = new MigrationConfig(m.name(), m.source(), m.target(), m.columns(),
                    Optional.of(UppercaseStatusMappers.NAME), m.backfill(), m.shadow(), m.verify(), m.retire(), m.intents(),
                    m.disabledGuards());
            DecantConfig config = new DecantConfig(plain.control(), plain.stores(), Map.of(m.name(), mapped),
                    plain.instances(), Optional.empty());
            Decant ops = fx.open(Decant.builder(config));
            ops.init();
            fx.setPhase(Phase.DUAL_WRITE);

            fx.legacy.upsert(new Order(7, 70, 700, "shipped"));
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(7L)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
            ops.repair(TwoStores.MIGRATION, false, ProgressListener.NONE);

            assertThat(fx.target.find(7)).contains(new Order(7, 70, 700, "SHIPPED"));
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();
        }
    }
}
