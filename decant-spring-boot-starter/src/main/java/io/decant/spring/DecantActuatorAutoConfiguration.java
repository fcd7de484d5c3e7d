package io.decant.spring;

import io.decant.Decant;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Decant's health indicator ({@code decant}) and actuator endpoint ({@code /actuator/decant}), with
 * Actuator present, on Spring Boot 3 and 4: the health API moved to {@code org.springframework.boot.health}
 * in Spring Boot 4, so each version's indicator is configured only where its API is on the class path.
 */
@AutoConfiguration(after = DecantAutoConfiguration.class)
@ConditionalOnBean(Decant.class)
public class DecantActuatorAutoConfiguration {

    /** The endpoint: its API is the same in Spring Boot 3 and 4. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
    static class StatusEndpoint {
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        DecantStatusEndpoint decantStatusEndpoint(Decant decant) {
            return new DecantStatusEndpoint(decant);
        }
    }

    /** Spring Boot 3's health API. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.health.AbstractHealthIndicator",
            "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
    static class Boot3Health {
        @Bean
        @ConditionalOnMissingBean(name = "decantHealthIndicator")
        @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("decant")
        DecantHealthIndicator decantHealthIndicator(Decant decant) {
            return new DecantHealthIndicator(decant);
        }
    }

    /** Spring Boot 4's health API (module spring-boot-health). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.contributor.AbstractHealthIndicator",
            "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
    static class Boot4Health {
        @Bean
        @ConditionalOnMissingBean(name = "decantHealthIndicator")
        @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("decant")
        DecantBoot4HealthIndicator decantHealthIndicator(Decant decant) {
            return new DecantBoot4HealthIndicator(decant);
        }
    }
}
