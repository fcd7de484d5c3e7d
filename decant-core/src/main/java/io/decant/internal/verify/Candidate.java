package io.decant.internal.verify;

import io.decant.VerifyReport;
import io.decant.spi.Key;

/** A difference seen once, to be rechecked before it counts. */
record Candidate(VerifyReport.Kind kind, Key key) {
}
