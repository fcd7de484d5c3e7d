/**
 * Progress display for long jobs: {@link io.decant.cli.progress.ProgressBar} renders a
 * {@link io.decant.ProgressListener}'s updates as a redrawn bar with rate and ETA on a terminal,
 * or as a plain line every few seconds when the output is a file or a pipe.
 */
package io.decant.cli.progress;
