package io.decant.cli;

import io.decant.GuardResult;
import io.decant.PhaseChange;
import java.io.PrintWriter;
import java.util.List;

/** Prints phase changes with the guard evidence that allowed each. */
final class PhaseChanges {
    private PhaseChanges() {
    }

    static void print(PrintWriter out, String migration, List<PhaseChange> changes) {
        if (changes.isEmpty()) {
            out.println(migration + ": no phase change");
        }
        for (PhaseChange c : changes) {
            out.println(migration + ": " + c.from() + " -> " + c.to() + "  (phase version " + c.version()
                    + (c.forced() ? ", FORCED" : "") + "; every live instance acknowledged in " + c.barrierMillis() + " ms)");
            for (GuardResult g : c.guards()) {
                out.println("  " + g);
            }
        }
        out.flush();
    }
}
