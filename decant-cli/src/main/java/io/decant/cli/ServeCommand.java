package io.decant.cli;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.cli.serve.AllowedHosts;
import io.decant.cli.serve.DashboardServer;
import io.decant.cli.serve.ServeSettings;
import io.decant.config.DecantConfig;
import io.decant.wire.BearerToken;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code decant serve}: the dashboard, the JSON API and Prometheus metrics, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Serve the dashboard, a JSON API and Prometheus metrics.",
        description = {"Serves a dashboard of every configured migration (refreshed every 2 s), a JSON API and"
                + " Prometheus metrics, until Ctrl-C.",
            "",
            "  GET  /                                  the dashboard",
            "  GET  /api/migrations[/NAME]             status as JSON",
            "  POST /api/migrations/NAME/advance       {\"to\"?, \"force\"?, \"reason\"?, \"wait\"?}",
            "  POST /api/migrations/NAME/rollback      {\"to\", \"reason\", \"wait\"?}",
            "  GET  /metrics                           Prometheus text",
            "",
            "Advance and rollback need 'Authorization: Bearer <token>', the token being the value of the"
                + " environment variable named by --token-env (at least 16 characters); without it they are refused (403)."
                + " Failed authentications are logged and answered after a second.",
            "",
            "Requests must name this server in their Host header (its address, localhost for a loopback bind, or a"
                + " name given with --allow-host); a request is read within 10 s or its connection is closed.",
            "", "Exit codes: 0 stopped, 2 bad configuration or the port cannot be bound, 4 a store cannot be reached."})
public final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    private RootCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServeSettings.DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = ServeSettings.DEFAULT_BIND,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this host only; 0.0.0.0 for every interface).")
    private String bind;

    @Option(names = "--token-env", paramLabel = "NAME", defaultValue = ServeSettings.DEFAULT_TOKEN_ENV,
            description = "Environment variable holding the bearer token for advance and rollback (default: ${DEFAULT-VALUE}).")
    private String tokenEnv;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "A host name requests may carry in their Host header besides the bound address"
                    + " (repeatable; e.g. the name of a proxy in front). Other names are refused (421), against DNS rebinding.")
    private List<String> allowHosts = new ArrayList<>();

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is out of range (0 to 65535)");
        }
        Optional<BearerToken> token;
        try {
            token = BearerToken.fromEnvironment(tokenEnv);
        } catch (DecantException e) {
            throw new DecantException(e.code(), "$" + tokenEnv + ": " + e.getMessage(), e);
        }
        ServeSettings settings = new ServeSettings(bind, port, token, tokenEnv, AllowedHosts.forBind(bind, allowHosts));
        DecantConfig config = root.loadConfig();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        boolean interrupted = false;
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "decant-serve-shutdown");
        try (Decant decant = root.open(config);
             DashboardServer server = DashboardServer.start(decant, config, settings, spec.commandLine().getErr())) {
            Runtime.getRuntime().addShutdownHook(hook);
            String url = server.url().toString();
            out.println("decant serve: dashboard at " + url);
            out.println("  JSON API at " + url + "api/migrations, Prometheus metrics at " + url + "metrics");
            out.println(token.isPresent()
                    ? "  advance and rollback over the API need 'Authorization: Bearer <token>' (the token in $" + tokenEnv + ")"
                    : "  advance and rollback over the API are disabled (403): $" + tokenEnv + " is not set");
            if (!isLoopback(bind)) {
                out.println("  listening on " + bind + ": anyone who reaches this host can read the dashboard and the API");
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            interrupted = !awaitStop(stop);
            out.println("decant serve: stopping");
            out.flush();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the JVM is already shutting down (Ctrl-C), or the hook was never added: nothing to remove
            }
            stopped.countDown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /** Waits for Ctrl-C (the shutdown hook); false when the waiting thread was interrupted instead. */
    private static boolean awaitStop(CountDownLatch stop) {
        try {
            stop.await();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
