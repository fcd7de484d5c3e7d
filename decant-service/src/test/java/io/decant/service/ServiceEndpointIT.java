package io.decant.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.decant.jdbc.TestStores;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the JDK endpoint adds around the protocol: bounded bodies, and the service's own sessions left as they were. */
class ServiceEndpointIT {
    private static final String TOKEN = "endpoint-token-0123456";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void boundsBodiesAndLeavesTheServiceSessionsInTheirOwnTimeZone(Engine engine) throws Exception {
        try (Database db = TestStores.freshDatabase(engine); HikariDataSource pool = ServiceContractIT.pool(db)) {
            pool.setMaximumPoolSize(1); // every call borrows the one session the service uses too
            db.execute(engine == Engine.POSTGRES ? ServiceContractIT.POSTGRES_TABLE : ServiceContractIT.MARIADB_TABLE);
            try (RunningEndpoint endpoint = DecantEndpoint.over(pool, "contract_rows").token(TOKEN)
                    .limits(4096, 1 << 20, 100).start(0)) {
                HttpClient http = HttpClient.newHttpClient();
                URI base = endpoint.uri();
                String big = "{\"keys\": [" + "[1],".repeat(2000) + "[1]]}";
                HttpResponse<String> tooLarge = post(http, base.resolve("/decant/v1/tables/contract_rows/rows/read"), big);
                assertThat(tooLarge.statusCode()).isEqualTo(413);
                assertThat(tooLarge.body()).contains("\"too_large\"");

                HttpResponse<String> hashed = post(http, base.resolve("/decant/v1/tables/contract_rows/spans/digests"),
                        "{\"columns\": [{\"column\": \"created\"}]}");
                assertThat(hashed.statusCode()).isEqualTo(200);
                assertThat(serviceTimeZone(pool, engine)).isIn("America/New_York", "-05:00");
            }
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String serviceTimeZone(HikariDataSource pool, Engine engine) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(engine == Engine.POSTGRES ? "SHOW TIME ZONE" : "SELECT @@session.time_zone")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
