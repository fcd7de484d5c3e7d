package io.decant.spring;

import io.decant.Decant;

/** Adds to the {@link Decant.Builder} before the starter opens it: row mappers, shadow comparators. */
@FunctionalInterface
public interface DecantBuilderCustomizer {
    void customize(Decant.Builder builder);
}
