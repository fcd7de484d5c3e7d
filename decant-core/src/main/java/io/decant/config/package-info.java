/**
 * Configuration: {@link io.decant.config.DecantConfig} and its parts, loaded from {@code decant.yaml}
 * or built in Java through the same validating constructors.
 */
package io.decant.config;
