package io.decant.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private final BearerToken token = BearerToken.of("s3cret-token").orElseThrow();

    @Test
    void acceptsTheTokenAfterTheBearerScheme() {
        assertThat(token.accepts("Bearer s3cret-token")).isTrue();
        assertThat(token.accepts("bearer s3cret-token")).isTrue();
    }

    @Test
    void refusesAWrongTruncatedOrExtendedToken() {
        assertThat(token.accepts("Bearer s3cret-tokem")).isFalse();
        assertThat(token.accepts("Bearer s3cret")).isFalse();
        assertThat(token.accepts("Bearer s3cret-token-and-more")).isFalse();
        assertThat(token.accepts("Bearer ")).isFalse();
    }

    @Test
    void refusesAMissingHeaderOrAnotherScheme() {
        assertThat(token.accepts(null)).isFalse();
        assertThat(token.accepts("")).isFalse();
        assertThat(token.accepts("s3cret-token")).isFalse();
        assertThat(token.accepts("Basic s3cret-token")).isFalse();
    }

    @Test
    void aBlankOrUnsetValueMeansNoToken() {
        assertThat(BearerToken.of(null)).isEmpty();
        assertThat(BearerToken.of("  ")).isEmpty();
        assertThat(BearerToken.fromEnvironment("DECANT_TEST_VARIABLE_THAT_IS_NEVER_SET")).isEmpty();
    }

    @Test
    void neverShowsTheTokenInItsTextForm() {
        assertThat(token.toString()).doesNotContain("s3cret");
        assertThat(new ServeSettings("127.0.0.1", 0, BearerToken.of("s3cret-token"), "X").toString()).doesNotContain("s3cret");
    }
}
