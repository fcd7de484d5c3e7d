/*
 * decant.pml -- a Promela model of Decant's write / phase / repair protocol, checked exhaustively by
 * spin (model/check.sh runs it; model/README.md states the invariants, the switches and the
 * abstraction). Every proctype is named after the Java class it models:
 *
 *   MigrationRouter(i)   one library instance's write calls, one at a time (MigrationRouter.write,
 *                        dual, journalFailed; IntentLog.begin / clear; EpochTracker.enter / exit)
 *   InstancePresence(i)  its phase poll, which renews its lease, and its heartbeat
 *                        (InstancePresence.poll / heartbeat, EpochTracker.moveTo / acknowledged)
 *   PhaseMover           the operator's advance / rollback (PhaseMover.advance / rollback /
 *                        drainOrRefuse, Barrier.await, Guards)
 *   Repairer             the stale-intent sweeper and the journal drain (Repairer.run /
 *                        resolveStaleIntents / copy, ControlStore.claim / complete)
 *   Clock                time and faults: an instance paused past dead-after, a process crash
 *   init                 starts everything; once no writer is left it runs a last repair and
 *                        checks the ghost ledger (the safety property)
 *
 * An atomic block stands for ONE transaction of one database (the control store C, or one
 * statement on one store) or for a purely local step; reads of the two stores are separate steps.
 *
 * Each of these switches turns ONE fix off (brings back the old or the briefed behaviour):
 *
 *   NO_DURABLE_NEW_ONLY_KEYS   hole 1: NEW_ONLY keys stay in memory until the next heartbeat,
 *                              which journals them unconditionally deferred
 *   VERSION_OVERRIDES_CERTAIN  hole 2: the repairer copies from the store whose version column is
 *                              higher, whatever the certain direction journaled
 *   NO_FENCING                 hole 3: an instance never checks its lease; the control store may
 *                              declare it gone (barrier, sweeper, in-flight check) while it writes
 * and the findings (README.md): the protocol as briefed is unsafe at these points; the model has a
 * fix for each, and the switch brings the briefed rule back:
 *   INTENT_SUPERSEDES          A: a stale intent created after the key's entry was enqueued takes
 *                              over the entry's direction; fix: it never does (the seq bumps)
 *   NEW_ONLY_WITHOUT_INTENT    B: a NEW_ONLY write records no intent, so a repair can complete its
 *                              undeferred entry before the write lands; fix: the same C transaction
 *                              records a one-store intent, and the repairer waits for such an
 *                              intent before it reads the stores
 *   UNFENCED_JOURNAL           C: the call's own journal writes (after a failed second write; the
 *                              NEW_ONLY entries) are not lease-checked (only store writes and the
 *                              ack are); fix: they are, like a store write
 *   LATE_WRITE                 D: not a fix but an assumption: a store write may land after the
 *                              lease check that let it through went stale (by default a checked
 *                              write lands within the margin)
 *   UNCONDITIONAL_COPY         E: the repairer copies in the direction it claimed, with an
 *                              unconditional write (also what Repairer.copy does now); fix: the
 *                              in-flight check reads the entry's seq too (enqueued again since the
 *                              claim: release, copy nothing) and the copy is a conditional write
 *                              (only if the target still holds what was read). NO_RESEQ / NO_CAS
 *                              turn off one half each.
 *   NEW_ONLY_ENQUEUE_FIRST     F: the NEW_ONLY entry written before the write takes over an L2N
 *                              entry's direction (latest enqueue wins) though N does not hold the
 *                              write yet; fix: an L2N entry keeps its direction, and the call
 *                              journals N2L again once its write landed, before the ack
 *   FORCE_NEW_ONLY             advance to NEW_ONLY without its JOURNAL_EMPTY guard (--force)
 *
 * Bounds (check.sh sets them per run):
 *   NK          keys: 1 or 2
 *   CALLS0/1    write calls of instance 0 / instance 1
 *   MAXFAULTS   failed store writes in the whole run
 *   MAXCRASH    process crashes in the whole run
 *   MAXPAUSE    pauses past dead-after in the whole run
 *   SCRIPT      the operator's phase changes (below)
 *   VERSIONS    rows carry a version column the writer supplies (1 or 2, in no particular order)
 *   CRASH_BETWEEN_CALLS  a process crashes only between two of its calls (a narrower run)
 *   PAUSE_BOTH  either instance may be paused (by default only instance 1: see Clock)
 */

