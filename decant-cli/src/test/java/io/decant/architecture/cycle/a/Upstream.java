package io.decant.architecture.cycle.a;

/** Half of a deliberate package cycle, for the test that shows the cycle rule can fail. */
public final class Upstream {
    public io.decant.architecture.cycle.b.Downstream next() {
        return new io.decant.architecture.cycle.b.Downstream();
    }
}
