package io.decant.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which row hash a pair of stores compares with (the databases' side is covered by RowHashChoiceIT). */
class RowHashChoiceTest {
    private static final String MD5 = RangeHasher.PORTABLE_ROW_HASH;

    /** A hasher that offers functions with fixed probes and records which one it was asked to use. */
    private static final class Offering implements RangeHasher {
        final Map<String, Long> probes;
        final List<String> functions;
        final List<String> chosen = new ArrayList<>();

        Offering(List<String> functions, Map<String, Long> probes) {
            this.functions = functions;
            this.probes = probes;
        }

        @Override
        public List<String> rowHashFunctions() {
            return functions;
        }

        @Override
        public long probe(String function) {
            Long hash = probes.get(function);
            if (hash == null) {
                throw new DecantException(ErrorCode.FAILURE, "the server has no " + function);
            }
            return hash;
        }

        @Override
        public RangeHasher withRowHash(String function) {
            chosen.add(function);
            return this;
        }

        @Override
        public void splitKeys(KeySpan within, int rowsPerSpan, Consumer<Key> cuts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<KeyRangeDigest> digests(KeySpan span, List<Key> cuts, List<HashColumn> columns) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rowHashes(KeySpan span, List<HashColumn> columns, RowHashSink sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rows(KeySpan span, List<String> columns, Consumer<Row> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rowsAt(List<Key> keys, List<String> columns, Consumer<Row> sink) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void twoStoresOfOneEngineUseTheFasterHashTheyAgreeOn() {
        Offering source = new Offering(List.of("fast", MD5), Map.of("fast", 42L, MD5, 1L));
        Offering target = new Offering(List.of("fast", MD5), Map.of("fast", 42L, MD5, 1L));
        RowHashChoice choice = RowHashChoice.of(source, target);
        assertThat(choice.function()).isEqualTo("fast");
        assertThat(source.chosen).containsExactly("fast");
        assertThat(target.chosen).containsExactly("fast");
    }

    @Test
    void aTargetWithoutTheFasterHashGetsTheMd5() {
        Offering source = new Offering(List.of("fast", MD5), Map.of("fast", 42L, MD5, 1L));
        Offering target = new Offering(List.of(MD5), Map.of(MD5, 1L));
        assertThat(RowHashChoice.of(source, target).function()).isEqualTo(MD5);
        assertThat(target.chosen).containsExactly(MD5);
    }

    @Test
    void aFunctionWhoseProbesDisagreeOrFailGivesWayToTheNextOneBothAgreeOn() {
        Offering source = new Offering(List.of("fast", "broken", "sha", MD5), Map.of("fast", 42L, "sha", 7L, MD5, 1L));
        Offering target = new Offering(List.of("fast", "broken", "sha", MD5), Map.of("fast", 43L, "sha", 7L, MD5, 1L));
        assertThat(RowHashChoice.of(source, target).function()).isEqualTo("sha");
        assertThat(source.chosen).containsExactly("sha");
        assertThat(target.chosen).containsExactly("sha");
    }

    @Test
    void probesThatDisagreeFallBackToTheMd5() {
        Offering source = new Offering(List.of("fast", MD5), Map.of("fast", 42L, MD5, 1L));
        Offering target = new Offering(List.of("fast", MD5), Map.of("fast", 43L, MD5, 1L));
        assertThat(RowHashChoice.of(source, target).function()).isEqualTo(MD5);
        assertThat(source.chosen).containsExactly(MD5);
    }
}
