package io.decant.service.contract;

import java.util.List;

/** What a run of the contract found: each check by name, with what failed (null when it passed). */
public record ContractReport(List<Check> checks) {
    public record Check(String name, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    public ContractReport {
        checks = List.copyOf(checks);
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    /** Throws an AssertionError listing every failed check. */
    public void assertPassed() {
        if (!passed()) {
            throw new AssertionError(failures().size() + " of " + checks.size() + " contract checks failed:\n" + this);
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Check c : checks) {
            out.append(c.passed() ? "  pass  " : "  FAIL  ").append(c.name());
            if (!c.passed()) {
                out.append(": ").append(c.failure());
            }
            out.append('\n');
        }
        return out.toString();
    }
}
