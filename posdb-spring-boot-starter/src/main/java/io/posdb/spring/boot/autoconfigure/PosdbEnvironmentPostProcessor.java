package io.posdb.spring.boot.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches Spring Boot's own Liquibase run off when a posdb database is configured: posdb runs the
 * changelog itself, inside its envelope (snapshot, lock, downgrade guard, drift check), and a second
 * runner on the same database is a bug. It adds {@code spring.liquibase.enabled=false} as a default
 * of the lowest precedence rather than excluding {@code LiquibaseAutoConfiguration}, so an explicit
 * {@code spring.liquibase.enabled=true} still reads as true, and {@link PosdbAutoConfiguration}
 * refuses it naming both properties instead of silently winning.
 */
public class PosdbEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** The name of the property source holding the defaults posdb sets. */
    public static final String PROPERTY_SOURCE = "posdbDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (PosdbProperties.databaseConfiguredIn(environment)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE,
                    Map.of("spring.liquibase.enabled", "false")));
        }
    }
}