#ifndef NK
#define NK 1
#endif
#ifndef CALLS0
#define CALLS0 1
#endif
#ifndef CALLS1
#define CALLS1 1
#endif
#ifndef MAXFAULTS
#define MAXFAULTS 1
#endif
#ifndef MAXCRASH
#define MAXCRASH 1
#endif
#ifndef MAXPAUSE
#define MAXPAUSE 1
#endif
#ifndef SCRIPT
#define SCRIPT 1
#endif
#define NI 2

/* io.decant.Phase. LEGACY_ONLY and RETIRED write one store only and are not modelled. */
#define DUAL_WRITE  1
#define SHADOW_READ 2
#define READ_NEW    3
#define NEW_ONLY    4

/* io.decant.spi.Direction: the store a dual write writes first, the store a repair copies from */
#define L2N 0    /* LEGACY_TO_NEW */
#define N2L 1    /* NEW_TO_LEGACY */

/* SCRIPT: the operator's phase changes (at most 3)
 *   1  SHADOW_READ -> READ_NEW -> NEW_ONLY -> rollback to SHADOW_READ   (the journey and back)
 *   2  SHADOW_READ -> READ_NEW                                             (the authority flip)
 *   3  NEW_ONLY -> rollback to SHADOW_READ                                 (rollback across the flip)
 *   4  SHADOW_READ throughout
 *   5  READ_NEW -> NEW_ONLY -> rollback to SHADOW_READ
 */
#if SCRIPT == 3
#define START_PHASE NEW_ONLY
#elif SCRIPT == 5
#define START_PHASE READ_NEW
#else
#define START_PHASE SHADOW_READ
#endif

/* ---- the two stores. A cell is value + 16 * version; value 0 = the row is absent. The value of a
 * write is its call's sequence number for the key (1, 2, ...), so every write is distinguishable. */
byte L[NK];                  /* the legacy store */
byte N[NK];                  /* the new store */
#define VAL(c) ((c) & 15)
#define VER(c) ((c) >> 4)
#define D1(d) ((d) == L2N -> 'L' : 'N')     /* for printf: a direction as L->N or N->L */
#define D2(d) ((d) == L2N -> 'N' : 'L')

/* ---- the control store C ---------------------------------------------------------------------- */
byte phase = START_PHASE;    /* the migration row: phase, version */
byte pver  = 1;
byte acked[NI];              /* instance registry: the version each instance acknowledged (ACKED) */
bool gone[NI];               /* ... and whether C's clock says now - lease_at > dead-after */
bool it_on[NI];              /* intents: one row per instance at most (one call at a time) */
byte it_k[NI];               /*   its key */
bit  it_d[NI];               /*   its direction: the store written first */
bool it_single[NI];          /*   a NEW_ONLY write's intent (one store, finding-B fix) */
#ifdef INTENT_SUPERSEDES
bool it_old[NI];             /*   the key's entry was enqueued after this intent was created */
#endif
bool j_on[NK];               /* repair journal: at most one entry per key, all of them certain */
bit  j_d[NK];                /*   direction */
bool j_def[NK];              /*   deferred */
bool j_clm[NK];              /*   claimed by the repairer */
bool j_bump[NK];             /*   seq grew since the claim (then complete() releases it) */

/* ---- instance-local state ---------------------------------------------------------------------- */
bool lease[NI];              /* the local lease is fresh (younger than dead-after - margin) */
bool callok[NI];             /* the lease did not lapse since the current call entered */
bool crashed[NI];
byte ep_v[NI];               /* EpochTracker.current: version and phase the instance acts on */
byte ep_p[NI];
bool incall[NI];             /* a call is in flight, */
byte call_v[NI];             /*   entered under this epoch version, */
byte call_k[NI];             /*   writing this key */
byte call_c[NI];             /*   this cell (value = its sequence number) */
#ifdef NO_DURABLE_NEW_ONLY_KEYS
byte mem[NI];                /* DeferredKeys: NEW_ONLY keys waiting for the heartbeat (bit per key) */
#endif

/* ---- the ghost ledger (only the final check reads it) ------------------------------------------
 * nseq[k]    sequence numbers handed out to the calls of k: the value each call writes
 * ledger[k]  the sequence number (= value) of the last ACKNOWLEDGED write of k
 * At the end, after a last repair: L[k] == N[k] and VAL(L[k]) >= ledger[k]. The calls of a key are
 * serialized (KEY_FREE below) and a call whose instance C declared gone counts as over (fencing
 * promises it changes nothing more), so each call of k starts after every call with a smaller
 * number is over: a value >= the ledger is the last acknowledged write or a later unacknowledged
 * one; a smaller one was overwritten, in real-time order, by an acknowledged write. */
byte nseq[NK];
byte ledger[NK];

