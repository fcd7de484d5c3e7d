package io.decant.internal.repair;

import io.decant.ProgressListener;
import io.decant.RepairResult;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.Intent;
import io.decant.control.JournalEntry;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.TableStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Drains one migration's repair journal. Entries are claimed with a lease (so several processes
 * can repair at once and one key is repaired by one of them at a time); for each key both rows are
 * fetched, the store holding the latest acknowledged write is chosen (the journaled direction: a
 * certain one, or for a difference nobody recorded, the authoritative store's) and its current state — the row, or its absence — is copied to the other store. After the copy the
 * source row is read again; if a concurrent write changed it, the copy is repeated, so a repair
 * never leaves an older state behind a newer acknowledged write.
 */
public final class Repairer {
    private static final int BATCH = 100;
    private static final int MAX_COPIES = 6;
    private static final int MAX_ERRORS_KEPT = 10;
    /** How long a run without {@code follow} keeps retrying keys whose dual writes stay in flight. */
    static final Duration BUSY_PATIENCE = Duration.ofSeconds(15);
    private static final Duration BUSY_PAUSE = Duration.ofMillis(50);
    /** The outcome (and stored error) of a key whose dual write in the other order stayed in flight. */
    static final String BUSY = "the row kept changing, or a dual write of it in the other order stayed in flight;"
            + " it stays journaled";

    private final ControlStore control;
    private final TableMapping mapping;
    private final TableStore legacy;
    private final TableStore target;
    private final String worker;
    private final Duration lease;
    private final Duration deadAfter;
    private final Duration idlePause;
    private final LegacyDefaults legacyDefaults;

    public Repairer(ControlStore control, TableMapping mapping, TableStore legacy, TableStore target, String worker,
                    Duration lease, Duration deadAfter, Duration idlePause) {
        this(control, mapping, legacy, target, worker, lease, deadAfter, idlePause, LegacyDefaults.NONE);
    }

    /** @param legacyDefaults added to a row copied new→legacy when legacy does not hold the key (an insert) */
    public Repairer(ControlStore control, TableMapping mapping, TableStore legacy, TableStore target, String worker,
                    Duration lease, Duration deadAfter, Duration idlePause, LegacyDefaults legacyDefaults) {
        this.legacyDefaults = legacyDefaults == null ? LegacyDefaults.NONE : legacyDefaults;
        this.control = control;
        this.mapping = mapping;
        this.legacy = legacy;
        this.target = target;
        this.worker = worker;
        this.lease = lease;
        this.deadAfter = deadAfter;
        this.idlePause = idlePause;
    }

    private String migration() {
        return mapping.migration().name();
    }

    /**
     * Resolves stale intents and drains the journal. Without {@code follow} it stops when nothing is
     * left, or when a whole round repaired nothing (every claimed entry failed again) — but a key
     * whose dual write in the other order stayed in flight is tried again for up to
     * {@link #BUSY_PATIENCE} before it is left journaled (counted as busy); with {@code follow} it keeps going until
     * the thread is interrupted.
     */
    public RepairResult run(boolean follow, ProgressListener progress) {
        long repaired = 0;
        long intents = 0;
        List<String> errors = new ArrayList<>();
        Set<Long> failedIds = new HashSet<>();
        Map<Long, Key> busyKeys = new HashMap<>();
        long patienceEnd = System.nanoTime() + BUSY_PATIENCE.toNanos();
        String task = "repair " + migration();
        while (!Thread.currentThread().isInterrupted()) {
            List<JournalEntry> batch;
            try {
                intents += resolveStaleIntents();
                batch = control.journal().claim(migration(), worker, BATCH, lease);
            } catch (RuntimeException e) {
                if (!follow) {
                    throw e;
                }
                progress.message("repair " + migration() + ": " + e.getMessage() + "; retrying");
                if (!pause(idlePause)) {
                    break;
                }
                continue;
            }
            int ok = 0;
            int busy = 0;
            for (JournalEntry e : batch) {
                String error = repair(e);
                if (error == null) {
                    ok++;
                    repaired++;
                    failedIds.remove(e.id());
                    busyKeys.remove(e.id());
                } else if (BUSY.equals(error)) {
                    busy++;
                    busyKeys.put(e.id(), e.key());
                    failedIds.remove(e.id());
                } else {
                    failedIds.add(e.id());
                    busyKeys.remove(e.id());
                    if (errors.size() < MAX_ERRORS_KEPT) {
                        errors.add(error);
                    }
                }
            }
            if (ok > 0) {
                progress.update(task, repaired, -1);
            }
            if (batch.isEmpty() || ok == 0) {
                if (!follow && busy > 0 && System.nanoTime() < patienceEnd) {
                    if (!pause(BUSY_PAUSE)) {
                        break;
                    }
                    continue;
                }
                if (!follow || !pause(idlePause)) {
                    break;
                }
            }
        }
        for (Key k : busyKeys.values()) {
            if (errors.size() < MAX_ERRORS_KEPT) {
                errors.add("key " + k + ": " + BUSY);
            }
        }
        return new RepairResult(repaired, failedIds.size(), busyKeys.size(), intents, errors);
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Turns intents left by interrupted dual writes into journal entries. Returns how many. */
    public int resolveStaleIntents() {
        int n = 0;
        for (;;) {
            List<Intent> stale = control.intents().stale(migration(), deadAfter, BATCH);
            if (stale.isEmpty()) {
                return n;
            }
            n += control.intents().resolveStale(migration(), stale, deadAfter);
            if (stale.size() < BATCH) {
                return n;
            }
        }
    }

    /**
     * Repairs one claimed entry; returns null on success, {@link #BUSY} when a dual write of the key
     * in the other order stayed in flight, else the error (the entry is released with it).
     */
    String repair(JournalEntry e) {
        try {
            if (!copy(e.key(), e.direction(), e.certain(), e)) {
                control.journal().fail(e, BUSY);
                return BUSY;
            }
            control.journal().complete(e);
            return null;
        } catch (RuntimeException ex) {
            String msg = "key " + e.key() + " (" + e.direction() + "): " + ex.getMessage();
            try {
                control.journal().fail(e, msg);
            } catch (RuntimeException failEx) {
                ex.addSuppressed(failEx);
            }
            return msg;
        }
    }

    /**
     * Repairs a difference that a verification found: an uncertain direction (see
     * {@link #copy(Key, Direction, boolean)}, which follows a certain journal entry of the key, if it
     * has one; the entry stays for the journal's repair, which then finds the stores agreeing).
     */
    public boolean copyDifference(Key key, Direction authoritative) {
        return copy(key, authoritative, false);
    }

    /** Copies a key that no journal entry stands for (see {@link #copy(Key, Direction, boolean, JournalEntry)}). */
    public boolean copy(Key key, Direction journaled, boolean certain) {
        return copy(key, journaled, certain, null);
    }

    /**
     * Copies the key's current state from the store that holds its latest write to the other. With a
     * {@code certain} direction (a failed second write, a stale intent, a NEW_ONLY write) that is the
     * journaled store; otherwise (a shadow mismatch, a verification difference) it is the store the
     * direction names, the authoritative one when the difference was found. A version column never
     * decides: a row stamped by a host clock running ahead looks newer than a later write (an
     * instance that still acts on LEGACY_ONLY writes legacy only, after another one's dual write of
     * the key, and legacy — authoritative — holds the latest write). What an authoritative copy can
     * settle "wrongly" is only a pair of concurrent writes that reached the stores in opposite
     * orders around the authority flip, where either outcome is one their callers could have seen.
     *
     * <p>Why a concurrent write cannot be overwritten by an older state:
     * <ol>
     * <li>The copy is a compare-and-set on the store copied into ({@link TableStore#replace}): it
     * writes only if that store still holds what was read. A write that lands there after the read
     * makes the copy miss, and the key is read again.
     * <li>Before the copy, the entry's seq is read again after the in-flight check. If the key was
     * journaled again since the claim — possibly in the other direction, by a write that landed
     * before our read — nothing is copied and the entry is released for a new claim with its new
     * direction (the model's finding E). The in-flight check comes first: a writer clears its intent
     * only after its own journal write committed, so a writer no longer in flight has its enqueue
     * visible to the seq check.
     * <li>After the copy the source is read again, and a change there starts the copy over. That is
     * enough for a writer that writes the source first. A writer in the other order (an instance that
     * has not seen the authority flip, or every writer when the journaled direction is not the
     * phase's) could write the store we copy into just before our copy and the source just after our
     * re-read; its intent stands from before its first write until after its second, so after the
     * copy, before the re-read, we look for an intent of the key in that order and retry while one is
     * in flight. Under {@code intents: async} an intent may be recorded after the writes have started;
     * there the check narrows the window and verification is the backstop.
     * </ol>
     *
     * <p>An uncertain copy (a shadow mismatch, a verification difference) decides nothing while a
     * write of the key is in flight in either order: the difference may be that write's own (its
     * second write still travelling), and copying meanwhile could put the other store's older row
     * over its first write. The write finishes, or journals its key. And when the key is journaled
     * with a certain direction (its second write failed, its intent outlived its instance, it was
     * written in NEW_ONLY), that direction is followed, as the journal's repair would. A write of the
     * key that starts after that check has its first write in the store the copy reads from (the
     * authoritative one) or is in the opposite order, which the post-copy check below waits out.
     *
     * @param entry the claimed journal entry this copy repairs, or null
     * @return true when the state was copied (or the entry was journaled again, and its next claim
     *         copies); false when the row kept changing or a dual write of it stayed in flight through
     *         every attempt (nothing is lost: the caller retries later)
     */
    public boolean copy(Key key, Direction journaled, boolean certain, JournalEntry entry) {
        for (int attempt = 0; attempt < MAX_COPIES; attempt++) {
            Optional<Row> l = legacy.fetch(key);
            Optional<Row> t = target.fetch(key);
            Optional<Row> legacyAsTarget = l.map(mapping.mapper()::toTarget);
            if (Row.sameState(legacyAsTarget, t)) {
                // the stores agree again (a later dual write wrote both): nothing to copy. A dual write
                // still in flight finishes on its own, or journals its key if its second write fails; but
                // a NEW_ONLY write in flight has no second write: its entry must stay until it landed
                if (control.intents().writeInFlight(migration(), key, journaled, deadAfter)) {
                    pauseFor(attempt);
                    continue;
                }
                return true;
            }
            if (!certain && (control.intents().writeInFlight(migration(), key, journaled, deadAfter)
                    || control.intents().writeInFlight(migration(), key, other(journaled), deadAfter))) {
                pauseFor(attempt); // uncertain: no decision while a write of the key is in flight, see above
                continue;
            }
            Direction from = journaled;
            if (!certain) {
                // looked up after the in-flight check: a write no longer in flight has its journal entry in place
                Optional<JournalEntry> journal = control.journal().entry(migration(), key);
                if (journal.isPresent() && journal.get().certain()) {
                    from = journal.get().direction();
                }
            }
            if (control.intents().writeInFlight(migration(), key, from, deadAfter)) {
                pauseFor(attempt);
                continue;
            }
            if (entry != null && !control.journal().unchanged(entry)) {
                return true; // journaled again since the claim: completing releases it for a claim in its new direction
            }
            boolean toTarget = from == Direction.LEGACY_TO_NEW;
            Optional<Row> state = toTarget ? l : t;
            Optional<Row> replacement = state.map(toTarget ? mapping.mapper()::toTarget : mapping.mapper()::toSource);
            if (!toTarget && l.isEmpty() && replacement.isPresent()) {
                // an insert into legacy (the compare-and-set writes only while legacy still holds no row):
                // unmapped NOT NULL columns take their legacy defaults. An update never touches them
                replacement = Optional.of(legacyDefaults.addTo(replacement.get(), control::now));
            }
            if (!(toTarget ? target : legacy).replace(key, toTarget ? t : l, replacement)) {
                continue; // the store copied into changed since the read
            }
            if (control.intents().writeInFlight(migration(), key, from, deadAfter)) {
                pauseFor(attempt);
                continue;
            }
            Optional<Row> again = (toTarget ? legacy : target).fetch(key);
            if (Row.sameState(state, again)) {
                return true;
            }
        }
        return false;
    }

    private static Direction other(Direction d) {
        return d == Direction.LEGACY_TO_NEW ? Direction.NEW_TO_LEGACY : Direction.LEGACY_TO_NEW;
    }

    /** A dual write takes milliseconds (its intent is cleared within a few more): wait a little longer each time. */
    private static void pauseFor(int attempt) {
        try {
            Thread.sleep(10L << Math.min(attempt, 4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a dual write of the key was in flight", e);
        }
    }
}
