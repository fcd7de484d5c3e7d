package io.decant.spring;

import io.decant.Decant;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Decant's health indicator ({@code decant}) and actuator endpoint ({@code /actuator/decant}), with Actuator present. */
@AutoConfiguration(after = DecantAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(Decant.class)
public class DecantActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "decantHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("decant")
    DecantHealthIndicator decantHealthIndicator(Decant decant) {
        return new DecantHealthIndicator(decant);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    DecantStatusEndpoint decantStatusEndpoint(Decant decant) {
        return new DecantStatusEndpoint(decant);
    }
}
