package io.decant.cli.serve;

import io.decant.Decant;
import io.decant.StatusReport;
import io.decant.config.DecantConfig;
import java.util.ArrayList;
import java.util.List;

/** Reads the status of the configured migrations through the facade, for the page, the API and the gauges. */
final class StatusReader {
    private final Decant decant;
    private final DecantConfig config;

    StatusReader(Decant decant, DecantConfig config) {
        this.decant = decant;
        this.config = config;
    }

    /** Whether {@code name} is a configured migration. */
    boolean knows(String name) {
        return config.migrations().containsKey(name);
    }

    /** The configured migrations' names, joined for messages. */
    String known() {
        return config.migrations().isEmpty() ? "none is configured" : "known migrations: " + String.join(", ", config.migrations().keySet());
    }

    /** Every configured migration's status, in configuration order. */
    List<StatusReport> all() {
        List<StatusReport> reports = new ArrayList<>();
        for (String name : config.migrations().keySet()) {
            reports.add(decant.status(name));
        }
        return reports;
    }

    StatusReport one(String name) {
        return decant.status(name);
    }
}
