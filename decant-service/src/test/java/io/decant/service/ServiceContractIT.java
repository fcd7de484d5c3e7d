package io.decant.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.jdbc.TestStores;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.service.contract.ContractReport;
import io.decant.service.contract.ServiceContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract kit against decant-service's own endpoint, on real PostgreSQL and MariaDB. */
class ServiceContractIT {
    static final String TOKEN = "contract-token-" + Long.toHexString(System.nanoTime());

    static final String POSTGRES_TABLE = "CREATE TABLE contract_rows (id bigint PRIMARY KEY, version bigint NOT NULL,"
            + " amount numeric(12,2), ratio double precision, flag boolean, note text, created timestamp(6), day date,"
            + " payload bytea, doc json, ref uuid, at timestamptz(6))";
    static final String MARIADB_TABLE = "CREATE TABLE contract_rows (id bigint PRIMARY KEY, version bigint NOT NULL,"
            + " amount decimal(12,2), ratio double, flag boolean, note text, created datetime(6), day date,"
            + " payload varbinary(255), doc json, ref uuid) CHARACTER SET utf8mb4";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theServicePassesTheContract(Engine engine) {
        try (Database db = TestStores.freshDatabase(engine);
             HikariDataSource pool = pool(db)) {
            db.execute(engine == Engine.POSTGRES ? POSTGRES_TABLE : MARIADB_TABLE);
            try (RunningEndpoint endpoint = DecantEndpoint.over(pool, "contract_rows").version("version").token(TOKEN).start(0)) {
                ContractReport report = ServiceContract.against(endpoint.uri(), TOKEN, "contract_rows",
                        new JdbcSeed(pool, engine, "contract_rows")).run();
                System.out.println("contract on " + engine + ":\n" + report);
                report.assertPassed();
                assertThat(report.checks()).hasSizeGreaterThan(25);
            }
        }
    }

    /** A service's own pool: not in UTC, so the endpoint must set its sessions up itself. */
    static HikariDataSource pool(Database db) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(db.url());
        h.setUsername(db.user());
        h.setPassword(db.password());
        h.setMaximumPoolSize(4);
        h.setConnectionInitSql(db.engine() == Engine.POSTGRES ? "SET TIME ZONE 'America/New_York'" : "SET time_zone = '-05:00'");
        return new HikariDataSource(h);
    }
}
