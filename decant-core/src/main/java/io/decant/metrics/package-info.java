/**
 * Metrics: Decant records through {@link io.decant.metrics.MetricsRecorder} (a no-op by default);
 * {@link io.decant.metrics.MicrometerMetrics} binds it to a Micrometer registry when one is given.
 * Micrometer is an optional dependency, loaded only then. Every meter name is in
 * {@link io.decant.metrics.MetricNames}.
 */
package io.decant.metrics;
