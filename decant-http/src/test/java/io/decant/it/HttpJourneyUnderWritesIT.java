package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.AdvanceRequest;
import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.RepairResult;
import io.decant.StatusReport;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.BackfillSettings;
import io.decant.config.DecantConfig;
import io.decant.config.IntentMode;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.config.ShadowSettings;
import io.decant.config.TableConfig;
import io.decant.config.VerifySettings;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole journey with the target table behind the service's API: {@link TwoStores}, the JDBC
 * path's fixture, with Decant reaching the target through decant-service's endpoint ({@code http:}
 * store, {@link ServedTarget}) over a real database — PostgreSQL in one run, MariaDB in the other,
 * the legacy database on the other engine. Two library instances (one with the background
 * repairer) keep inserting, updating, deleting and reading through {@link Migration#write} and
 * {@link Migration#read} the whole time, their store writes failing now and then (the monolith's
 * new-write path is the service's table itself, by plain SQL), while the operator runs, through the
 * HTTP store: the guards, the backfill, {@code verify --repair}, verify, the shadow reads, the
 * repairs, the phases up to NEW_ONLY, a rollback across the authority flip to SHADOW_READ (the keys
 * written in NEW_ONLY copied back from the service), forward again to NEW_ONLY and a rollback to
 * READ_NEW. At the end both tables, read with plain SQL, hold exactly what the ledger of
 * acknowledged writes says, and nothing else.
 */
class HttpJourneyUnderWritesIT {
    private static final int ROWS = 3000;
    private static final int KEYS = ROWS + 600;
    private static final int WRITERS_PER_INSTANCE = 4;
    /** Percent of store writes that fail (each store), while failures are not held back. */
    private static final int FAILING_PERCENT = 3;
    private static final Duration BARRIER = Duration.ofSeconds(30);
    private static final long DWELL_MILLIS = 1200;
    /** Mean pause of a writer thread between two calls. */
    private static final int PACE_MILLIS = 6;
    /**
     * The pace from NEW_ONLY until a rollback drained: a rollback copies every key written in NEW_ONLY
     * back one at a time, waiting while a write of the key is in flight, so the monolith writes ten
     * times slower meanwhile (as the JDBC path's chaos test does).
     */
    private static final int SLOW_PACE_MILLIS = 60;

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}, the target behind the service's API")
    @MethodSource("topologies")
    void theJourneyThroughTheServicesApiUnderConcurrentWritersLosesNoAcknowledgedWrite(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology, new ServedTarget())) {
            assertThat(fx.targetStore.isHttp()).as("the target store is the service's endpoint").isTrue();
            Ledger ledger = new Ledger();
            seed(fx, ledger);
            DecantConfig config = config(fx);
            Decant operator = fx.open(Decant.builder(config).instanceId("operator"));
            operator.init();
            Decant a = fx.open(Decant.builder(config).instanceId("monolith-a"));
            Decant b = fx.open(Decant.builder(config).instanceId("monolith-b").backgroundRepair(true));
            Writers writers = new Writers(fx, ledger, List.of(a.migration(TwoStores.MIGRATION), b.migration(TwoStores.MIGRATION)));
            Journey journey = new Journey(operator, writers, fx);
            List<Phase> path = new ArrayList<>();
            BackfillResult backfilled;
            VerifyReport repairedByVerify;
            long deferredAtRollback;
            writers.start();
            try {
                path.add(journey.advance(Phase.DUAL_WRITE));
                backfilled = journey.backfill();
                repairedByVerify = journey.verify(true);
                journey.verifyClean();
                path.add(journey.advance(Phase.SHADOW_READ));
                journey.awaitShadowSamples();
                journey.verifyClean();
                path.add(journey.advance(Phase.READ_NEW));
                journey.dwell();
                writers.pace(SLOW_PACE_MILLIS);
                path.add(journey.advance(Phase.NEW_ONLY));
                journey.dwell();
                deferredAtRollback = operator.status(TwoStores.MIGRATION).deferredDepth();
                // across the authority flip: the keys written in NEW_ONLY are copied back from the service
                path.add(journey.rollback(Phase.SHADOW_READ));
                writers.pace(PACE_MILLIS);
                journey.dwell();
                journey.awaitShadowSamples();
                journey.verifyClean();
                path.add(journey.advance(Phase.READ_NEW));
                writers.pace(SLOW_PACE_MILLIS);
                path.add(journey.advance(Phase.NEW_ONLY));
                journey.dwell();
                path.add(journey.rollback(Phase.READ_NEW));
                writers.pace(PACE_MILLIS);
                journey.dwell();
            } finally {
                writers.stop();
            }
            writers.assertNoUnexpectedFailure();
            // monolith-b's background repairer drains what the last writes left (a repairer stopped
            // mid-batch would leave its claims to expire), then the instances leave the registry
            journey.awaitDrained();
            a.close();
            b.close();
            journey.drain();
            VerifyReport last = journey.verifyClean();
            journey.log("writes acknowledged " + writers.acknowledged + ", failed " + writers.failed + " (" + writers.injected
                    + " store writes failed on purpose), reads " + writers.reads + "; backfill " + backfilled.rowsCopied() + " rows in "
                    + backfilled.chunksCopied() + " chunks (" + backfilled.chunksMerged() + " merged) via " + backfilled.method()
                    + "; verify --repair repaired " + repairedByVerify.repaired() + "; " + deferredAtRollback
                    + " keys written in NEW_ONLY at the rollback across the flip; final verify " + last.rowsCompared() + " rows");

            assertThat(path).containsExactly(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.NEW_ONLY, Phase.SHADOW_READ,
                    Phase.READ_NEW, Phase.NEW_ONLY, Phase.READ_NEW);
            assertThat(backfilled.method()).as("the backfill loaded chunks through the service's API").contains("HTTP");
            assertThat(backfilled.rowsCopied()).as("rows the backfill copied").isPositive();
            assertThat(deferredAtRollback).as("keys written in NEW_ONLY, copied back by the rollback").isPositive();
            assertThat(writers.acknowledged.get()).as("acknowledged writes").isGreaterThan(500);
            assertThat(writers.injected.get()).as("store writes that failed on purpose").isPositive();
            assertThat(writers.reads.get()).isPositive();
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();
            ledger.check(fx, "after the journey through the service's API");
            assertThat(fx.differences()).as("legacy vs service, by plain SQL").isEmpty();
            assertThat(fx.legacy.rows()).hasSizeGreaterThan(ROWS / 2);
        }
    }

    /** Orders 1..ROWS in the legacy table before anything starts, in the ledger as they are. */
    private static void seed(TwoStores fx, Ledger ledger) {
        fx.legacy.db.execute(fx.topology.legacy() == Engine.POSTGRES
                ? "INSERT INTO orders (id, customer_id, total_cents, status) SELECT g, g % 50, g * 10, 'NEW'"
                + " FROM generate_series(1, " + ROWS + ") g"
                : "INSERT INTO orders (id, customer_id, total_cents, status) SELECT seq, seq % 50, seq * 10, 'NEW'"
                + " FROM seq_1_to_" + ROWS);
        for (long id = 1; id <= ROWS; id++) {
            ledger.seed(new Order(id, id % 50, id * 10, "NEW"));
        }
    }

    /** The fixture's migration with small chunks and spans, quick instances and a shadow threshold that failed writes do not hold back. */
    private static DecantConfig config(TwoStores fx) {
        DecantConfig plain = fx.config();
        MigrationConfig m = new MigrationConfig(TwoStores.MIGRATION,
                new TableConfig("legacy", "orders", List.of("id"), Optional.empty()),
                new TableConfig("svc", "orders_v2", List.of("order_id"), Optional.empty()), TwoStores.columns(), Optional.empty(),
                new BackfillSettings(250, 0, 2, Duration.ofSeconds(10)),
                new ShadowSettings(100, 100, 0.95, Duration.ofMillis(50), 100, 4),
                new VerifySettings(Duration.ofHours(1), Duration.ofMillis(200), 400),
                RetireSettings.defaults(), IntentMode.SYNC, Set.of());
        return new DecantConfig(plain.control(), plain.stores(), Map.of(TwoStores.MIGRATION, m), plain.instances(), Optional.empty());
    }

    /**
     * The monolith: writer threads in each library instance insert, update and delete keys 1..KEYS
     * and read them; writes of one key take turns (the monolith's row lock). A store write fails on
     * purpose now and then, unless failures are held back. Every call's outcome goes to the ledger.
     */
    private static final class Writers {
        private final TwoStores fx;
        private final Ledger ledger;
        private final List<Migration> instances;
        private final ReentrantLock[] rowLocks = new ReentrantLock[KEYS + 1];
        private final List<Thread> threads = new ArrayList<>();
        private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong injected = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        private volatile boolean running = true;
        private volatile boolean failuresHeld;
        private volatile int paceMillis = PACE_MILLIS;

        Writers(TwoStores fx, Ledger ledger, List<Migration> instances) {
            this.fx = fx;
            this.ledger = ledger;
            this.instances = instances;
            for (int i = 0; i < rowLocks.length; i++) {
                rowLocks[i] = new ReentrantLock();
            }
        }

        void start() {
            for (Migration orders : instances) {
                for (int w = 0; w < WRITERS_PER_INSTANCE; w++) {
                    Thread t = new Thread(() -> loop(orders), "writer-" + threads.size());
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
            }
        }

        private void loop(Migration orders) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (running) {
                long key = 1 + rnd.nextInt(KEYS);
                int op = rnd.nextInt(10);
                rowLocks[(int) key].lock();
                try {
                    if (op < 3) {
                        orders.read(key, () -> fx.legacy.find(key), () -> fx.target.find(key));
                        reads.incrementAndGet();
                    } else {
                        write(orders, rnd, key, op == 9);
                    }
                } catch (Throwable e) {
                    if (unexpected.size() < 20) {
                        unexpected.add(e);
                    }
                } finally {
                    rowLocks[(int) key].unlock();
                }
                pause(rnd);
            }
        }

        private void write(Migration orders, ThreadLocalRandom rnd, long key, boolean delete) {
            Order o = new Order(key, rnd.nextInt(100), rnd.nextLong(1_000_000), rnd.nextBoolean() ? "NEW" : "PAID");
            boolean failLegacy = !failuresHeld && rnd.nextInt(100) < FAILING_PERCENT;
            boolean failNew = !failuresHeld && !failLegacy && rnd.nextInt(100) < FAILING_PERCENT;
            Runnable legacyWrite = () -> {
                if (failLegacy) {
                    injected.incrementAndGet();
                    throw new IllegalStateException("legacy write failed (injected)");
                }
                if (delete) {
                    fx.legacy.delete(key);
                } else {
                    fx.legacy.upsert(o);
                }
            };
            Runnable newWrite = () -> {
                if (failNew) {
                    injected.incrementAndGet();
                    throw new IllegalStateException("service write failed (injected)");
                }
                if (delete) {
                    fx.target.delete(key);
                } else {
                    fx.target.upsert(o);
                }
            };
            String reply;
            try {
                orders.write(key, legacyWrite, newWrite);
                reply = "ok " + key;
                acknowledged.incrementAndGet();
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("(injected)")) {
                    throw e;
                }
                reply = "failed " + key + " " + e.getMessage();
                failed.incrementAndGet();
            }
            synchronized (ledger) {
                if (delete) {
                    ledger.deleted(key, reply);
                } else {
                    ledger.upserted(o, reply);
                }
            }
        }

        /** From now on, each thread pauses {@code millis} on average between two calls. */
        void pace(int millis) {
            paceMillis = millis;
        }

        private void pause(ThreadLocalRandom rnd) {
            try {
                Thread.sleep(rnd.nextInt(2 * paceMillis + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }

        /** Runs {@code step} with no store write failing on purpose meanwhile (writes go on). */
        <T> T failuresHeld(Supplier<T> step) {
            failuresHeld = true;
            try {
                return step.get();
            } finally {
                failuresHeld = false;
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }

        void assertNoUnexpectedFailure() {
            assertThat(unexpected).as("failures of the monolith's calls other than the injected ones").isEmpty();
        }
    }

    /** The operator's steps through the facade, each asked again while the evidence is not there yet (as an operator would). */
    private static final class Journey {
        private final Decant operator;
        private final Writers writers;
        private final TwoStores fx;
        private final long start = System.nanoTime();

        Journey(Decant operator, Writers writers, TwoStores fx) {
            this.operator = operator;
            this.writers = writers;
            this.fx = fx;
        }

        void log(String what) {
            System.out.printf("[http journey %s, %5.1f s] %s%n", fx.topology, (System.nanoTime() - start) / 1e9, what);
        }

        private <T> T retrying(String what, Supplier<T> step) {
            DecantException last = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                try {
                    return step.get();
                } catch (DecantException e) {
                    log(what + " failed (" + e.code() + "): " + e.getMessage().lines().findFirst().orElse("")
                            + (e.details().isEmpty() ? "" : " " + e.details()) + "; again");
                    if (e.code() == ErrorCode.BAD_CONFIG) {
                        throw e;
                    }
                    last = e;
                    if (e.code() == ErrorCode.GUARD_REFUSED) {
                        operator.repair(TwoStores.MIGRATION, false, null);
                    }
                    TwoStores.sleep(300);
                }
            }
            throw new AssertionError(what + " kept failing", last);
        }

        Phase advance(Phase to) {
            List<PhaseChange> changes = writers.failuresHeld(() -> retrying("advance to " + to, () -> {
                if (operator.status(TwoStores.MIGRATION).phase() == to) {
                    return List.of();
                }
                return operator.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(to), BARRIER, false, null, "ops@it"));
            }));
            changes.forEach(c -> log(c.from() + " -> " + c.to() + " (barrier " + c.barrierMillis() + " ms)"));
            return operator.status(TwoStores.MIGRATION).phase();
        }

        Phase rollback(Phase to) {
            PhaseChange c = writers.failuresHeld(() -> retrying("rollback to " + to, () -> operator.rollback(TwoStores.MIGRATION, to,
                    "http journey: back under writes", BARRIER, "ops@it")));
            log(c.from() + " -> " + c.to() + " (rollback, barrier " + c.barrierMillis() + " ms)");
            return operator.status(TwoStores.MIGRATION).phase();
        }

        /** The backfill, with writes (and their failures) going on. */
        BackfillResult backfill() {
            BackfillResult r = retrying("backfill", () -> {
                BackfillResult b = operator.backfill(TwoStores.MIGRATION, BackfillOptions.defaults(), null);
                if (!b.completed()) {
                    throw new DecantException(ErrorCode.FAILURE, "backfill not completed yet");
                }
                return b;
            });
            log("backfill: " + r);
            return r;
        }

        VerifyReport verify(boolean repair) {
            VerifyReport r = writers.failuresHeld(() -> retrying("verify", () -> operator.verify(TwoStores.MIGRATION,
                    VerifyOptions.defaults().withRepair(repair), null)));
            log("verify" + (repair ? " --repair" : "") + ": " + r.differences() + " differences, " + r.repaired() + " repaired, "
                    + r.inFlight() + " in flight, " + r.rowsCompared() + " rows");
            return r;
        }

        /** Verifies (repairing what a run finds, and running again) until a run is clean. */
        VerifyReport verifyClean() {
            return writers.failuresHeld(() -> retrying("verify until clean", () -> {
                VerifyReport r = operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults(), null);
                if (!r.clean()) {
                    log("verify: " + r.differences() + " persistent differences " + r.samples().stream()
                            .map(d -> d.kind() + " " + d.key()).limit(5).toList() + "; repairing");
                    operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null);
                    throw new DecantException(ErrorCode.FAILURE, "verify found " + r.differences() + " differences");
                }
                return r;
            }));
        }

        /**
         * Waits until the shadow reads under the current phase version are enough, and consistent
         * enough, for the READ_NEW guard (mismatches of keys whose service write failed, until repaired,
         * are honest ones).
         */
        void awaitShadowSamples() {
            ShadowSettings wanted = operator.config().migration(TwoStores.MIGRATION).shadow();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            StatusReport.Shadow s;
            do {
                TwoStores.sleep(200);
                s = operator.status(TwoStores.MIGRATION).shadow();
            } while ((s.matched() + s.mismatched() < wanted.minSamples() || s.consistency() < wanted.consistency())
                    && System.nanoTime() < deadline);
            log("shadow reads: " + s.matched() + " matched, " + s.mismatched() + " mismatched, " + s.errored() + " errored");
        }

        /** The monolith goes on in this phase for a while, its store writes failing now and then. */
        void dwell() {
            TwoStores.sleep(DWELL_MILLIS);
        }

        /** The journal's entries as the control store holds them (for a failure's message). */
        String journalRows() {
            StringBuilder b = new StringBuilder();
            try (java.sql.Connection c = fx.controlSide().pool.getConnection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT key_text, direction, deferred, seq, attempts, last_error, claimed_by,"
                         + " claimed_until, enqueued_at FROM decant_journal")) {
                while (rs.next()) {
                    b.append("\n  ");
                    for (int i = 1; i <= 9; i++) {
                        b.append(i > 1 ? " | " : "").append(rs.getString(i));
                    }
                }
            } catch (java.sql.SQLException e) {
                b.append(e);
            }
            return b.toString();
        }

        /** Waits (up to a minute) until the instances' own repairer emptied the journal and no intent is left stale. */
        void awaitDrained() {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            StatusReport s = operator.status(TwoStores.MIGRATION);
            while ((s.journalDepth() > 0 || s.staleIntents() > 0) && System.nanoTime() < deadline) {
                TwoStores.sleep(200);
                s = operator.status(TwoStores.MIGRATION);
            }
            log("after the writers stopped: journal " + s.journalDepth() + ", stale intents " + s.staleIntents());
        }

        /**
         * Repairs until the journal is empty and no stale intent is left; an entry a stopped repairer
         * still holds is taken once its claim expired.
         */
        void drain() {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                RepairResult r = operator.repair(TwoStores.MIGRATION, false, null);
                StatusReport s = operator.status(TwoStores.MIGRATION);
                if (s.journalDepth() == 0 && s.staleIntents() == 0) {
                    log("drained: " + r);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the journal did not drain: " + s.journalDepth() + " entries, " + s.staleIntents()
                            + " stale intents (the last repair: " + r + "):" + journalRows());
                }
                TwoStores.sleep(500);
            }
        }
    }
}