byte faults;                 /* failed store writes so far */
byte crashes;
byte pauses;
byte done;                   /* MigrationRouters that finished (or crashed) */
bool mover_done;
bool rep_busy;               /* the Repairer holds a claim */
bool final;                  /* the final check runs: everything else stops */

/* ---- the lease ---------------------------------------------------------------------------------- */
#ifdef NO_FENCING
#define ENTRY_OK(i)   true
#define LEASE_OK(i)   true
#else
#define ENTRY_OK(i)   lease[i]     /* checked when a call enters */
#define LEASE_OK(i)   callok[i]    /* before each store write and the ack: fresh, and no lapse since entry */
#endif
#ifdef LATE_WRITE
#define WRITE_OK(i)   true         /* the check was a step before: the write lands whenever */
#else
#define WRITE_OK(i)   LEASE_OK(i)  /* the check and the write it guards land together */
#endif
#ifdef UNFENCED_JOURNAL
#define JOURNAL_OK(i) true
#else
#define JOURNAL_OK(i) LEASE_OK(i)
#endif

/* The application serializes the writes of one key (a row lock, one owner per key): a call of k
 * enters only when no other call of k is in flight -- unless that call's instance is gone (crashed,
 * or paused past dead-after: its lock went with its session). Unserialized writes of one key have no
 * order to keep (IntentLog's javadoc): L=a, L=b, N=b, N=a leaves the stores apart with no fault. */
#define KEY_FREE(i, k) (!(incall[1 - (i)] && call_k[1 - (i)] == (k) && !gone[1 - (i)]))

/* ---- ControlStore.enqueue, inside the caller's C transaction ------------------------------------
 * A later enqueue supersedes the direction; seq grows (j_bump, if claimed); deferred = old AND new. */
#ifdef INTENT_SUPERSEDES
inline mark_old(k) {   /* enqueued_at = now: every intent of k that exists now is older */
  if :: it_on[0] && it_k[0] == k -> it_old[0] = 1 :: else fi;
  if :: it_on[1] && it_k[1] == k -> it_old[1] = 1 :: else fi
}
#else
#define mark_old(k) skip
#endif
inline enqueue(k, d, deferred) {
  if
  :: j_on[k] -> j_d[k] = d; j_def[k] = (j_def[k] && (deferred)); j_bump[k] = j_clm[k]
  :: else    -> j_on[k] = 1; j_d[k] = d; j_def[k] = (deferred); j_clm[k] = 0; j_bump[k] = 0
  fi;
  mark_old(k)
}

/* ---- ControlStore.resolveIntents: an intent whose call is over or whose instance is gone becomes a
 * journal entry in its direction (certain), atomically. An existing entry keeps its direction and
 * its seq grows -- unless INTENT_SUPERSEDES. */
inline resolve(i) {
  if
  :: !j_on[it_k[i]] ->
       j_on[it_k[i]] = 1; j_d[it_k[i]] = it_d[i]; j_clm[it_k[i]] = 0; j_bump[it_k[i]] = 0;
       j_def[it_k[i]] = (it_single[i] && phase == NEW_ONLY)
#ifdef INTENT_SUPERSEDES
  :: j_on[it_k[i]] && !it_old[i] ->
       j_d[it_k[i]] = it_d[i]; j_bump[it_k[i]] = j_clm[it_k[i]];
       j_def[it_k[i]] = (j_def[it_k[i]] && it_single[i] && phase == NEW_ONLY);
       mark_old(it_k[i])
  :: j_on[it_k[i]] && it_old[i] -> j_bump[it_k[i]] = j_clm[it_k[i]]
#else
  :: j_on[it_k[i]] -> j_bump[it_k[i]] = j_clm[it_k[i]]
#endif
  fi;
  printf("MSC: C: intent of I%d (key %d, %c->%c) journaled: entry (key %d, %c->%c, deferred %d)\n", i, it_k[i],
         D1(it_d[i]), D2(it_d[i]), it_k[i], D1(j_d[it_k[i]]), D2(j_d[it_k[i]]), j_def[it_k[i]]);
  it_on[i] = 0; it_k[i] = 0; it_d[i] = 0; it_single[i] = 0;
#ifdef INTENT_SUPERSEDES
  it_old[i] = 0
#else
  skip
#endif
}

/* ---- ControlStore.writeInFlight, one C read: an intent of k, of an instance that is not gone, in
 * the order opposite to dir (it writes the store we copy into first). A one-store NEW_ONLY intent
 * counts in either direction. */
#define OPP(i, k, dir)      (it_on[i] && !gone[i] && it_k[i] == (k) && (it_d[i] != (dir) || it_single[i]))
#define IN_FLIGHT(k, dir)   (OPP(0, k, dir) || OPP(1, k, dir))
#define SINGLE(i, k)        (it_on[i] && !gone[i] && it_k[i] == (k) && it_single[i])
#define SINGLE_IN_FLIGHT(k) (SINGLE(0, k) || SINGLE(1, k))

