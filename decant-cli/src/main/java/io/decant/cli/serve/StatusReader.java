package io.decant.cli.serve;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
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

    /**
     * The status of every configured migration that is registered in the control store, in
     * configuration order. One that {@code decant init} has not registered yet (a BAD_CONFIG from
     * the facade) is left out, so an empty list means "run decant init"; a store failure propagates.
     */
    List<StatusReport> all() {
        List<StatusReport> reports = new ArrayList<>();
        for (String name : config.migrations().keySet()) {
            try {
                reports.add(decant.status(name));
            } catch (DecantException e) {
                if (e.code() != ErrorCode.BAD_CONFIG) {
                    throw e;
                }
            }
        }
        return reports;
    }

    StatusReport one(String name) {
        return decant.status(name);
    }
}
