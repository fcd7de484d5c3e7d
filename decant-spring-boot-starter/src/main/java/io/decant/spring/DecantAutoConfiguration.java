package io.decant.spring;

import io.decant.Decant;
import io.decant.TransactionScope;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.config.StoreConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A {@link Decant} bean from {@code decant.*} (active when {@code decant.config} is set): the
 * configuration read from that resource, stores on the application's DataSource beans (a
 * migration's legacy store on the primary one unless told otherwise), Spring's transactions, the
 * Micrometer registry when there is one, and a {@link io.decant.Migration} bean per migration
 * ({@link DecantMigrations}). Decant is closed before the DataSources it uses.
 */
@AutoConfiguration(afterName = {
        // Spring Boot 3
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        // Spring Boot 4 (its auto-configurations moved to the modules of their features)
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
@ConditionalOnClass(Decant.class)
@ConditionalOnProperty(prefix = "decant", name = "config")
@EnableConfigurationProperties(DecantProperties.class)
public class DecantAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(DecantAutoConfiguration.class);
    /** The value of {@code decant.stores.<name>.data-source} that keeps a store on a pool of Decant's. */
    public static final String NO_DATA_SOURCE = "none";

    /** Spring's transactions, when spring-tx is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.transaction.support.TransactionSynchronizationManager")
    static class Transactions {
        @Bean
        @ConditionalOnMissingBean(TransactionScope.class)
        TransactionScope decantTransactions(ObjectProvider<PlatformTransactionManager> transactionManager) {
            return new SpringTransactions(transactionManager.getIfAvailable());
        }
    }

    @Bean
    static DecantMigrations decantMigrations(Environment environment) {
        return new DecantMigrations(environment);
    }

    /** {@link Migrated} Spring Data repositories, when Spring Data and Spring JDBC are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.data.repository.CrudRepository", "org.springframework.jdbc.core.JdbcTemplate"})
    static class Repositories {
        @Bean
        static MigratedRepositories decantMigratedRepositories() {
            return new MigratedRepositories();
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Decant.class)
    Decant decant(DecantProperties properties, Environment environment, ResourceLoader resourceLoader,
                  ConfigurableListableBeanFactory beanFactory, ObjectProvider<TransactionScope> transactions,
                  ObjectProvider<DecantBuilderCustomizer> customizers) {
        DecantConfig config = DecantConfigResource.load(environment, resourceLoader);
        Decant.Builder builder = Decant.builder(config);
        for (Map.Entry<String, String> binding : bindings(config, properties, beanFactory).entrySet()) {
            builder.dataSource(binding.getKey(), beanFactory.getBean(binding.getValue(), DataSource.class));
            // destroyed after Decant: Decant leaves the registry and flushes through it on close
            beanFactory.registerDependentBean(binding.getValue(), "decant");
        }
        transactions.ifAvailable(builder::transactions);
        meterRegistry(beanFactory).ifPresent(builder::meterRegistry);
        if (properties.getInstanceId() != null) {
            builder.instanceId(properties.getInstanceId());
        }
        builder.backgroundRepair(properties.isBackgroundRepair());
        customizers.orderedStream().forEach(c -> c.customize(builder));
        Decant decant = builder.open();
        if (properties.isInit()) {
            try {
                decant.init();
            } catch (RuntimeException e) {
                decant.close();
                throw e;
            }
        }
        return decant;
    }

    /** The Micrometer registry, when Micrometer is on the class path and the application has one. */
    private static java.util.Optional<Object> meterRegistry(ConfigurableListableBeanFactory beanFactory) {
        try {
            Class<?> type = Class.forName("io.micrometer.core.instrument.MeterRegistry", false, DecantAutoConfiguration.class.getClassLoader());
            return java.util.Optional.ofNullable(beanFactory.getBeanProvider(type).getIfAvailable());
        } catch (ClassNotFoundException absent) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Store name → DataSource bean name: {@code decant.stores.<name>.data-source} when set (unless
     * {@code none}), else, for a migration's legacy store that is not a service's, the primary DataSource.
     */
    static Map<String, String> bindings(DecantConfig config, DecantProperties properties, ConfigurableListableBeanFactory beanFactory) {
        for (String named : properties.getStores().keySet()) {
            config.store(named); // BAD_CONFIG naming the unknown store
        }
        Set<String> legacy = config.migrations().values().stream().map(m -> m.source().store()).collect(Collectors.toSet());
        Map<String, String> out = new LinkedHashMap<>();
        for (StoreConfig store : config.stores().values()) {
            DecantProperties.Store p = properties.getStores().get(store.name());
            String bean = p == null ? null : p.getDataSource();
            if (bean == null && legacy.contains(store.name()) && !store.isHttp()) {
                bean = primaryDataSource(beanFactory);
            }
            if (bean == null || bean.equals(NO_DATA_SOURCE)) {
                continue;
            }
            if (!beanFactory.containsBean(bean) || !beanFactory.isTypeMatch(bean, DataSource.class)) {
                throw io.decant.DecantException.badConfig("decant.stores." + store.name() + ".data-source: no DataSource bean named '"
                        + bean + "'; DataSource beans: " + String.join(", ", beanFactory.getBeanNamesForType(DataSource.class)));
            }
            out.put(store.name(), bean);
        }
        LOG.info("decant: stores on the application's DataSources: {}", out);
        return out;
    }

    /**
     * The primary DataSource bean's name: the one injection by type would give (the only candidate, or
     * the primary one; a bean declared {@code defaultCandidate = false} does not count); null when none.
     */
    private static String primaryDataSource(ConfigurableListableBeanFactory beanFactory) {
        DataSource primary = beanFactory.getBeanProvider(DataSource.class).getIfAvailable();
        if (primary == null) {
            return null;
        }
        for (String name : beanFactory.getBeanNamesForType(DataSource.class)) {
            if (beanFactory.getBean(name) == primary) {
                return name;
            }
        }
        return null;
    }

    static List<String> migrationNames(DecantConfig config) {
        return config.migrations().values().stream().map(MigrationConfig::name).toList();
    }
}
