package io.posdb.spring.boot.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.spring.boot.autoconfigure.PosdbAutoConfiguration;
import io.posdb.spring.boot.autoconfigure.PosdbUpgrade;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * posdb in Actuator, each part only when the application has what it needs: the health {@code posdb}
 * (Spring Boot's health module), the endpoint {@code posdb} (Actuator) and the upgrade's meters (a
 * Micrometer registry). Nothing without a posdb database configured.
 */
@AutoConfiguration(after = PosdbAutoConfiguration.class)
@ConditionalOnBean(PosDatabaseSettings.class)
public class PosdbActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("posdb")
    static class Health {

        /** Named so that Spring Boot lists it as {@code posdb}. */
        @Bean
        @ConditionalOnMissingBean(name = "posdbHealthIndicator")
        PosdbHealthIndicator posdbHealthIndicator(PosDatabaseSettings settings) {
            return new PosdbHealthIndicator(settings);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(PosdbEndpoint.class)
        PosdbEndpoint posdbEndpoint(PosDatabaseSettings settings) {
            return new PosdbEndpoint(settings);
        }

        /** Over HTTP, a read posdb refuses is a 503 naming the kind and the message, not a 500 and a stack trace. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(PosdbEndpoint.class)
        PosdbEndpointWebExtension posdbEndpointWebExtension(PosdbEndpoint endpoint, PosDatabaseSettings settings) {
            return new PosdbEndpointWebExtension(endpoint, settings);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        PosdbMetrics posdbMetrics(PosdbUpgrade upgrade) {
            return new PosdbMetrics(upgrade);
        }
    }
}
