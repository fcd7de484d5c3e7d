package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.it.TwoStores.Order;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the monolith was told: for each key, the state its last acknowledged write left (a row, or
 * none after a delete). Only calls that returned count ({@code ok}). A call that threw leaves its key
 * uncertain — its write may or may not have landed — until a later acknowledged write of the key.
 * {@link #check} reads both tables with plain SQL and demands exactly that state in each.
 */
final class Ledger {
    /** key → the state its last acknowledged write left (empty: deleted). */
    private final Map<Long, Optional<Order>> acknowledged = new TreeMap<>();
    /** key → the states a failed call since then may have left instead. */
    private final Map<Long, Set<Optional<Order>>> uncertain = new TreeMap<>();

    /** A row both stores hold before the test's calls (written directly by the test). */
    void seed(Order o) {
        acknowledged.put(o.id(), Optional.of(o));
    }

    /** Records the child's reply to an upsert of {@code o}. */
    void upserted(Order o, String reply) {
        record(o.id(), Optional.of(o), reply);
    }

    /** Records the child's reply to a delete of {@code id}. */
    void deleted(long id, String reply) {
        record(id, Optional.empty(), reply);
    }

    private void record(long id, Optional<Order> state, String reply) {
        if (reply.equals("ok " + id)) {
            acknowledged.put(id, state);
            uncertain.remove(id);
        } else if (reply.startsWith("failed " + id + " ")) {
            uncertain.computeIfAbsent(id, k -> new HashSet<>()).add(state);
        } else {
            throw new AssertionError("not a reply to the call of key " + id + ": " + reply);
        }
    }

    /** An acknowledged upsert (an in-process call that returned). */
    void ack(Order o) {
        upserted(o, "ok " + o.id());
    }

    /** An acknowledged delete (an in-process call that returned). */
    void ackDelete(long id) {
        deleted(id, "ok " + id);
    }

    Optional<Order> expected(long id) {
        return acknowledged.getOrDefault(id, Optional.empty());
    }

    /**
     * Both tables, read with plain SQL, hold each key's last acknowledged state (or, for a key whose
     * later call failed, one of the states it may have left, the same in both), and no other row.
     */
    void check(TwoStores fx, String when) {
        Map<Long, Order> legacy = fx.legacy.rows();
        Map<Long, Order> target = fx.target.rows();
        Set<Long> keys = new TreeSet<>(acknowledged.keySet());
        keys.addAll(uncertain.keySet());
        keys.addAll(legacy.keySet());
        keys.addAll(target.keySet());
        List<String> wrong = new ArrayList<>();
        for (long id : keys) {
            Optional<Order> l = Optional.ofNullable(legacy.get(id));
            Optional<Order> t = Optional.ofNullable(target.get(id));
            Set<Optional<Order>> allowed = new HashSet<>(uncertain.getOrDefault(id, Set.of()));
            allowed.add(expected(id));
            String want = allowed.size() == 1 ? show(expected(id)) : "one of " + allowed.stream().map(Ledger::show).toList();
            if (!allowed.contains(l)) {
                wrong.add("legacy key " + id + ": " + show(l) + ", acknowledged " + want);
            }
            if (!allowed.contains(t)) {
                wrong.add("new store key " + id + ": " + show(t) + ", acknowledged " + want);
            }
            if (allowed.contains(l) && allowed.contains(t) && !l.equals(t)) {
                wrong.add("key " + id + " (after a failed call): legacy " + show(l) + ", new store " + show(t));
            }
        }
        assertThat(wrong).as("%s: rows that differ from the ledger of acknowledged writes", when).isEmpty();
    }

    private static String show(Optional<Order> o) {
        return o.map(Order::toString).orElse("absent");
    }
}
