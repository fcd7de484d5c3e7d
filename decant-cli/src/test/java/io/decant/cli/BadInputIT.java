package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad configuration and bad arguments: each exits 2 with a message naming the problem, and
 * changes nothing in either database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    @TempDir
    static Path dir;

    /** Never initialized: a bad configuration must not create Decant's control tables. */
    private OrdersFixture fresh;
    /** Initialized: a bad argument must not change the control tables. */
    private OrdersFixture initialized;
    private Path initializedConfig;

    @BeforeAll
    void databases() throws Exception {
        fresh = OrdersFixture.create(java.nio.file.Files.createDirectories(dir.resolve("fresh")));
        initialized = OrdersFixture.create(java.nio.file.Files.createDirectories(dir.resolve("initialized")));
        initializedConfig = initialized.write("decant.yaml", initialized.yaml());
        Cli.Result init = Cli.run("init", "--config", initializedConfig.toString());
        assertThat(init.exitCode()).as(init.toString()).isZero();
    }

    static Stream<Arguments> badConfigurations() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(config("malformed YAML", y -> y + "  bad: [unclosed\n", "malformed YAML"));
        cases.add(config("an empty file", y -> "", "the file is empty"));
        cases.add(config("an unknown top-level key", y -> y + "colour: blue\n", "unknown key 'colour'"));
        cases.add(config("an unknown migration key", y -> y + "    speed: 3\n", "migrations.orders: unknown key 'speed'"));
        cases.add(config("an unknown store referenced", y -> y.replace("store: service", "store: warehouse"),
                "migrations.orders.target.store", "no store named 'warehouse'"));
        cases.add(config("a bad URL scheme", y -> y.replaceFirst("url: jdbc:postgresql:", "url: jdbc:oracle:thin:"),
                "stores.legacy.url", "jdbc:oracle:thin:", "not a supported JDBC URL"));
        cases.add(config("a store without a url", y -> y.replaceFirst("    url: jdbc:postgresql:[^\\n]*\\n", ""),
                "stores.legacy.url", "a JDBC URL is required"));
        cases.add(config("SQL injected into a table name",
                y -> y.replace("{ store: legacy, table: orders,", "{ store: legacy, table: \"orders; drop table x\","),
                "'orders; drop table x' is not a plain table name"));
        cases.add(config("SQL injected into a column name",
                y -> y.replace("customer: customer_id", "customer: \"customer_id) FROM orders; DROP TABLE orders; --\""),
                "migrations.orders.columns.customer", "is not a plain SQL identifier"));
        cases.add(config("SQL injected into a key column",
                y -> y.replace("key: [id]", "key: [\"id\\\" OR 1=1\"]"), "is not a plain SQL identifier"));
        cases.add(config("a key column that is not mapped", y -> y.replace("      order_id: id\n", ""),
                "target key column 'order_id' is not mapped"));
        cases.add(config("a version column that is not mapped", y -> y.replace("      updated_at: updated_at\n", ""),
                "version column 'updated_at' is not mapped"));
        cases.add(config("an unset environment variable",
                y -> y.replaceFirst("    user: ([^\\n]*)\\n", "    user: \\${DECANT_TEST_UNSET_VARIABLE_7Q}\n"),
                "stores.legacy.user", "environment variable DECANT_TEST_UNSET_VARIABLE_7Q is not set"));
        cases.add(config("a bad duration", y -> y + "    verify: { max-age: 3 days }\n",
                "migrations.orders.verify.max-age", "'3 days' is not a duration"));
        cases.add(config("an out-of-range chunk-rows", y -> y + "    backfill: { chunk-rows: 0 }\n",
                "chunk-rows: 0 is out of range"));
        cases.add(config("a chunk-rows that is not a number", y -> y + "    backfill: { chunk-rows: lots }\n",
                "migrations.orders.backfill.chunk-rows", "'lots' is not a whole number"));
        cases.add(config("an unknown guard", y -> y + "    guards: { backfill-done: false }\n",
                "migrations.orders.guards.backfill-done", "unknown guard"));
        cases.add(config("a bad intents mode", y -> y + "    intents: sometimes\n",
                "migrations.orders.intents", "'sometimes' must be sync or async"));
        cases.add(config("two legacy stores (a duplicate key)",
                y -> y.replaceFirst("stores:\n", "stores:\n  legacy:\n    url: jdbc:postgresql://127.0.0.1:1/elsewhere\n"),
                "duplicate key 'legacy' in stores on lines 2 and 4"));
        cases.add(config("a duplicate migration key", y -> y + "    intents: sync\n    intents: async\n",
                "duplicate key 'intents' in migrations.orders on lines"));
        cases.add(config("workers past the int range", y -> y + "    backfill: { workers: 4294967297 }\n",
                "migrations.orders.backfill.workers: 4294967297 is out of range"));
        cases.add(config("pool-size past the int range",
                y -> y.replaceFirst("  service:\n", "  service:\n    pool-size: 4294967304\n"),
                "stores.service.pool-size: 4294967304 is out of range"));
        cases.add(config("chunk-rows past the int range", y -> y + "    backfill: { chunk-rows: 4294967396 }\n",
                "chunk-rows: 4294967396 is out of range"));
        cases.add(config("an alias", y -> y.replace("table: orders, key: [id],", "table: &t orders, key: [id],")
                        .replace("{ store: service, table: orders,", "{ store: service, table: *t,"),
                "the alias *t is not supported"));
        cases.add(config("an unset environment variable in columns",
                y -> y.replace("customer: customer_id", "customer: ${DECANT_TEST_UNSET_VARIABLE_7Q}"),
                "migrations.orders.columns.customer", "environment variable DECANT_TEST_UNSET_VARIABLE_7Q is not set"));
        return cases.stream();
    }

    private static Arguments config(String problem, UnaryOperator<String> edit, String... expected) {
        return Arguments.of(problem, edit, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void aBadConfigurationExitsTwoNamingTheFileAndKeyAndCreatesNothing(String problem, UnaryOperator<String> edit,
                                                                         String[] expected) {
        Path file = fresh.write("bad.yaml", edit.apply(fresh.yaml()));
        String before = fresh.snapshot();

        Cli.Result r = Cli.run("init", "--config", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(problem).startsWith("decant: " + file).contains(expected);
        assertThat(r.out()).isEmpty();
        assertThat(fresh.controlTables()).as("no control tables created").isEmpty();
        assertThat(fresh.snapshot()).isEqualTo(before);
    }

    @Test
    void aMissingConfigurationFileExitsTwoNamingIt() {
        Path missing = fresh.dir.resolve("nowhere.yaml");

        Cli.Result r = Cli.run("init", "--config", missing.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("configuration file " + missing + " does not exist", "--config FILE", "DECANT_CONFIG");
        assertThat(fresh.controlTables()).isEmpty();
    }

    @Test
    void aConfigurationThatIsNotARegularSmallUtf8FileExitsTwoAndCreatesNothing() throws Exception {
        Path fifo = fresh.dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        Path huge = fresh.write("huge.yaml", fresh.yaml() + "    row-mapper: \"" + "x".repeat(50 * 1024 * 1024) + "\"\n");
        Path latin1 = fresh.dir.resolve("latin1.yaml");
        java.nio.file.Files.write(latin1, (fresh.yaml() + "# caf\u00e9\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String before = fresh.snapshot();
        record Case(Path file, String expected) {
        }
        for (Case c : List.of(new Case(Path.of("/dev/zero"), "/dev/zero is not a regular file"),
                new Case(fifo, fifo + " is not a regular file"),
                new Case(fresh.dir, fresh.dir + " is a directory"),
                new Case(huge, huge + " is larger than 256 KiB"),
                new Case(latin1, latin1 + " is not UTF-8 text: byte 0xE9"))) {
            Cli.Result r = Cli.run("init", "--config", c.file().toString());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).startsWith("decant: configuration file ").contains(c.expected());
        }
        assertThat(fresh.controlTables()).isEmpty();
        assertThat(fresh.snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "on {0}")
    @org.junit.jupiter.params.provider.EnumSource(io.decant.jdbc.testing.TestDatabases.Engine.class)
    void sourceAndTargetNamingOneTableDifferentlyAreRefused(io.decant.jdbc.testing.TestDatabases.Engine engine)
            throws Exception {
        OrdersFixture one = OrdersFixture.create(java.nio.file.Files.createDirectories(dir.resolve("same-" + engine)), engine);
        String schema = engine == io.decant.jdbc.testing.TestDatabases.Engine.POSTGRES ? "public" : one.legacy.name();
        String sameTable = one.yaml().replaceFirst("migrations:[\\s\\S]*", "migrations:\n  orders:\n"
                + "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: legacy, table: " + schema + ".orders, key: [id] }\n");
        Path file = one.write("same.yaml", sameTable);
        String before = one.snapshot();

        Cli.Result r = Cli.run("init", "--config", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("decant: ").contains("source and target are the same table",
                "legacy: orders and legacy: " + schema + ".orders are both " + schema + ".orders");
        assertThat(one.controlTables()).isEmpty();
        assertThat(one.snapshot()).isEqualTo(before);
    }

    @Test
    void initRefusesOtherTablesForAMigrationPastLegacyOnly() throws Exception {
        OrdersFixture moved = OrdersFixture.create(java.nio.file.Files.createDirectories(dir.resolve("moved")));
        Path config = moved.write("decant.yaml", moved.yaml());
        assertThat(Cli.run("init", "--config", config.toString()).exitCode()).isZero();
        Cli.Result advance = Cli.run("advance", "orders", "--to", "DUAL_WRITE", "--config", config.toString());
        assertThat(advance.exitCode()).as(advance.toString()).isZero();
        moved.service.execute("CREATE TABLE orders_v2 (order_id BIGINT PRIMARY KEY, customer BIGINT NOT NULL,"
                + " total_cents BIGINT NOT NULL, status VARCHAR(20), updated_at TIMESTAMP NOT NULL)");
        Path other = moved.write("other.yaml", moved.yaml().replace("{ store: service, table: orders,",
                "{ store: service, table: orders_v2,"));
        String before = moved.snapshot();

        Cli.Result r = Cli.run("init", "--config", other.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("the migration is in DUAL_WRITE with the tables"
                + " legacy:public.orders -> service:public.orders, but the configuration now names"
                + " legacy:public.orders -> service:public.orders_v2");
        assertThat(moved.snapshot()).isEqualTo(before);

        Path respelled = moved.write("respelled.yaml", moved.yaml().replace("{ store: service, table: orders,",
                "{ store: service, table: public.orders,"));
        Cli.Result same = Cli.run("init", "--config", respelled.toString());
        assertThat(same.exitCode()).as("the same tables written differently: " + same).isZero();
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                arguments("an unknown migration name", "unknown migration 'invoices'; known migrations: orders",
                        "advance", "invoices"),
                arguments("an unknown migration name in status", "unknown migration 'invoices'", "status", "invoices"),
                arguments("an unknown migration name in repair", "unknown migration 'invoices'", "repair", "invoices"),
                arguments("an unknown migration name in rollback", "unknown migration 'invoices'",
                        "rollback", "invoices", "--to", "LEGACY_ONLY", "--reason", "test"),
                arguments("an unknown phase in --to", "'SIDEWAYS' is not a phase; phases are LEGACY_ONLY, DUAL_WRITE",
                        "advance", "orders", "--to", "SIDEWAYS"),
                arguments("an unknown phase in rollback --to", "'yesterday' is not a phase",
                        "rollback", "orders", "--to", "yesterday", "--reason", "test"),
                arguments("--force without --reason", "--force needs --reason", "advance", "orders", "--to", "dual-write", "--force"),
                arguments("--force with a blank --reason", "--force needs --reason",
                        "advance", "orders", "--force", "--reason", "  "),
                arguments("rollback without --reason", "Missing required option: '--reason=TEXT'",
                        "rollback", "orders", "--to", "LEGACY_ONLY"),
                arguments("rollback without --to", "Missing required option: '--to=PHASE'",
                        "rollback", "orders", "--reason", "test"),
                arguments("an unknown option", "Unknown option: '--colour=blue'", "advance", "orders", "--colour=blue"),
                arguments("a bad --wait", "'soon' is not a duration", "advance", "orders", "--wait", "soon"),
                arguments("a --wait without unit", "'30' is not a duration", "advance", "orders", "--wait", "30"),
                arguments("advance without a migration", "Missing required parameter: 'MIGRATION'", "advance"),
                arguments("an unknown command", "Unmatched argument at index", "frobnicate"));
    }

    private static Arguments arguments(String problem, String expected, String... args) {
        return Arguments.of(problem, expected, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void aBadArgumentExitsTwoNamingItAndChangesNothing(String problem, String expected, String[] args) {
        String before = initialized.snapshot();
        String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", initializedConfig.toString()))
                .toArray(String[]::new);

        Cli.Result r = Cli.run(withConfig);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(problem).startsWith("decant: ").contains(expected);
        assertThat(r.out()).isEmpty();
        assertThat(initialized.snapshot()).as("control tables and both orders tables unchanged").isEqualTo(before);
    }
}
