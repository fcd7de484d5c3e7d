package io.decant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.config.StoreConfig;
import io.decant.config.TableConfig;
import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecantBuilderTest {
    static final DecantConfig CONFIG = new DecantConfig(null,
            Map.of("legacy", new StoreConfig("legacy", "jdbc:postgresql://127.0.0.1:5432/shop", "shop", "s3cret")),
            Map.of("orders", new MigrationConfig("orders", new TableConfig("legacy", "orders", List.of("id"), Optional.empty()),
                    new TableConfig("legacy", "orders_v2", List.of("id"), Optional.empty()), Map.of(), Optional.empty(), null, null,
                    null, null, null, null)),
            null, Optional.empty());

    static final RowMapper IDENTITY = new RowMapper() {
        @Override
        public Row toTarget(Row source) {
            return source;
        }

        @Override
        public Row toSource(Row target) {
            return target;
        }
    };

    @Test
    void aComparatorForAnUnknownMigrationIsBadConfigNamingTheKnownOnes() {
        assertThatThrownBy(() -> Decant.builder(CONFIG).comparator("invoices", ShadowComparator.equality()))
                .isInstanceOfSatisfying(DecantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageContaining("unknown migration 'invoices'").hasMessageContaining("known migrations: orders");
    }

    @Test
    void aRowMapperNeedsAValidNameAndAMapper() {
        assertThatThrownBy(() -> Decant.builder(CONFIG).rowMapper("bad name;", IDENTITY)).isInstanceOf(DecantException.class)
                .hasMessageContaining("is not a valid name");
        assertThatThrownBy(() -> Decant.builder(CONFIG).rowMapper("cents", null)).hasMessageContaining("the mapper is null");
    }

    @Test
    void openingConnectsToNothingAndOperationsOnAnUnknownMigrationAreBadConfig() {
        try (Decant d = Decant.builder(CONFIG).rowMapper("cents", IDENTITY).open()) {
            assertThat(d.config()).isSameAs(CONFIG);
            assertThatThrownBy(() -> d.migration("invoices")).isInstanceOfSatisfying(DecantException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG));
            assertThatThrownBy(() -> d.status("invoices")).hasMessageContaining("unknown migration 'invoices'");
        }
    }

    @Test
    void aClosedDecantRefusesWork() {
        Decant d = Decant.open(CONFIG);
        d.close();
        assertThatThrownBy(() -> d.migration("orders")).isInstanceOfSatisfying(DecantException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILURE)).hasMessageContaining("closed");
    }
}