/* ---- Repairer.copyFrom -------------------------------------------------------------------------- */
#ifdef VERSION_OVERRIDES_CERTAIN
#define COPY_FROM(d, lc, nc) \
  ((VAL(lc) != 0 && VAL(nc) != 0 && VER(lc) > VER(nc)) -> L2N : \
   ((VAL(lc) != 0 && VAL(nc) != 0 && VER(lc) < VER(nc)) -> N2L : (d)))
#else
#define COPY_FROM(d, lc, nc) (d)          /* a certain direction is followed as it is */
#endif

/* =================================================================================================
 * MigrationRouter.write
 * ================================================================================================= */
#define K    call_k[i]
#define CELL call_c[i]
#define STORE_WRITE(first, c) if :: (first) == L2N -> L[K] = c :: else -> N[K] = c fi

proctype MigrationRouter(byte i; byte calls)
{
  byte c;                     /* calls made */
  byte p;                     /* the phase of the epoch the call entered */
  bit dir, rej;               /* rej: a NEW_ONLY write must journal N2L after its write */

  do
  :: c < calls ->
     /* EpochTracker.enter and the lease check at entry (a call with a stale lease fails fast and
        writes nothing, the same as no call). The instance's previous intent must be journaled. */
     atomic {
       ENTRY_OK(i) && !it_on[i] && !final && (KEY_FREE(i, 0)
#if NK > 1
                                              || KEY_FREE(i, 1)
#endif
                                             ) ->
       c++;
       if
       :: KEY_FREE(i, 0) -> K = 0
#if NK > 1
       :: KEY_FREE(i, 1) -> K = 1
#endif
       fi;
       incall[i] = 1; call_v[i] = ep_v[i]; callok[i] = 1; p = ep_p[i];
       nseq[K]++; CELL = nseq[K];
#ifdef VERSIONS
       if :: CELL = CELL + 16 :: CELL = CELL + 32 fi;   /* the writer's version column: 1 or 2 */
#endif
       dir = (p == READ_NEW -> N2L : L2N);
       printf("MSC: I%d: write(key %d, value %d, version %d) enters epoch %d (phase %d)\n", i, K, VAL(CELL),
              VER(CELL), call_v[i], p);
       if :: p == NEW_ONLY -> goto new_only :: else -> skip fi
     }

     /* ---- DUAL_WRITE / SHADOW_READ (dir L2N), READ_NEW (dir N2L): MigrationRouter.dual ---------- */
     /* IntentLog.begin, intents: sync -- committed in C before any store write */
     atomic {
       it_on[i] = 1; it_k[i] = K; it_d[i] = dir; it_single[i] = 0;
#ifdef INTENT_SUPERSEDES
       it_old[i] = 0;
#endif
       printf("MSC: I%d: intent (key %d, %c->%c) stored\n", i, K, D1(dir), D2(dir))
     }
#ifdef LATE_WRITE
     if :: !LEASE_OK(i) -> goto fail :: else -> skip fi;   /* the check; the write lands later */
#endif
     /* the first (authoritative) write: lease check + one statement on the store */
     atomic {
       if
       :: !WRITE_OK(i) -> printf("MSC: I%d: lease lapsed: the call fails before its first write\n", i); goto fail
       :: WRITE_OK(i) -> STORE_WRITE(dir, CELL);
            printf("MSC: I%d: first write %c := %d\n", i, D1(dir), VAL(CELL))
       :: WRITE_OK(i) && faults < MAXFAULTS -> faults++; STORE_WRITE(dir, CELL);
            printf("MSC: I%d: first write %c := %d committed but reported an error: the call fails\n", i, D1(dir), VAL(CELL)); goto fail
       :: WRITE_OK(i) && faults < MAXFAULTS -> faults++;
            printf("MSC: I%d: first write %c := %d FAILS (not committed): the call fails\n", i, D1(dir), VAL(CELL)); goto fail
       fi
     }
#ifdef LATE_WRITE
     if :: !LEASE_OK(i) -> goto fail :: else -> skip fi;
#endif
     /* the second write: lease check + one statement; its failure is journaled, the call succeeds */
     atomic {
       if
       :: !WRITE_OK(i) -> printf("MSC: I%d: lease lapsed: the call fails before its second write\n", i); goto fail
       :: WRITE_OK(i) -> STORE_WRITE(1 - dir, CELL);
            printf("MSC: I%d: second write %c := %d\n", i, D2(dir), VAL(CELL))
       :: WRITE_OK(i) && faults < MAXFAULTS -> faults++;
            printf("MSC: I%d: second write %c := %d FAILS\n", i, D2(dir), VAL(CELL)); goto journal
       fi
     }
     goto clear;
journal:
     /* MigrationRouter.journalFailed: ControlStore.enqueue(key, dir, certain), one C transaction */
     atomic {
       if :: !JOURNAL_OK(i) -> printf("MSC: I%d: lease lapsed: journal refused, the call fails\n", i); goto fail
          :: else -> skip
       fi;
       enqueue(K, dir, 0);
       printf("MSC: I%d: journal (key %d, %c->%c)\n", i, K, D1(dir), D2(dir))
     }
clear:
     atomic { it_on[i] = 0; it_k[i] = 0; it_d[i] = 0; goto ack }      /* IntentLog.clear, then the ack */

     /* ---- NEW_ONLY --------------------------------------------------------------------------------- */
new_only:
#ifndef NO_DURABLE_NEW_ONLY_KEYS
     /* ONE C transaction, share-locking the migration row: journal (key, N2L, certain), deferred iff
        C's phase is NEW_ONLY, before the write */
     atomic {
       if :: !JOURNAL_OK(i) -> printf("MSC: I%d: lease lapsed: the call fails\n", i); goto fail
          :: else -> skip
       fi;
#ifdef NEW_ONLY_ENQUEUE_FIRST
       enqueue(K, N2L, phase == NEW_ONLY);        /* as briefed: supersedes any entry of the key */
#else
       /* finding-F fix: N does not hold the write yet, so an L2N entry keeps its direction */
       if
       :: j_on[K] && j_d[K] == L2N -> j_bump[K] = j_clm[K]; rej = 1
       :: else -> enqueue(K, N2L, phase == NEW_ONLY)
       fi;
#endif
#ifndef NEW_ONLY_WITHOUT_INTENT
       /* finding-B fix: a one-store intent in the same transaction */
       it_on[i] = 1; it_k[i] = K; it_d[i] = N2L; it_single[i] = 1;
#ifdef INTENT_SUPERSEDES
       it_old[i] = 0;
#endif
#endif
       printf("MSC: I%d: NEW_ONLY: before the write, entry (key %d, %c->%c, deferred %d)\n", i, K, D1(j_d[K]), D2(j_d[K]), j_def[K])
     }
#endif
#ifdef LATE_WRITE
     if :: !LEASE_OK(i) -> goto fail :: else -> skip fi;
#endif
     atomic {
       if
       :: !WRITE_OK(i) -> printf("MSC: I%d: lease lapsed: the call fails before its write\n", i); goto fail
       :: WRITE_OK(i) -> N[K] = CELL;
#ifdef NO_DURABLE_NEW_ONLY_KEYS
            mem[i] = mem[i] | (1 << K);           /* DeferredKeys.add: in memory until the heartbeat */
#endif
            printf("MSC: I%d: NEW_ONLY write N := %d\n", i, VAL(CELL))
       :: WRITE_OK(i) && faults < MAXFAULTS -> faults++;
            printf("MSC: I%d: NEW_ONLY write FAILS: the call fails\n", i); goto fail
       fi
     }
#ifndef NO_DURABLE_NEW_ONLY_KEYS
     if
     :: rej ->                                    /* finding-F fix: N holds the write now */
          atomic {
            if :: !JOURNAL_OK(i) -> goto fail :: else -> skip fi;
            enqueue(K, N2L, phase == NEW_ONLY); rej = 0;
            printf("MSC: I%d: journal (key %d, N->L) after the write\n", i, K)
          }
     :: else -> skip
     fi;
#ifndef NEW_ONLY_WITHOUT_INTENT
     atomic { it_on[i] = 0; it_k[i] = 0; it_d[i] = 0; it_single[i] = 0; goto ack }   /* IntentLog.clear */
#endif
#endif

ack:
     /* the lease check before acknowledging; EpochTracker.exit */
     atomic {
       if
       :: LEASE_OK(i) -> ledger[K] = VAL(CELL);               /* ghost: acknowledged */
            printf("MSC: I%d: ACK write(key %d, value %d)\n", i, K, VAL(CELL))
       :: else -> printf("MSC: I%d: lease lapsed: not acknowledged\n", i)
       fi;
       incall[i] = 0; call_v[i] = 0; call_k[i] = 0; call_c[i] = 0; p = 0; dir = 0; rej = 0
     }
     goto next;
fail:
     /* the call fails: the writes done stay done, the intent stays */
     atomic {
       incall[i] = 0; call_v[i] = 0; call_k[i] = 0; call_c[i] = 0; p = 0; dir = 0; rej = 0
     }
     /* IntentLog: the instance itself journals the intent its failed call left (a later C transaction) */
     atomic { if :: it_on[i] -> resolve(i) :: else -> skip fi }
next:
     skip
  :: c == calls -> break
  od unless { crashed[i] };
  atomic { done++ }
}

