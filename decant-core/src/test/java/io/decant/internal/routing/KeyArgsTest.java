package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.spi.Key;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyArgsTest {

    @Test
    void aSingleValueAListAndAKeyAllBecomeTheSameKey() {
        assertThat(KeyArgs.toKey(42)).isEqualTo(Key.of(42L));
        assertThat(KeyArgs.toKey(List.of("eu", 7))).isEqualTo(Key.of("eu", 7L));
        Key k = Key.of(5);
        assertThat(KeyArgs.toKey(k)).isSameAs(k);
        UUID u = UUID.randomUUID();
        assertThat(KeyArgs.toKey(u)).isEqualTo(Key.of(u.toString()));
    }

    @Test
    void aKeyWithTheWrongNumberOfValuesIsRefusedNamingBothCounts() {
        assertThatThrownBy(() -> KeyArgs.check(List.of(1, 2), 1, "orders")).isInstanceOf(DecantException.class)
                .hasMessageContaining("the key has 2 values but the table's key has 1 column");
        assertThatThrownBy(() -> KeyArgs.check(7, 2, "orders")).hasMessageContaining("has 1 value but the table's key has 2 columns");
    }

    @Test
    void nullKeysAndNullKeyValuesAreRefused() {
        assertThatThrownBy(() -> KeyArgs.check(null, 1, "orders")).hasMessageContaining("the key is null");
        assertThatThrownBy(() -> KeyArgs.check(Arrays.asList("eu", null), 2, "orders"))
                .hasMessageContaining("key value 2 of 2 is null");
    }

    @Test
    void aWellFormedKeyPasses() {
        KeyArgs.check(1L, 1, "orders");
        KeyArgs.check(List.of("eu", 1), 2, "orders");
        KeyArgs.check(Key.of("eu", 1), 2, "orders");
        assertThat(KeyArgs.toKey(List.of("eu", 1)).size()).isEqualTo(2);
    }
}
