package io.decant.demo;

import io.decant.GuardResult;
import io.decant.PhaseChange;
import io.decant.ProgressListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the demo talks: a numbered heading per step, indented lines of what happened and the
 * evidence, and progress bars from the caller's factory. Plain text, no colours.
 */
final class Narration {
    private final PrintWriter out;
    private final Function<PrintWriter, ProgressListener> bars;
    private final long start = System.nanoTime();
    private int step;

    Narration(PrintWriter out, Function<PrintWriter, ProgressListener> bars) {
        this.out = out;
        this.bars = bars;
    }

    void title(String text) {
        out.println(text);
        out.flush();
    }

    void step(String title) {
        step++;
        out.println();
        out.printf(Locale.ROOT, "%2d. %s  [%s]%n", step, title, elapsed());
        out.flush();
    }

    void line(String text) {
        out.println("    " + text);
        out.flush();
    }

    void lines(List<String> text) {
        text.forEach(this::line);
    }

    /** A block of text indented under the step, e.g. the configuration. */
    void block(String text) {
        text.lines().forEach(l -> out.println("      " + l));
        out.flush();
    }

    void phaseChange(PhaseChange c) {
        line(c.from() + " -> " + c.to() + " (phase version " + c.version() + (c.forced() ? ", FORCED" : "")
                + "), every live instance acknowledged in " + c.barrierMillis() + " ms");
        for (GuardResult g : c.guards()) {
            line("  guard " + g);
        }
    }

    /** A progress bar for one job; close it when the job ends. */
    ProgressListener bar() {
        return bars.apply(out);
    }

    String elapsed() {
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    PrintWriter out() {
        return out;
    }
}