/* EpochTracker.acknowledged: the oldest epoch still running a call, else the current one. The
 * heartbeat reports it to C; as it only grows and a heartbeat may be sent at any moment, the barrier
 * reads it directly (ACKED) -- except with NO_DURABLE_NEW_ONLY_KEYS, whose heartbeat must flush the
 * memory keys before it acknowledges, so there the heartbeat is modelled (acked[]). */
#define ACKABLE(i) (incall[i] -> call_v[i] : ep_v[i])
#ifdef NO_DURABLE_NEW_ONLY_KEYS
#define ACKED(i) acked[i]
#else
#define ACKED(i) ACKABLE(i)
#endif

/* =================================================================================================
 * InstancePresence.poll + heartbeat
 * ================================================================================================= */
proctype InstancePresence(byte i)
{
end:
  do
  :: atomic {
       !crashed[i] && !final && (!lease[i] || gone[i] || pver > ep_v[i]
#ifdef NO_DURABLE_NEW_ONLY_KEYS
                                 || acked[i] != ACKABLE(i) || mem[i] != 0
#endif
                                ) ->
       /* poll: ONE C transaction reads the phase and sets lease_at = now; the lease counts from when
          the poll was sent, and a lapse before the reply already cost the call its generation */
       gone[i] = 0; lease[i] = 1;
       if :: pver > ep_v[i] -> ep_v[i] = pver; ep_p[i] = phase :: else -> skip fi;   /* EpochTracker.moveTo */
#ifdef NO_DURABLE_NEW_ONLY_KEYS
       /* the old heartbeat: flush DeferredKeys as entries, deferred whatever the phase */
       if :: (mem[i] & 1) -> enqueue(0, N2L, 1) :: else -> skip fi;
#if NK > 1
       if :: (mem[i] & 2) -> enqueue(1, N2L, 1) :: else -> skip fi;
#endif
       mem[i] = 0;
#endif
#ifdef NO_DURABLE_NEW_ONLY_KEYS
       acked[i] = ACKABLE(i);        /* heartbeat, after the flush */
#endif
       printf("MSC: I%d: poll: lease renewed, epoch %d (phase %d)\n", i, ep_v[i], ep_p[i])
     }
  od
}

