package io.decant.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.decant.Migration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application with two DataSources: the primary one (its own database, where the legacy
 * {@code orders} and {@code visits} tables are; JPA's) and {@code ordersDataSource} (the service's
 * database); a JPA repository of visits ({@link VisitRepository}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class StarterTestApplication {

    @Bean
    @Primary
    HikariDataSource dataSource(Environment env) {
        return pool("application", env.getRequiredProperty("test.legacy.url"), env.getProperty("test.legacy.user"),
                env.getProperty("test.legacy.password"));
    }

    @Bean
    HikariDataSource ordersDataSource(Environment env) {
        return pool("orders", env.getRequiredProperty("test.new.url"), env.getProperty("test.new.user"),
                env.getProperty("test.new.password"));
    }

    private static HikariDataSource pool(String name, String url, String user, String password) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName(name);
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword(password);
        ds.setMaximumPoolSize(6);
        return ds;
    }

    /** The application's code: writes an order through the migration (injected by its qualifier). */
    @Bean
    OrdersWriter ordersWriter(@Qualifier("orders") Migration orders, DataSource dataSource,
                              @Qualifier("ordersDataSource") DataSource ordersDataSource) {
        return new OrdersWriter(orders, new JdbcTemplate(dataSource), new JdbcTemplate(ordersDataSource));
    }

    record OrdersWriter(Migration orders, JdbcTemplate legacy, JdbcTemplate service) {
        void save(long id, long customer, long total, String status) {
            orders.write(id,
                    () -> legacy.update(upsert(legacy, "orders", "id", "customer_id"), id, customer, total, status),
                    () -> service.update(upsert(service, "orders_v2", "order_id", "customer"), id, customer, total, status));
        }

        /** An upsert of an order in PostgreSQL's or MariaDB's words. */
        private static String upsert(JdbcTemplate db, String table, String id, String customer) {
            String insert = "INSERT INTO " + table + " (" + id + ", " + customer + ", total_cents, status) VALUES (?, ?, ?, ?)";
            boolean postgres = "PostgreSQL".equals(db.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName()));
            return postgres
                    ? insert + " ON CONFLICT (" + id + ") DO UPDATE SET " + customer + " = EXCLUDED." + customer
                    + ", total_cents = EXCLUDED.total_cents, status = EXCLUDED.status"
                    : insert + " ON DUPLICATE KEY UPDATE " + customer + " = VALUES(" + customer + "), total_cents = VALUES(total_cents),"
                    + " status = VALUES(status)";
        }

        Integer legacyCount(long id) {
            return legacy.queryForObject("SELECT count(*) FROM orders WHERE id = ?", Integer.class, id);
        }

        Integer serviceCount(long id) {
            return service.queryForObject("SELECT count(*) FROM orders_v2 WHERE order_id = ?", Integer.class, id);
        }
    }
}
