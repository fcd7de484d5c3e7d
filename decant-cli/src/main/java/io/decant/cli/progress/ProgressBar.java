package io.decant.cli.progress;

import io.decant.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows a job's progress. On a terminal it redraws one line,
 * {@code backfill orders  [#########...........]  45%  450,000/1,000,000 rows  85,000 rows/s  ETA 0:07};
 * otherwise (a file, a pipe, {@code TERM=dumb}) it prints such a line every five seconds and a
 * final one, so logs stay readable. The rate is taken over a moving ten-second window.
 * Thread-safe: workers may report at once.
 */
public final class ProgressBar implements ProgressListener, AutoCloseable {
    static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long PLAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier clock;
    private final RateWindow rate = new RateWindow(WINDOW_NANOS);

    private String task;
    private long done;
    private long total = -1;
    private long lastPrintNanos;
    private boolean printedCurrent;
    private int drawnWidth;

    /**
     * @param out       where to draw (standard error, usually)
     * @param terminal  whether {@code out} is a terminal that understands carriage returns
     * @param clock     nanosecond clock, {@code System::nanoTime} outside tests
     */
    public ProgressBar(PrintWriter out, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** A bar on {@code out} that redraws when the process runs on a terminal. */
    public static ProgressBar on(PrintWriter out) {
        return new ProgressBar(out, isTerminal(), System::nanoTime);
    }

    /** True when there is a console and {@code TERM} is not {@code dumb}. */
    public static boolean isTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && !"dumb".equals(term);
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = clock.getAsLong();
        if (this.task != null && !this.task.equals(task)) {
            finishLine();
            rate.clear();
        }
        boolean first = this.task == null || !this.task.equals(task);
        this.task = task;
        this.done = done;
        // an estimate the work went past (rows inserted since it was taken) is no total any more: count
        // on without one rather than print 56,766/52,971
        this.total = total >= 0 && done > total ? -1 : total;
        rate.add(now, done);
        printedCurrent = false;
        boolean complete = total >= 0 && done == total;
        long interval = terminal ? REDRAW_NANOS : PLAIN_NANOS;
        if (first || complete || now - lastPrintNanos >= interval) {
            print(now);
        }
    }

    @Override
    public synchronized void message(String line) {
        if (terminal && drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
        }
        out.println(line);
        if (terminal && task != null) {
            print(clock.getAsLong());
        }
        out.flush();
    }

    /** Prints the final state (if not shown yet) and ends the line. */
    @Override
    public synchronized void close() {
        finishLine();
        out.flush();
    }

    private void finishLine() {
        if (task == null) {
            return;
        }
        if (!printedCurrent) {
            print(clock.getAsLong());
        }
        if (terminal && drawnWidth > 0) {
            out.println();
            drawnWidth = 0;
        }
        task = null;
    }

    private void print(long now) {
        String line = line();
        if (terminal) {
            int pad = Math.max(0, drawnWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            drawnWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
        lastPrintNanos = now;
        printedCurrent = true;
    }

    /** The progress line for the current state. */
    synchronized String line() {
        StringBuilder b = new StringBuilder(task);
        double perSecond = rate.perSecond();
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.floor(fraction * BAR_WIDTH);
            b.append("  [").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("]  ");
            b.append(String.format(Locale.US, "%3d%%", (int) Math.floor(fraction * 100)));
            b.append("  ").append(count(done)).append('/').append(count(total)).append(" rows");
        } else {
            b.append("  ").append(count(done)).append(" rows");
        }
        b.append("  ").append(perSecond < 0 ? "--" : count(Math.round(perSecond))).append(" rows/s");
        if (total > 0) {
            b.append("  ETA ").append(eta(perSecond));
        }
        return b.toString();
    }

    private String eta(double perSecond) {
        long left = Math.max(0, total - done);
        if (left == 0) {
            return "0:00";
        }
        if (perSecond <= 0) {
            return "--:--";
        }
        long seconds = (long) Math.ceil(left / perSecond);
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.US, "%d:%02d:%02d", h, m, s) : String.format(Locale.US, "%d:%02d", m, s);
    }

    private static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }
}