/* =================================================================================================
 * PhaseMover
 * ================================================================================================= */
#if NK > 1
#define DRAINED ((!j_on[0] || j_def[0]) && (!j_on[1] || j_def[1]))
inline undefer() { atomic { j_def[0] = 0; j_def[1] = 0; printf("MSC: mover: undefer\n") } }
#else
#define DRAINED (!j_on[0] || j_def[0])
inline undefer() { atomic { j_def[0] = 0; printf("MSC: mover: undefer\n") } }
#endif
/* PhaseMover.transition: compare-and-set on the version, one C transaction */
inline transition(to) { atomic { phase = to; pver++; printf("MSC: mover: phase %d, version %d   (2 SHADOW_READ, 3 READ_NEW, 4 NEW_ONLY)\n", phase, pver) } }
/* Barrier.await: every instance that is not gone acknowledged the version. A timed-out barrier is
   run again (the same as waiting longer); a wait of 0 across the flip is refused. */
inline barrier() {
  atomic { (gone[0] || ACKED(0) >= pver) && (gone[1] || ACKED(1) >= pver) ->
           printf("MSC: mover: barrier of version %d passed (gone: %d %d)\n", pver, gone[0], gone[1]) }
}
/* drainOrRefuse: the Repairer runs until no undeferred entry is left */
inline drain() { atomic { DRAINED -> printf("MSC: mover: journal drained\n") } }
/* Guards.evaluate: of the forward guards only NEW_ONLY's JOURNAL_EMPTY is modelled (the others are
   about evidence this model does not have); a refused guard is tried again later, i.e. waited for. */
#ifdef FORCE_NEW_ONLY
#define JOURNAL_EMPTY true
#else
#define JOURNAL_EMPTY (DRAINED && !(it_on[0] && gone[0]) && !(it_on[1] && gone[1]))
#endif

