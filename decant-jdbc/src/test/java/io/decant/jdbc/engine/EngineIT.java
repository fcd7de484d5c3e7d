package io.decant.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine a connection's metadata names is the one its URL names, on both test servers. */
class EngineIT {

    @ParameterizedTest
    @EnumSource(TestDatabases.Engine.class)
    void theEngineReadFromAConnectionIsTheOneItsUrlNames(TestDatabases.Engine server) throws Exception {
        try (Database db = TestDatabases.of(server).createDatabase(); Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            Engine byUrl = Engine.forUrl(db.url()).orElseThrow();
            Engine byMetadata = Engine.of(meta).orElseThrow();

            assertThat(byMetadata.name()).isEqualTo(byUrl.name())
                    .isEqualTo(server == TestDatabases.Engine.POSTGRES ? "PostgreSQL" : "MariaDB");
            assertThat(byMetadata.matchesUrl(meta.getURL())).isTrue();
            // the product and its release, without a distribution's suffix
            assertThat(byMetadata.productVersion(meta)).matches("(PostgreSQL|MariaDB|MySQL) [0-9]+(\\.[0-9]+)+");
        }
    }
}
