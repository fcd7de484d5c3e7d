package io.decant.it.verify;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A legacy database (also the control store) and a target database on real servers, holding an
 * {@code orders} table of every value kind on each side (renamed columns in the target, a
 * composite key), and a {@code decant.yaml} with two migrations over them: {@code orders} maps
 * every column (JSON included, so rows are compared in Java) and {@code orders_hashed} every
 * column but the JSON one (so spans are hashed in the databases).
 */
final class VerifyFixture implements AutoCloseable {
    static final String COLUMNS = """
            region: region
            order_id: id
            customer: customer_id
            total_cents: total
            status: status
            created: created_at
            updated: updated_at
            paid: paid
            payload: payload
            ref: ref
            """;

    final Database legacy;
    final Database target;
    final Engine legacyEngine;
    final Engine targetEngine;
    Decant decant;

    VerifyFixture(Engine legacyEngine, Engine targetEngine) {
        this.legacyEngine = legacyEngine;
        this.targetEngine = targetEngine;
        this.legacy = TestDatabases.of(legacyEngine).createDatabase();
        this.target = TestDatabases.of(targetEngine).createDatabase();
        legacy.execute(legacyEngine == Engine.POSTGRES
                ? "CREATE TABLE orders (region text NOT NULL, id bigint NOT NULL, customer_id integer, total numeric(12,2),"
                + " status varchar(20), created_at timestamptz, updated_at timestamp(6), paid boolean, payload bytea,"
                + " doc jsonb, ref uuid, PRIMARY KEY (region, id))"
                : "CREATE TABLE orders (region varchar(10) NOT NULL, id bigint NOT NULL, customer_id int, total decimal(12,2),"
                + " status varchar(20), created_at timestamp(6) NULL DEFAULT NULL, updated_at datetime(6), paid tinyint(1),"
                + " payload blob, doc json, ref uuid, PRIMARY KEY (region, id)) DEFAULT CHARSET=utf8mb4");
        target.execute(targetEngine == Engine.POSTGRES
                ? "CREATE TABLE orders (region text NOT NULL, order_id bigint NOT NULL, customer bigint, total_cents numeric(14,4),"
                + " status text, created timestamptz, updated timestamp(6), paid boolean, payload bytea, document jsonb,"
                + " ref uuid, PRIMARY KEY (region, order_id))"
                : "CREATE TABLE orders (region varchar(10) NOT NULL, order_id bigint NOT NULL, customer bigint,"
                + " total_cents decimal(14,4), status text, created timestamp(6) NULL DEFAULT NULL, updated datetime(6),"
                + " paid tinyint(1), payload blob, document json, ref char(36), PRIMARY KEY (region, order_id)) DEFAULT CHARSET=utf8mb4");
    }

    /** Writes decant.yaml and opens Decant; {@code verify} is the body of each migration's {@code verify:}. */
    Decant open(String verify) throws IOException {
        String yaml = "control: legacy\n"
                + "stores:\n" + store("legacy", legacy) + store("orders", target)
                + "migrations:\n"
                + migration("orders", COLUMNS + "document: doc\n", verify)
                + migration("orders_hashed", COLUMNS, verify);
        Path file = Files.createTempFile("decant-verify", ".yaml");
        try {
            Files.writeString(file, yaml);
            decant = Decant.open(DecantConfig.load(file));
        } finally {
            Files.deleteIfExists(file); // read once: nothing of the test is left in the temporary directory
        }
        decant.init();
        return decant;
    }

    private static String migration(String name, String columns, String verify) {
        return "  " + name + ":\n"
                + "    source: { store: legacy, table: orders, key: [region, id] }\n"
                + "    target: { store: orders, table: orders, key: [region, order_id] }\n"
                + "    columns:\n" + columns.lines().map(l -> "      " + l + "\n").reduce("", String::concat)
                + "    verify: " + verify + "\n";
    }

    private static String store(String name, Database db) {
        return "  " + name + ":\n    url: " + db.url() + "\n"
                + (db.user() == null ? "" : "    user: " + db.user() + "\n")
                + (db.password() == null ? "" : "    password: " + db.password() + "\n");
    }

    void advanceTo(Phase phase) {
        for (String m : new String[] {"orders", "orders_hashed"}) {
            decant.advance(m, new AdvanceRequest(Optional.of(phase), Duration.ofSeconds(10), true, "verify test", "test"));
        }
    }

    /** Inserts {@code rows} equal rows into both tables: keys ('eu'|'us', 1..rows/2), a NULL in every 7th row. */
    void fill(int rows) {
        StringBuilder l = new StringBuilder("INSERT INTO orders (region, id, customer_id, total, status, created_at, updated_at, paid, payload, doc, ref) VALUES ");
        StringBuilder t = new StringBuilder("INSERT INTO orders (region, order_id, customer, total_cents, status, created, updated, paid, payload, document, ref) VALUES ");
        for (int n = 0; n < rows; n++) {
            String sep = n == 0 ? "" : ", ";
            l.append(sep).append(values(legacyEngine, n));
            t.append(sep).append(values(targetEngine, n));
        }
        legacy.execute(l.toString());
        target.execute(t.toString());
    }

    static String region(int n) {
        return n % 2 == 0 ? "eu" : "us";
    }

    static long id(int n) {
        return n / 2 + 1;
    }

    private static String values(Engine e, int n) {
        boolean pg = e == Engine.POSTGRES;
        boolean nulls = n % 7 == 3;
        String created = nulls ? "NULL" : pg ? "'2024-03-0" + (n % 9 + 1) + " 10:15:30.123456+02'" : "'2024-03-0" + (n % 9 + 1) + " 08:15:30.123456'";
        String updated = nulls ? "NULL" : "'2024-04-01 12:00:0" + (n % 10) + ".5'";
        String paid = nulls ? "NULL" : pg ? (n % 2 == 0 ? "true" : "false") : (n % 2 == 0 ? "1" : "0");
        String payload = nulls ? "NULL" : pg ? "'\\x0a0b" + String.format("%02x", n % 256) + "'::bytea" : "X'0a0b" + String.format("%02x", n % 256) + "'";
        String doc = nulls ? "NULL" : "'{\"items\": [" + n + ", 2.50], \"note\": \"n" + n + "\"}'";
        String ref = nulls ? "NULL" : "'" + new java.util.UUID(0x1234L, n).toString() + "'";
        return "('" + region(n) + "', " + id(n) + ", " + (nulls ? "NULL" : String.valueOf(1000 + n)) + ", "
                + (nulls ? "NULL" : (n * 3) + ".50") + ", " + (nulls ? "NULL" : "'st|" + (n % 4) + "'") + ", " + created + ", "
                + updated + ", " + paid + ", " + payload + ", " + doc + ", " + ref + ")";
    }

    @Override
    public void close() {
        if (decant != null) {
            decant.close();
        }
    }
}