inline advance(to) {
  if :: to == NEW_ONLY -> JOURNAL_EMPTY :: else -> skip fi;
  transition(to);
  barrier()
}
/* PhaseMover.rollback across the authority flip */
inline rollback(from, to) {
  if :: from == NEW_ONLY -> undefer() :: else -> skip fi;     /* leaving NEW_ONLY */
  drain();
  transition(to);
  barrier();
  if :: from == NEW_ONLY -> undefer() :: else -> skip fi;     /* keys of instances still in NEW_ONLY */
  drain()
}

proctype PhaseMover()
{
#if SCRIPT == 1
  advance(READ_NEW);
  advance(NEW_ONLY);
  rollback(NEW_ONLY, SHADOW_READ);
#elif SCRIPT == 2
  advance(READ_NEW);
#elif SCRIPT == 3
  rollback(NEW_ONLY, SHADOW_READ);
#elif SCRIPT == 5
  advance(NEW_ONLY);
  rollback(NEW_ONLY, SHADOW_READ);
#endif
  mover_done = 1
}

/* =================================================================================================
 * Repairer.run: the sweeper, then claim / copy / complete
 * ================================================================================================= */
#define CLAIMABLE(k) (j_on[k] && !j_def[k] && !j_clm[k])
#ifdef UNCONDITIONAL_COPY
#define NO_RESEQ                   /* as briefed, and as Repairer.copy does now: no seq check, upsert */
#define NO_CAS
#endif
#ifdef NO_RESEQ
#define RESEQ(k)        false      /* (half of the finding-E fix off: no seq check before the copy) */
#else
#define RESEQ(k)        j_bump[k]
#endif
#ifdef NO_CAS
#define CAS_OK(t, seen) true       /* (the other half off: an unconditional write) */
#else
#define CAS_OK(t, seen) ((t) == (seen))
#endif
#define NOCOPY 255

proctype Repairer()
{
  byte k, lc, nc, v;
  bit d, from;
end:
  do
  /* Repairer.resolveStaleIntents: the intent of a GONE instance becomes an entry */
  :: atomic { !final && it_on[0] && gone[0] -> printf("MSC: sweeper: instance 0 is gone\n"); resolve(0) }
  :: atomic { !final && it_on[1] && gone[1] -> printf("MSC: sweeper: instance 1 is gone\n"); resolve(1) }
  /* ControlStore.claim: an undeferred entry nobody holds, its direction as of now */
  :: atomic {
       !final && (CLAIMABLE(0)
#if NK > 1
                  || CLAIMABLE(1)
#endif
                 ) ->
       if
       :: CLAIMABLE(0) -> k = 0
#if NK > 1
       :: CLAIMABLE(1) -> k = 1
#endif
       fi;
       j_clm[k] = 1; j_bump[k] = 0; d = j_d[k]; rep_busy = 1;
       printf("MSC: repairer: claims (key %d, %c->%c)\n", k, D1(d), D2(d))
     }
     /* Repairer.copy: copies current state, never replays an operation */
     do
     :: SINGLE_IN_FLIGHT(k) -> skip      /* finding-B fix, a C read BEFORE the store reads: retry */
     :: !SINGLE_IN_FLIGHT(k) ->
        lc = L[k];                                                /* legacy.fetch */
        nc = N[k];                                                /* target.fetch */
        if
        :: lc == nc -> break                                      /* the stores agree */
        :: lc != nc && IN_FLIGHT(k, d) -> skip                    /* writeInFlight: pause, retry */
        :: lc != nc && !IN_FLIGHT(k, d) && RESEQ(k) ->            /* finding-E fix: enqueued again */
             printf("MSC: repairer: key %d was journaled again since the claim: release\n", k); break
        :: lc != nc && !IN_FLIGHT(k, d) && !RESEQ(k) ->
             from = COPY_FROM(d, lc, nc);
             v = (from == L2N -> lc : nc);
             /* Repairer.write: the source's state to the other store; with the finding-E fix only
                if the target still holds what was read (one conditional statement) */
             atomic {
               if
               :: from == L2N && CAS_OK(N[k], nc) -> N[k] = v; printf("MSC: repairer: copies L->N: %d\n", VAL(v))
               :: from == N2L && CAS_OK(L[k], lc) -> L[k] = v; printf("MSC: repairer: copies N->L: %d\n", VAL(v))
               :: else -> v = NOCOPY; printf("MSC: repairer: the target changed: no copy\n")
               fi
             }
             if
             :: v == NOCOPY -> skip
             :: v != NOCOPY && IN_FLIGHT(k, from) -> skip           /* a writer appeared: again */
             :: v != NOCOPY && !IN_FLIGHT(k, from) ->
                  if                                                /* re-read the source */
                  :: from == L2N && L[k] == v -> break
                  :: from == N2L && N[k] == v -> break
                  :: else -> skip                                   /* it changed: copy again */
                  fi
             fi
        fi;
        lc = 0; nc = 0; v = 0; from = 0
     od;
     /* ControlStore.complete: removed if its seq did not change since the claim, else released */
     atomic {
       if
       :: j_bump[k] -> j_clm[k] = 0; j_bump[k] = 0; printf("MSC: repairer: releases key %d\n", k)
       :: else -> j_on[k] = 0; j_clm[k] = 0; j_d[k] = 0; j_def[k] = 0; printf("MSC: repairer: completes key %d\n", k)
       fi;
       rep_busy = 0; k = 0; d = 0; lc = 0; nc = 0; v = 0; from = 0
     }
  od
}

