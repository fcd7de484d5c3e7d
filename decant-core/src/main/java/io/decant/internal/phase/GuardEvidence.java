package io.decant.internal.phase;

import io.decant.control.BackfillRecord;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the guards look at. Each method is asked only by the guards that need it, so a live
 * implementation can fetch lazily; tests give fixed values.
 */
public interface GuardEvidence {
    /** The migration's state before the move. */
    MigrationState state();

    /** The control store's clock. */
    Instant now();

    /** Stores that did not answer a ping, by name, with the error; empty when all answered. */
    Map<String, String> unreachableStores();

    /** Problems of the mapping against both tables' schemas; empty when it fits. */
    List<String> schemaProblems();

    Optional<BackfillRecord> backfill();

    Optional<VerificationRecord> verification();

    long journalDepth();

    /** How long the oldest undeferred journal entry has waited, by the control store's clock; empty when none waits. */
    Optional<Duration> oldestJournalEntryAge();

    /**
     * Intents of dual writes interrupted between their two writes (stale, see the control store),
     * not yet turned into journal entries: each is a key the stores may disagree on.
     */
    long staleIntents();

    /** Shadow counts under the current phase version. */
    ShadowCounts shadowCounts();

    List<InstanceStatus> instances();

    /** Instances without a heartbeat for this long are dead. */
    Duration deadAfter();

    /** The {@code key-source} verdict on handing key generation to the new store ({@link KeyGenerators#check}). */
    default io.decant.GuardResult keySource() {
        return KeyGenerators.NONE.check(true);
    }

    /**
     * Inserts with a database-generated key cut off before their key was recorded, swept and waiting for
     * a full verification (see the control store's intents).
     */
    default long unverifiedInserts() {
        return 0;
    }
}
