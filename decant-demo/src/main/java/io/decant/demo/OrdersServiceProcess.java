package io.decant.demo;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.StoreConfig;
import io.decant.service.DecantService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The orders service as a separate process ({@link OrdersServer}, started with this JVM's
 * {@code java} and class path): the monolith calls its orders API over HTTP, and Decant reaches its
 * table only through Decant's store protocol, as an {@code http:} store with a bearer token. The
 * token is made here, handed over in the child's environment and never printed.
 *
 * <p>The process ends when this is closed, when this JVM shuts down (Ctrl-C: a shutdown hook),
 * and when this JVM dies without either (its standard input, a pipe from this JVM, then ends).
 */
public final class OrdersServiceProcess implements OrdersService {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI api;
    private final URI decant;
    private final String token;
    private final Path log;
    private final Thread killOnExit;

    private OrdersServiceProcess(Process process, URI api, URI decant, String token, Path log, Thread killOnExit) {
        this.process = process;
        this.api = api;
        this.decant = decant;
        this.token = token;
        this.log = log;
        this.killOnExit = killOnExit;
    }

    /**
     * Starts the service over {@code db} (its {@code orders} table must exist) and returns once it
     * answers both its API and Decant's protocol; its standard error goes to {@code workDir}.
     */
    public static OrdersServiceProcess start(DemoDatabase db, Path workDir) {
        String token = newToken();
        Path log = workDir.resolve("orders-service.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), OrdersServer.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        pb.environment().put(OrdersServer.DB_URL, db.url());
        putOrRemove(pb, OrdersServer.DB_USER, db.user());
        putOrRemove(pb, OrdersServer.DB_PASSWORD, db.password());
        pb.environment().put(OrdersServer.TOKEN, token);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DecantException(ErrorCode.FAILURE, "cannot start the orders service process: " + e.getMessage(), e);
        }
        Thread killOnExit = new Thread(() -> kill(p), "orders-service-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            String ready = readyLine(p, log);
            String[] words = ready.split(" ");
            URI api = URI.create(words[1].substring("api=".length()));
            URI decant = URI.create(words[2].substring("decant=".length()));
            OrdersServiceProcess service = new OrdersServiceProcess(p, api, decant, token, log, killOnExit);
            service.awaitAnswers();
            return service;
        } catch (RuntimeException e) {
            kill(p);
            removeHook(killOnExit);
            throw e;
        }
    }

    /** The child's pid, to show and to check that it is gone. */
    public long pid() {
        return process.pid();
    }

    /** Its orders API, e.g. {@code http://127.0.0.1:41234}. */
    public URI api() {
        return api;
    }

    /** Where it serves Decant's store protocol: the {@code url:} of the {@code http:} store. */
    public URI decant() {
        return decant;
    }

    @Override
    public StoreConfig store(String name, int poolSize) {
        return new StoreConfig(name, decant.toString(), null, token, poolSize);
    }

    @Override
    public OrderStore client(String name, int connections, BooleanSupplier outage) {
        return new OrdersApiClient(api, name, outage);
    }

    /** Ends the process: its standard input closes (it stops by itself), else it is killed. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill(process);
            }
        } catch (IOException e) {
            kill(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        } finally {
            removeHook(killOnExit);
        }
    }

    private static void kill(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    /** The child's first line of standard output, {@code READY api=… decant=…}. */
    private static String readyLine(Process p, Path log) {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String ready;
        try {
            ready = line.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw failed("did not start within " + START_TIMEOUT.toSeconds() + " s", log, e);
        } catch (ExecutionException e) {
            throw failed("could not be read", log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("was not waited for (interrupted)", log, e);
        }
        if (ready == null || !ready.startsWith(OrdersServer.READY + " api=") || ready.split(" ").length != 3) {
            throw failed("ended before it was ready", log, null);
        }
        return ready;
    }

    /** Waits until the service answers its API and (with the token) Decant's protocol. */
    private void awaitAnswers() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failed("ended while it was waited for (exit " + process.exitValue() + ")", log, null);
            }
            try {
                int apiStatus = http.send(HttpRequest.newBuilder(api.resolve(OrdersApi.PATH + "0")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                int decantStatus = http.send(HttpRequest.newBuilder(decant.resolve(DecantService.BASE + OrdersSchema.SERVICE_TABLE))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (apiStatus == 404 && decantStatus == 200) {
                    return;
                }
                last = "orders API answered " + apiStatus + ", Decant's protocol " + decantStatus;
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("was not waited for (interrupted)", log, e);
            }
            DemoJourney.sleep(Duration.ofMillis(200));
        }
        throw failed("did not answer within " + START_TIMEOUT.toSeconds() + " s (" + last + ")", log, null);
    }

    private static DecantException failed(String what, Path log, Exception cause) {
        return new DecantException(ErrorCode.FAILURE, "the orders service process " + what + "; its log: " + tail(log), cause);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "(empty)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void putOrRemove(ProcessBuilder pb, String name, String value) {
        if (value == null) {
            pb.environment().remove(name);
        } else {
            pb.environment().put(name, value);
        }
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "OrdersServiceProcess[pid=" + process.pid() + ", api=" + api + ", decant=" + decant + ", token=***]";
    }
}