/* =================================================================================================
 * Clock: a pause past dead-after (GC, SIGSTOP, a partition): the instance's lease runs out and C
 * declares it gone in one event (with the fix dead-after > lease + margin, so gone implies the
 * lease ran out; an instance that is not gone but lapsed is the same event followed by its poll).
 * NO_FENCING: C declares it gone, the instance knows nothing and carries on. A crash: the process
 * stops (C declares it gone at once: waiting for that adds no behaviour).
 * ================================================================================================= */
inline pause(i) {
#ifndef NO_FENCING
  lease[i] = 0; callok[i] = 0;
#endif
  gone[i] = 1; pauses++;
  printf("MSC: clock: instance %d paused past dead-after: C says it is gone\n", i)
}
inline crash(i) {
  crashed[i] = 1; crashes++; lease[i] = 0; callok[i] = 0; gone[i] = 1; incall[i] = 0;
  printf("MSC: clock: instance %d crashes\n", i)
}

#ifdef CRASH_BETWEEN_CALLS
#define CRASH_OK(i) (!incall[i])     /* a narrower run: a process dies only between two calls */
#else
#define CRASH_OK(i) true
#endif

proctype Clock()
{
end:
  do
#ifndef PAUSE_BOTH
  /* the instances are symmetric (same code; check.sh gives them the same number of calls unless a
     run says otherwise), so pausing instance 1 only loses nothing: instance 0 or 1 may crash */
#else
  :: atomic { !final && pauses < MAXPAUSE && !crashed[0] && !gone[0] -> pause(0) }
#endif
  :: atomic { !final && pauses < MAXPAUSE && !crashed[1] && !gone[1] -> pause(1) }
  :: atomic { !final && crashes < MAXCRASH && !crashed[0] && CRASH_OK(0) -> crash(0) }
  :: atomic { !final && crashes < MAXCRASH && !crashed[1] && CRASH_OK(1) -> crash(1) }
  od
}

/* =================================================================================================
 * init: start; at the end, the last repair and the check
 * ================================================================================================= */
inline final_copy(k) {
  if
  :: j_on[k] && !j_def[k] ->
       x = COPY_FROM(j_d[k], L[k], N[k]);
       if :: x == L2N -> N[k] = L[k] :: else -> L[k] = N[k] fi;
       printf("MSC: final repair of key %d (%c->%c)\n", k, D1(x), D2(x));
       j_on[k] = 0
  :: else -> skip
  fi
}
inline check(k) {
  printf("MSC: END key %d: L=%d N=%d, last acknowledged write %d\n", k, VAL(L[k]), VAL(N[k]), ledger[k]);
  assert(L[k] == N[k]);                          /* after repair both stores hold the same row */
  assert(VAL(L[k]) >= ledger[k])                 /* and no acknowledged write was lost */
}

init {
  byte x;
  atomic {
    ep_v[0] = 1; ep_v[1] = 1; ep_p[0] = START_PHASE; ep_p[1] = START_PHASE;
    acked[0] = 1; acked[1] = 1; lease[0] = 1; lease[1] = 1;
    run MigrationRouter(0, CALLS0); run MigrationRouter(1, CALLS1);
    run InstancePresence(0); run InstancePresence(1);
    run PhaseMover(); run Repairer(); run Clock()
  }
  atomic {
    done == NI && mover_done && !rep_busy ->
    final = 1;
    /* every call is over: whatever intent is left is journaled by the sweeper */
    if :: it_on[0] -> resolve(0) :: else -> skip fi;
    if :: it_on[1] -> resolve(1) :: else -> skip fi;
    /* still in NEW_ONLY: a later rollback would undefer its keys first */
    if :: phase == NEW_ONLY -> j_def[0] = 0;
#if NK > 1
                               j_def[1] = 0;
#endif
                               skip
       :: else -> skip
    fi;
    final_copy(0);
#if NK > 1
    final_copy(1);
#endif
    check(0);
#if NK > 1
    check(1);
#endif
  }
}
