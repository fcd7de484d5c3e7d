package io.decant.architecture.cycle.b;

/** The other half of the deliberate package cycle. */
public final class Downstream {
    public io.decant.architecture.cycle.a.Upstream back() {
        return new io.decant.architecture.cycle.a.Upstream();
    }
}
