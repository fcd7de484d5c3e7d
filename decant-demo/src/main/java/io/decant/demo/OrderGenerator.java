package io.decant.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Realistic orders, deterministic per seed and id: the initial row of an id is a pure function of
 * both, so writers know an untouched row's values without reading it. Timestamps are whole
 * microseconds, in the year before {@code now}.
 */
public final class OrderGenerator {
    static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
    private static final String[] NOTES = {
        "leave at the front door", "call before delivery", "gift for grandma, no invoice in the box",
        "deliver after 6pm please", "second floor, ring twice", "fragile: glassware", "office reception",
        "customer asked for eco packaging", "replace damaged item from previous order", "express shipping upgrade",
        "neighbour at number 12 can accept", "same-day pickup at store", "billing address differs from shipping"};

    private final long seed;
    private final long rows;
    private final Instant epoch;

    /**
     * @param seed seed of every random choice
     * @param rows number of initial rows (spreads their creation over a year)
     * @param now  the demo's start; every initial row is older
     */
    public OrderGenerator(long seed, long rows, Instant now) {
        this.seed = seed;
        this.rows = Math.max(1, rows);
        this.epoch = now.minus(366, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The row that id {@code id} (1..rows) has before the migration starts. */
    public Order initial(long id) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        long spanMicros = ChronoUnit.MICROS.between(epoch, epoch.plus(360, ChronoUnit.DAYS));
        Instant created = epoch.plus(spanMicros / rows * (id - 1) + r.nextLong(1_000_000), ChronoUnit.MICROS);
        Instant updated = created.plus(r.nextLong(3L * 24 * 3600 * 1_000_000), ChronoUnit.MICROS);
        return new Order(id, 1 + r.nextLong(Math.max(1, rows / 8)), amount(r), pickStatus(r), note(r),
                r.nextInt(10) == 0, created, updated);
    }

    /** A new order placed now. */
    public Order placed(long id, SplittableRandom r, Instant now) {
        Instant t = micros(now);
        return new Order(id, 1 + r.nextLong(Math.max(1, rows / 8)), amount(r), "NEW", note(r), r.nextInt(10) == 0, t, t);
    }

    /** The order after a change made now: a new status, sometimes a new total or note. */
    public Order changed(Order before, SplittableRandom r, Instant now) {
        Instant t = micros(now);
        if (!t.isAfter(before.updatedAt())) {
            t = before.updatedAt().plus(1, ChronoUnit.MICROS);
        }
        return withChange(before, r, t);
    }

    /**
     * The order after a change stamped with the writing host's clock as it reads, as code that sets
     * {@code updated_at = now()} on its own host does: when another host's clock runs ahead, the stamp
     * can be earlier than the one the key's previous write left.
     */
    public Order changedOnHostClock(Order before, SplittableRandom r, Instant hostNow) {
        return withChange(before, r, micros(hostNow));
    }

    private Order withChange(Order before, SplittableRandom r, Instant t) {
        BigDecimal total = r.nextInt(3) == 0 ? amount(r) : before.total();
        String note = r.nextInt(4) == 0 ? note(r) : before.note();
        return new Order(before.id(), before.customerId(), total, pickStatus(r), note, before.gift(), before.createdAt(), t);
    }

    /** The legacy-only column the service drops: flags derived from the id. */
    public static int legacyFlags(long id) {
        return (int) (id % 7);
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    private static BigDecimal amount(SplittableRandom r) {
        return BigDecimal.valueOf(100 + r.nextLong(99_900), 2);
    }

    private static String pickStatus(SplittableRandom r) {
        int p = r.nextInt(100);
        return p < 10 ? "NEW" : p < 30 ? "PAID" : p < 55 ? "SHIPPED" : p < 95 ? "DELIVERED" : "CANCELLED";
    }

    private static String note(SplittableRandom r) {
        return r.nextInt(5) == 0 ? null : NOTES[r.nextInt(NOTES.length)];
    }
}
