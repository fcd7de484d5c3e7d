package io.decant.internal.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.GuardResult;
import io.decant.control.KeyFence;
import io.decant.store.KeySource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyGeneratorsTest {
    /** A generator at a fixed position over a table with a fixed largest key. */
    record Fixed(String describe, long nextValue, OptionalLong maxKey) implements KeySource {
        @Override
        public String moveToSql(long next) {
            return "MOVE " + describe + " TO " + next;
        }

        @Override
        public boolean movesOnlyWhenDrawn() {
            return true;
        }

        @Override
        public boolean droppedWithTable() {
            return true;
        }

        @Override
        public List<String> otherUsers() {
            return List.of();
        }
    }

    static KeyGenerators of(Fixed legacy, Fixed neu, KeyFence fence) {
        return new KeyGenerators("legacy", () -> Optional.ofNullable(legacy), "svc", () -> Optional.ofNullable(neu),
                () -> Optional.ofNullable(fence));
    }

    @Test
    void theNewGeneratorMustBePastBothTablesKeysAndRoomAboveLegacysGenerator() {
        Fixed legacy = new Fixed("seq_l", 5_001, OptionalLong.of(5_000));
        GuardResult behind = of(legacy, new Fixed("seq_n", 1, OptionalLong.of(5_000)), null).check(true);
        assertThat(behind.passed()).isFalse();
        assertThat(behind.evidence()).contains("seq_n hands out 1 next").contains("on store 'svc' run: MOVE seq_n TO "
                + (5_001 + KeyGenerators.MIN_ROOM + KeyGenerators.HEADROOM));
        // right above legacy's generator is not enough: inserts until the move would pass it
        assertThat(of(legacy, new Fixed("seq_n", 5_001, OptionalLong.of(5_000)), null).check(true).passed()).isFalse();
        assertThat(of(legacy, new Fixed("seq_n", 6_001, OptionalLong.of(5_000)), null).check(true).passed()).isTrue();
        // a key written into the new table past legacy's generator counts too
        assertThat(of(legacy, new Fixed("seq_n", 6_001, OptionalLong.of(7_000)), null).check(true).passed()).isFalse();
    }

    @Test
    void withoutAGeneratorOnTheTakingSideThereIsNothingToHandOver() {
        GuardResult r = of(new Fixed("seq_l", 10, OptionalLong.empty()), null, null).check(true);
        assertThat(r.passed()).isTrue();
        assertThat(r.evidence()).contains("nothing to hand over");
        assertThat(of(null, null, null).check(true).passed()).isTrue();
    }

    @Test
    void backToLegacyItNeedNotPassANewGeneratorThatHandedOutNothingSinceItTookOver() {
        KeyFence flipped = new KeyFence(106_001, true, OptionalLong.of(5_100), null);
        Fixed legacy = new Fixed("seq_l", 5_100, OptionalLong.of(5_099));
        assertThat(of(legacy, new Fixed("seq_n", 106_001, OptionalLong.of(5_099)), flipped).check(false).passed()).isTrue();
        GuardResult drawn = of(legacy, new Fixed("seq_n", 106_050, OptionalLong.of(106_049)), flipped).check(false);
        assertThat(drawn.passed()).isFalse();
        assertThat(drawn.evidence()).contains("on store 'legacy' run: MOVE seq_l TO");
    }

    @Test
    void aFenceGivesEachGeneratorItsSideOfTheBoundary() {
        KeyFence toNew = new KeyFence(1_000, true, OptionalLong.empty(), null);
        assertThat(toNew.allows(999, true)).isTrue();
        assertThat(toNew.allows(1_000, true)).isFalse();
        assertThat(toNew.allows(1_000, false)).isTrue();
        assertThat(toNew.allows(999, false)).isFalse();
        assertThat(toNew.ownerDirection(1_000)).isEqualTo(io.decant.control.Direction.NEW_TO_LEGACY);
        assertThat(toNew.ownerDirection(999)).isEqualTo(io.decant.control.Direction.LEGACY_TO_NEW);
        KeyFence back = new KeyFence(2_000, false, OptionalLong.empty(), null);
        assertThat(back.allows(2_000, true)).isTrue();
        assertThat(back.allows(1_999, true)).isFalse();
        assertThat(back.allows(1_500, false)).isTrue();
        assertThat(back.ownerDirection(2_000)).isEqualTo(io.decant.control.Direction.LEGACY_TO_NEW);
    }
}
