/**
 * Decant's public API: {@link io.decant.Decant} opens a configured instance, {@link io.decant.Migration}
 * routes a monolith's writes and reads by phase, {@link io.decant.Phase} names the phases and
 * {@link io.decant.DecantException} carries every error with its {@link io.decant.ErrorCode}.
 */
package io.decant;
