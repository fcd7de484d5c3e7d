package io.decant.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private final BearerToken token = BearerToken.of("s3cret-token-0123").orElseThrow();

    @Test
    void acceptsTheTokenAfterTheBearerScheme() {
        assertThat(token.accepts("Bearer s3cret-token-0123")).isTrue();
        assertThat(token.accepts("bearer s3cret-token-0123")).isTrue();
    }

    @Test
    void refusesAWrongTruncatedOrExtendedToken() {
        assertThat(token.accepts("Bearer s3cret-token-0124")).isFalse();
        assertThat(token.accepts("Bearer s3cret")).isFalse();
        assertThat(token.accepts("Bearer s3cret-token-0123-and-more")).isFalse();
        assertThat(token.accepts("Bearer ")).isFalse();
    }

    @Test
    void refusesAMissingHeaderOrAnotherScheme() {
        assertThat(token.accepts(null)).isFalse();
        assertThat(token.accepts("")).isFalse();
        assertThat(token.accepts("s3cret-token-0123")).isFalse();
        assertThat(token.accepts("Basic s3cret-token-0123")).isFalse();
    }

    @Test
    void aBlankOrUnsetValueMeansNoToken() {
        assertThat(BearerToken.of(null)).isEmpty();
        assertThat(BearerToken.of("  ")).isEmpty();
        assertThat(BearerToken.fromEnvironment("DECANT_TEST_VARIABLE_THAT_IS_NEVER_SET")).isEmpty();
    }

    @Test
    void aTokenShorterThanSixteenCharactersIsRefused() {
        assertThatThrownBy(() -> BearerToken.of("x")).isInstanceOf(DecantException.class)
                .hasMessageContaining("the API token is 1 characters long; it must have at least 16");
        assertThatThrownBy(() -> BearerToken.of(" 0123456789abcde ")).hasMessageContaining("15 characters");
        assertThat(BearerToken.of("0123456789abcdef")).isPresent();
    }

    @Test
    void neverShowsTheTokenInItsTextForm() {
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
