package io.decant.demo;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@code decant demo} runs.
 *
 * @param rows            legacy rows created before the migration starts
 * @param instances       simulated monolith instances (each one {@code Decant} library instance)
 * @param writers         writer threads per instance
 * @param readers         reader threads per instance
 * @param duration        how long the monolith runs under load in each phase (split across the phases)
 * @param legacyMariaDb   whether the monolith's database is MariaDB (needs {@code mariadbUrl})
 * @param postgresUrl     a PostgreSQL server to use instead of the embedded one
 * @param mariadbUrl      a MariaDB server for the monolith
 * @param faults          whether to inject the outage and the crash
 * @param seed            seed of the data generator and the writers' choices
 * @param shadowSamples   shadow comparisons the READ_NEW guard asks for
 * @param workDir         where the decant.yaml copy, the backup file and the service process's log go
 * @param serviceApi      whether the service is a separate process that Decant and the monolith reach
 *                        only through its API ({@code --service-api}), else through its database
 */
public record DemoSettings(long rows, int instances, int writers, int readers, Duration duration, boolean legacyMariaDb,
                           Optional<String> postgresUrl, Optional<String> mariadbUrl, boolean faults, long seed,
                           long shadowSamples, java.nio.file.Path workDir, boolean serviceApi) {
    public static final long DEFAULT_ROWS = 200_000;
    public static final int DEFAULT_INSTANCES = 2;
    public static final int DEFAULT_WRITERS = 4;
    public static final int DEFAULT_READERS = 2;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(20);
    public static final long DEFAULT_SHADOW_SAMPLES = 500;

    public DemoSettings {
        postgresUrl = postgresUrl == null ? Optional.empty() : postgresUrl;
        mariadbUrl = mariadbUrl == null ? Optional.empty() : mariadbUrl;
    }

    /** Settings of a demo whose service is reached through its database. */
    public DemoSettings(long rows, int instances, int writers, int readers, Duration duration, boolean legacyMariaDb,
                        Optional<String> postgresUrl, Optional<String> mariadbUrl, boolean faults, long seed,
                        long shadowSamples, java.nio.file.Path workDir) {
        this(rows, instances, writers, readers, duration, legacyMariaDb, postgresUrl, mariadbUrl, faults, seed, shadowSamples,
                workDir, false);
    }

    /** The dwell time in each of the phases the monolith is watched in. */
    public Duration dwell() {
        return duration.dividedBy(4);
    }
}
