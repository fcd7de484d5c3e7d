package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.config.Guard;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A live system is never momentarily idle: with a steady share of failed second writes (a flaky
 * network to the service) the journal always holds a few young entries while a repairer drains it.
 * The {@code journal-empty} guard asks what safety needs — no entry waiting longer than twice
 * {@code dead-after}, no stale intent — so the move to SHADOW_READ passes while the failures go on,
 * and afterwards every acknowledged write is in both stores.
 */
class JournalGuardUnderFailuresIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void theJournalGuardPassesWhileARepairerKeepsUpWithSteadyFailures(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant decant = fx.open(Decant.builder(fx.config(TwoStores.fastInstances(), TwoStores.shadow(),
                    Set.of(Guard.BACKFILL_COMPLETE, Guard.VERIFY_CLEAN))));
            decant.init();
            fx.setPhase(Phase.DUAL_WRITE);
            Migration orders = decant.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());
            Ledger ledger = new Ledger();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failed = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (long n = 0; !stop.get(); n++) {
                    long id = 1 + n % 300;
                    Order o = new Order(id, 3, n, "S" + n);
                    boolean fail = n % 4 == 0; // every fourth second write fails
                    orders.write(id, () -> fx.legacy.upsert(o), () -> {
                        if (fail) {
                            failed.incrementAndGet();
                            throw new IllegalStateException("service unreachable (injected)");
                        }
                        fx.target.upsert(o);
                    });
                    ledger.ack(o);
                    TwoStores.sleep(3);
                }
            });
            Thread repairer = new Thread(() -> decant.repair(TwoStores.MIGRATION, true, null), "repair-follow");
            repairer.setDaemon(true);
            repairer.start();
            List<String> evidence = new ArrayList<>();
            boolean moved = false;
            try {
                while (failed.get() < 20) {
                    TwoStores.sleep(20);
                }
                for (int attempt = 0; attempt < 10 && !moved; attempt++) {
                    try {
                        List<PhaseChange> changes = decant.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(Phase.SHADOW_READ),
                                Duration.ofSeconds(10), false, null, "ops@it"));
                        changes.forEach(c -> c.guards().forEach(g -> evidence.add(g.toString())));
                        moved = true;
                    } catch (DecantException refused) {
                        evidence.add(refused.getMessage() + " " + refused.details());
                        TwoStores.sleep(200);
                    }
                }
                int before = failed.get();
                while (failed.get() < before + 10) {
                    TwoStores.sleep(20); // the failures go on after the move
                }
            } finally {
                stop.set(true);
                writer.get(30, TimeUnit.SECONDS);
                repairer.interrupt();
                repairer.join(30_000);
            }
            assertThat(moved).as("moved to SHADOW_READ under steady failures: %s", evidence).isTrue();
            assertThat(evidence).as("the journal guard passed with entries waiting, or an empty journal")
                    .anyMatch(e -> e.contains("journal-empty") && e.startsWith("ok"));

            decant.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();
            ledger.check(fx, "after the failures and a last repair");
        }
    }
}
