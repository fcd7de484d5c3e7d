package io.decant.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A store's engine chosen from its JDBC URL, and what a pool is given to reach it. */
class EngineTest {

    @Test
    void aJdbcUrlNamesItsEngineAndNoOther() {
        assertThat(Engine.forUrl("jdbc:postgresql://127.0.0.1:5432/orders").map(Engine::name)).contains("PostgreSQL");
        assertThat(Engine.forUrl("jdbc:mariadb://127.0.0.1:3306/shop").map(Engine::name)).contains("MariaDB");
        assertThat(Engine.forUrl("jdbc:mysql://127.0.0.1:3306/shop").map(Engine::name)).contains("MariaDB");
        assertThat(Engine.forUrl("jdbc:h2:mem:orders")).isEmpty();
        assertThat(Engine.forUrl("http://orders.internal:8080/decant")).isEmpty();
        assertThat(Engine.forUrl(null)).isEmpty();
    }

    @Test
    void eachEngineClaimsOnlyItsOwnUrls() {
        Engine postgres = Engine.forUrl("jdbc:postgresql:orders").orElseThrow();
        Engine mariaDb = Engine.forUrl("jdbc:mariadb:shop").orElseThrow();

        assertThat(postgres.matchesUrl("jdbc:mariadb://h/shop")).isFalse();
        assertThat(mariaDb.matchesUrl("jdbc:postgresql://h/orders")).isFalse();
        assertThat(mariaDb.matchesUrl("jdbc:mysql://h/shop")).isTrue();
        assertThat(Engine.forUrl(postgres.urlPrefix() + "(application DataSource)")).map(Engine::name).contains("PostgreSQL");
        assertThat(Engine.forUrl(mariaDb.urlPrefix() + "(application DataSource)")).map(Engine::name).contains("MariaDB");
    }

    @Test
    void aMysqlUrlIsLetThroughTheMariaDbDriverAndOtherUrlsAreKept() {
        Engine mariaDb = Engine.forUrl("jdbc:mariadb:shop").orElseThrow();
        Engine postgres = Engine.forUrl("jdbc:postgresql:orders").orElseThrow();

        assertThat(mariaDb.poolUrl("jdbc:mysql://h:3306/shop")).isEqualTo("jdbc:mysql://h:3306/shop?permitMysqlScheme");
        assertThat(mariaDb.poolUrl("jdbc:mysql://h/shop?useSsl=true")).isEqualTo("jdbc:mysql://h/shop?useSsl=true&permitMysqlScheme");
        assertThat(mariaDb.poolUrl("jdbc:mysql://h/shop?permitMysqlScheme")).isEqualTo("jdbc:mysql://h/shop?permitMysqlScheme");
        assertThat(mariaDb.poolUrl("jdbc:mariadb://h/shop")).isEqualTo("jdbc:mariadb://h/shop");
        assertThat(postgres.poolUrl("jdbc:postgresql://h/orders")).isEqualTo("jdbc:postgresql://h/orders");
        assertThat(postgres.driverClassName()).isEqualTo("org.postgresql.Driver");
        assertThat(mariaDb.driverClassName()).isEqualTo("org.mariadb.jdbc.Driver");
        assertThat(postgres.dataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
        assertThat(mariaDb.dataSourceProperties()).isEmpty();
    }

    @Test
    void eachEngineHandsOutItsOwnVocabulariesOnce() {
        Engine engine = Engine.forUrl("jdbc:postgresql:orders").orElseThrow();

        assertThat(engine.dialect()).isSameAs(engine.dialect());
        assertThat(engine.dialect().quote("id")).isEqualTo("\"id\"");
        assertThat(Engine.forUrl("jdbc:mariadb:shop").orElseThrow().dialect().quote("id")).isEqualTo("`id`");
        assertThat(engine.controlSql()).isSameAs(engine.controlSql());
        assertThat(engine.hashSql()).isSameAs(engine.hashSql());
    }
}
