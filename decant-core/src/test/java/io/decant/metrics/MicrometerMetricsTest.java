package io.decant.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.Phase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {

    @Test
    void writesFailuresLatencyAndJournalDepthArePublishedWithMigrationPhaseAndStoreTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsRecorder.Meters m = MicrometerMetrics.of(registry).migration("orders");
        m.write(Phase.DUAL_WRITE);
        m.write(Phase.DUAL_WRITE);
        m.writeFailure(Phase.DUAL_WRITE, StoreRole.NEW);
        m.latency(Phase.DUAL_WRITE, StoreRole.LEGACY, TimeUnit.MILLISECONDS.toNanos(3));
        m.journalDepth(7);
        assertThat(registry.get(MetricNames.WRITES).tag("migration", "orders").tag("phase", "DUAL_WRITE").counter().count()).isEqualTo(2);
        assertThat(registry.get(MetricNames.WRITE_FAILURES).tag("store", "new").tag("phase", "DUAL_WRITE").counter().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.WRITE_FAILURES).tag("store", "legacy").tag("phase", "DUAL_WRITE").counter().count()).isZero();
        assertThat(registry.get(MetricNames.STORE_LATENCY).tag("store", "legacy").tag("phase", "DUAL_WRITE").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
        assertThat(registry.get(MetricNames.JOURNAL_DEPTH).tag("migration", "orders").gauge().value()).isEqualTo(7);
    }

    @Test
    void aDecantOpenedAgainOnTheSameRegistryUpdatesTheJournalDepthGaugeAlreadyThere() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMetrics.of(registry).migration("orders").journalDepth(7);
        MetricsRecorder.Meters again = MicrometerMetrics.of(registry).migration("orders");
        again.journalDepth(3);
        assertThat(registry.get(MetricNames.JOURNAL_DEPTH).tag("migration", "orders").gauges()).hasSize(1);
        assertThat(registry.get(MetricNames.JOURNAL_DEPTH).tag("migration", "orders").gauge().value()).isEqualTo(3);
    }

    @Test
    void shadowOutcomesAreFourSeparateCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsRecorder.Meters m = MicrometerMetrics.of(registry).migration("orders");
        m.shadow(Phase.SHADOW_READ, ShadowOutcome.MATCHED);
        m.shadow(Phase.SHADOW_READ, ShadowOutcome.MATCHED);
        m.shadow(Phase.SHADOW_READ, ShadowOutcome.IGNORED);
        m.shadow(Phase.READ_NEW, ShadowOutcome.MISMATCHED);
        m.shadow(Phase.READ_NEW, ShadowOutcome.ERRORED);
        assertThat(registry.get(MetricNames.SHADOW_MATCHED).tag("phase", "SHADOW_READ").counter().count()).isEqualTo(2);
        assertThat(registry.get(MetricNames.SHADOW_IGNORED).tag("phase", "SHADOW_READ").counter().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.SHADOW_MISMATCHED).tag("phase", "READ_NEW").counter().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.SHADOW_ERRORED).tag("phase", "READ_NEW").counter().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.SHADOW_MATCHED).tag("phase", "READ_NEW").counter().count()).isZero();
    }

    @Test
    void somethingThatIsNotAMeterRegistryIsRefused() {
        assertThatThrownBy(() -> MicrometerMetrics.of("registry")).isInstanceOf(DecantException.class)
                .hasMessageContaining("expected a Micrometer MeterRegistry, got java.lang.String");
    }
}
