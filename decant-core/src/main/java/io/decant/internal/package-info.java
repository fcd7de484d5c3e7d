/**
 * The engines behind {@link io.decant.Decant}, one subpackage each (backfill, verify, repair, backup,
 * phase, routing), and what several of them share: {@link io.decant.internal.LocalProcesses}, the
 * name a lease holder goes by and whether a process on this host that held one is gone.
 */
package io.decant.internal;
