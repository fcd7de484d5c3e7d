package io.decant.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Connection pools of the simulated monolith's DAOs (each instance has its own, as a real process would). */
final class Pools {
    private Pools() {
    }

    static HikariDataSource open(DemoDatabase db, String name, int size) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(db.url());
        h.setDriverClassName(db.mariaDb() ? "org.mariadb.jdbc.Driver" : "org.postgresql.Driver");
        if (db.user() != null) {
            h.setUsername(db.user());
        }
        if (db.password() != null) {
            h.setPassword(db.password());
        }
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(1);
        h.setConnectionTimeout(5_000);
        h.setConnectionInitSql(db.mariaDb() ? "SET time_zone = '+00:00'" : "SET TIME ZONE 'UTC'");
        return new HikariDataSource(h);
    }
}
