package io.decant.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.StoreConfig;
import io.decant.driver.StoreConnection;
import io.decant.driver.StoreDriver;
import io.decant.jdbc.driver.JdbcStoreDriver;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcStoreDriverIT {

    private static StoreDriver driver() {
        List<StoreDriver> drivers = ServiceLoader.load(StoreDriver.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(drivers).hasAtLeastOneElementOfType(JdbcStoreDriver.class);
        return drivers.stream().filter(d -> d instanceof JdbcStoreDriver).findFirst().orElseThrow();
    }

    @Test
    void theDriverIsFoundByServiceLoaderAndAcceptsTheThreeSchemes() {
        StoreDriver driver = driver();
        assertThat(driver.accepts(new StoreConfig("a", "jdbc:postgresql://h/db", null, null))).isTrue();
        assertThat(driver.accepts(new StoreConfig("b", "jdbc:mariadb://h/db", null, null))).isTrue();
        assertThat(driver.accepts(new StoreConfig("c", "jdbc:mysql://h/db", null, null))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void connectingGivesAPooledStoreThatNamesItsProductAndSharesOneControlStore(Engine engine) {
        Database db = TestStores.freshDatabase(engine);
        try (StoreConnection store = driver().connect(new StoreConfig("main", db.url(), db.user(), db.password(), 3))) {
            assertThat(store.productVersion()).startsWith(engine == Engine.POSTGRES ? "PostgreSQL 1" : "MariaDB 1");
            assertThat(store.control()).isSameAs(store.control());
            assertThat(store.config().name()).isEqualTo("main");
            assertThat(store.control().migrateSchema()).isPositive();
        }
    }

    @Test
    void aMysqlUrlIsServedByTheMariaDbDriver() {
        Database db = TestStores.freshDatabase(Engine.MARIADB);
        String url = db.url().replace("jdbc:mariadb:", "jdbc:mysql:");
        try (StoreConnection store = driver().connect(new StoreConfig("mysql", url, db.user(), db.password(), 2))) {
            assertThat(store.productVersion()).startsWith("MariaDB");
            assertThat(store.control().schemaVersion()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aWrongPasswordFailsNamingTheStoreButNotThePassword(Engine engine) {
        Database db = TestStores.freshDatabase(engine);
        String secret = "s3cr3t-Pa55word";
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "password=" + secret;

        assertThatThrownBy(() -> driver().connect(new StoreConfig("legacy", url, "decant_no_such_user", secret, 2)))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("store 'legacy'")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining(secret)
                .satisfies(e -> assertThat(((DecantException) e).code()).isEqualTo(ErrorCode.FAILURE));
    }

    @Test
    void anUnreachableServerFailsNamingTheStore() {
        StoreConfig config = new StoreConfig("orders", "jdbc:postgresql://127.0.0.1:1/orders", "u", "pw", 2);

        assertThatThrownBy(() -> driver().connect(config))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("store 'orders'")
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/orders");
    }
}
