package io.decant.internal.repair;

import io.decant.ProgressListener;
import io.decant.RepairResult;
import io.decant.spi.ControlStore;
import io.decant.spi.Direction;
import io.decant.spi.Intent;
import io.decant.spi.JournalEntry;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.spi.TableStore;
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
 * fetched, the store holding the latest acknowledged write is chosen ({@link #copyFrom}) and its
 * current state — the row, or its absence — is copied to the other store. After the copy the
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

    public Repairer(ControlStore control, TableMapping mapping, TableStore legacy, TableStore target, String worker,
                    Duration lease, Duration deadAfter, Duration idlePause) {
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
                batch = control.claim(migration(), worker, BATCH, lease);
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
            List<Intent> stale = control.staleIntents(migration(), deadAfter, BATCH);
            if (stale.isEmpty()) {
                return n;
            }
            control.resolveIntents(migration(), stale);
            n += stale.size();
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
            if (!copy(e.key(), e.direction(), e.certain())) {
                control.fail(e, BUSY);
                return BUSY;
            }
            control.complete(e);
            return null;
        } catch (RuntimeException ex) {
            String msg = "key " + e.key() + " (" + e.direction() + "): " + ex.getMessage();
            try {
                control.fail(e, msg);
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

    /**
     * Copies the key's current state from the store that holds its latest write to the other. With a
     * {@code certain} direction (a failed second write, a stale intent, a NEW_ONLY write) that is the
     * journaled store, whatever a version column says; otherwise the version column, where there is
     * one, decides ({@link #copyFrom}).
     *
     * <p>Why a concurrent dual write cannot be overwritten by an older state: after the copy the
     * source is read again, and a change there starts the copy over. That alone is enough for a
     * writer that writes the source first — its write to the other store comes after its source
     * write, so after our copy. But a writer may write the stores in the other order: an instance
     * that has not yet seen the authority flip, or every writer when the journaled direction is not
     * the phase's (an entry left from before a phase change or a rollback). Such a writer's first
     * write (to the store we copy into) can land just before our copy, and its second (to the store
     * we copy from) just after our re-read, leaving our older state in place. Its intent stands from
     * before its first write until after its second, so after the copy, before the re-read, we look
     * for an intent of the key in that other order: a writer whose first write our copy may have
     * overwritten is then either still in flight (we copy again a moment later) or finished, and
     * then the re-read sees its second write. Under {@code intents: async} an intent may be recorded
     * after the writes have started; there the check narrows the window and verification is the
     * backstop, as for every other crash window of async intents.
     *
     * <p>An uncertain copy (a shadow mismatch, a verification difference) decides nothing while a
     * write of the key is in flight in either order: the difference may be that write's own (its
     * second write still travelling), and copying by the version column meanwhile could put an older
     * row over its first write — a row stamped by a host clock running ahead looks newer. The write
     * finishes, or journals its key. And when the key is journaled with a certain direction (its
     * second write failed, its intent outlived its instance, it was written in NEW_ONLY), that
     * direction is followed, unguarded, as the journal's repair would: a version column must not turn
     * it around. What is left: a write of the key that starts after that check, its first write
     * landing just before the copy.
     *
     * @return true when the state was copied; false when the row kept changing or a dual write of
     *         it stayed in flight through every attempt (nothing is lost: the caller retries later)
     */
    public boolean copy(Key key, Direction journaled, boolean certain) {
        for (int attempt = 0; attempt < MAX_COPIES; attempt++) {
            Optional<Row> l = legacy.fetch(key);
            Optional<Row> t = target.fetch(key);
            Optional<Row> legacyAsTarget = l.map(mapping.mapper()::toTarget);
            if (sameRow(legacyAsTarget, t)) {
                // the stores agree again (a later dual write wrote both): nothing to copy. A dual write
                // still in flight finishes on its own, or journals its key if its second write fails; but
                // a NEW_ONLY write in flight has no second write: its entry must stay until it landed
                if (control.writeInFlight(migration(), key, journaled, deadAfter)) {
                    pauseFor(attempt);
                    continue;
                }
                return true;
            }
            if (control.writeInFlight(migration(), key, journaled, deadAfter)
                    || !certain && control.writeInFlight(migration(), key, other(journaled), deadAfter)) {
                // certain: not needed for safety (the check after the copy is), but it keeps the copy from
                // showing an older row for a moment in the common case; uncertain: see above
                pauseFor(attempt);
                continue;
            }
            boolean followed = certain;
            Direction direction = journaled;
            if (!certain) {
                Optional<JournalEntry> entry = control.journalEntry(migration(), key);
                if (entry.isPresent() && entry.get().certain()) {
                    followed = true;
                    direction = entry.get().direction();
                }
            }
            Direction from = followed ? direction : copyFrom(journaled, legacyAsTarget, t, mapping.target().version().orElse(null));
            Optional<Row> state = from == Direction.LEGACY_TO_NEW ? l : t;
            write(key, from, state, followed);
            if (control.writeInFlight(migration(), key, from, deadAfter)) {
                pauseFor(attempt);
                continue;
            }
            Optional<Row> again = (from == Direction.LEGACY_TO_NEW ? legacy : target).fetch(key);
            if (sameRow(state, again)) {
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

    /**
     * Writes the state into the other store. An uncertain copy is version-guarded (it must not
     * overwrite a newer version); a certain one is not: the version it would compare may be the very
     * thing that is wrong (a host clock running ahead, a column of lower precision in one store).
     */
    private void write(Key key, Direction from, Optional<Row> state, boolean certain) {
        TableStore to = from == Direction.LEGACY_TO_NEW ? target : legacy;
        if (state.isEmpty()) {
            to.delete(key);
            return;
        }
        Row row = from == Direction.LEGACY_TO_NEW ? mapping.mapper().toTarget(state.get()) : mapping.mapper().toSource(state.get());
        Optional<String> version = from == Direction.LEGACY_TO_NEW ? mapping.target().version() : mapping.source().version();
        if (!certain && version.isPresent() && row.has(version.get())) {
            to.upsertIfNotOlder(row, version.get());
        } else {
            to.upsert(row);
        }
    }

    /**
     * Which store to copy from when the direction is uncertain (a shadow mismatch, a verification
     * difference). With a version column, the row with the newer version wins; when the versions tie,
     * a row or a version is missing, the journaled direction (the authoritative store's) decides.
     *
     * @param legacyAsTarget the legacy row mapped to the target's shape (so the version column has one name)
     * @param versionColumn  the target's version column, or null
     */
    public static Direction copyFrom(Direction journaled, Optional<Row> legacyAsTarget, Optional<Row> target,
                                     String versionColumn) {
        if (versionColumn == null || legacyAsTarget.isEmpty() || target.isEmpty()) {
            return journaled;
        }
        Object lv = legacyAsTarget.get().get(versionColumn);
        Object tv = target.get().get(versionColumn);
        if (lv == null || tv == null) {
            return journaled; // a missing version says nothing about which write came last
        }
        int c = VersionOrder.compare(lv, tv);
        if (c > 0) {
            return Direction.LEGACY_TO_NEW;
        }
        if (c < 0) {
            return Direction.NEW_TO_LEGACY;
        }
        return journaled;
    }

    static boolean sameRow(Optional<Row> a, Optional<Row> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty();
        }
        Map<String, Object> x = a.get().values();
        Map<String, Object> y = b.get().values();
        if (!x.keySet().equals(y.keySet())) {
            return false;
        }
        for (var e : x.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), y.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
