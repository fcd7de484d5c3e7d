/**
 * The {@code decant} command line: {@link io.decant.cli.DecantCli} is the entry point,
 * {@link io.decant.cli.RootCommand} lists the commands, and each command is a small class that
 * loads the configuration, calls the {@code Decant} facade and prints the result. Exit codes are
 * mapped from {@link io.decant.ErrorCode} in one place, {@link io.decant.cli.ExitCodes}.
 */
package io.decant.cli;
