package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ExitCodeMappingTest {
    /** The documented contract (README.md, "Command line"). */
    private static final Map<ErrorCode, Integer> DOCUMENTED = Map.of(
            ErrorCode.DIFFERENCES, 1,
            ErrorCode.BAD_CONFIG, 2,
            ErrorCode.GUARD_REFUSED, 3,
            ErrorCode.FAILURE, 4,
            ErrorCode.BARRIER_TIMEOUT, 5);

    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final Throwable failure;

        Failing(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) failure;
        }
    }

    private static Cli.Result runFailing(Throwable failure, String... extra) {
        CommandLine cli = DecantCli.commandLine();
        cli.addSubcommand("fail", new Failing(failure));
        String[] args = new String[extra.length + 1];
        args[0] = "fail";
        System.arraycopy(extra, 0, args, 1, extra.length);
        return Cli.run(cli, args);
    }

    @Test
    void everyErrorCodeHasItsDocumentedExitCode() {
        assertThat(ErrorCode.values()).hasSize(DOCUMENTED.size());
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ExitCodes.of(code)).as(code.name()).isEqualTo(DOCUMENTED.get(code));
            assertThat(code.exitCode()).as("core's number for " + code).isEqualTo(DOCUMENTED.get(code));
        }
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void aCommandFailingWithAnErrorCodeExitsWithItsNumber(ErrorCode code) {
        Cli.Result r = runFailing(new DecantException(code, "it went wrong", List.of("first detail", "second detail"), null));

        assertThat(r.exitCode()).isEqualTo(DOCUMENTED.get(code));
        assertThat(r.err()).isEqualTo("decant: it went wrong\n  first detail\n  second detail\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnexpectedExceptionExitsFourWithOneLineAndNoStackTrace() {
        Cli.Result r = runFailing(new IllegalStateException("pool closed\nsecond line"));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).startsWith("decant: unexpected IllegalStateException: pool closed\n")
                .doesNotContain("second line").doesNotContain("\tat ");
    }

    @Test
    void aJavaErrorExitsFourWithADecantMessageNamingItsCauseAndNoStackTrace() {
        Cli.Result r = runFailing(new ExceptionInInitializerError(new UnsatisfiedLinkError("no zstd-jni in java.library.path")));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).startsWith("decant: unexpected ExceptionInInitializerError"
                        + " (UnsatisfiedLinkError: no zstd-jni in java.library.path)\n").doesNotContain("\tat ");
        Cli.Result oom = runFailing(new OutOfMemoryError("Java heap space"));
        assertThat(oom.exitCode()).isEqualTo(4);
        assertThat(oom.err()).startsWith("decant: unexpected OutOfMemoryError: Java heap space\n");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result r = runFailing(new IllegalStateException("pool closed"), "--verbose");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("decant: unexpected IllegalStateException: pool closed", "\tat ");
    }

    @Test
    void usageErrorsExitTwoWithTheMessageAndTheSynopsis() {
        Cli.Result r = Cli.run("advance", "orders", "--colour", "blue");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("decant: Unknown options: '--colour', 'blue'", "Usage: decant advance",
                "Run 'decant advance --help'");
    }

    @Test
    void theMapperTreatsParameterErrorsAsUsageAndOtherThrowablesAsFailures() {
        ExitCodes mapper = new ExitCodes();
        CommandLine cli = DecantCli.commandLine();

        assertThat(mapper.getExitCode(new CommandLine.ParameterException(cli, "bad"))).isEqualTo(2);
        assertThat(mapper.getExitCode(new OutOfMemoryError())).isEqualTo(4);
        assertThat(mapper.getExitCode(DecantException.badConfig("x"))).isEqualTo(2);
    }
}
