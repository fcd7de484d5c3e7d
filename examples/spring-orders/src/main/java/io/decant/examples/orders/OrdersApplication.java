package io.decant.examples.orders;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class OrdersApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    @Bean(defaultCandidate = false) // the orders service's database: Decant's new store, not the application's
    @ConfigurationProperties("orders.datasource")
    HikariDataSource ordersDataSource() {
        return new HikariDataSource();
    }
}
