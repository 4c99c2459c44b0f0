package io.posdb.spring.boot.autoconfigure;

import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches Spring Boot's own Liquibase run off when a posdb database is configured: posdb runs the
 * changelog itself, inside its envelope (snapshot, lock, downgrade guard, drift check), and a second
 * runner on the same database is a bug. It adds {@code spring.liquibase.enabled=false} as a default
 * of the lowest precedence rather than excluding {@code LiquibaseAutoConfiguration}, so an explicit
 * {@code spring.liquibase.enabled=true} still reads as true, and {@link PosdbAutoConfiguration}
 * refuses it naming both properties instead of silently winning.
 *
 * <p>Decided when the context's refresh begins, before any auto-configuration's condition is evaluated, not
 * when the environment is prepared: a test's {@code @DynamicPropertySource} (and any other context customizer or
 * initializer) adds {@code posdb.db} after that, and {@link PosdbAutoConfiguration}'s own condition, evaluated at
 * the refresh, sees it. Deciding earlier, posdb would run on the database while Spring's Liquibase did too.
 */
public class PosdbSpringLiquibaseOff implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The name of the property source holding the defaults posdb sets. */
    public static final String PROPERTY_SOURCE = "posdbDefaults";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // A post-processor added here runs first at the refresh, before the configuration classes are read.
        context.addBeanFactoryPostProcessor(new AtRefresh(context.getEnvironment()));
    }

    /** Adds the default if {@code posdb.db} or {@code posdb.url} is set in {@code environment} now. */
    private static void switchOffFor(ConfigurableEnvironment environment) {
        if (PosdbProperties.databaseConfiguredIn(environment)
                && !environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE,
                    Map.of("spring.liquibase.enabled", "false")));
        }
    }

    /** The environment as the conditions will read it: every customizer and initializer has run. */
    private record AtRefresh(ConfigurableEnvironment environment) implements BeanDefinitionRegistryPostProcessor {

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            switchOffFor(environment);
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        }
    }
}
