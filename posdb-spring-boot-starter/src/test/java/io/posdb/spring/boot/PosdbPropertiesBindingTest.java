package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbSpringApplicationTest.analysis;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.spring.boot.autoconfigure.PosdbProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The {@code posdb.*} values as Spring binds them from an application's properties, and the posdb settings
 * they become, or the unknown ones it refuses. Only the properties are bound: no upgrade runs, no file is opened.
 */
class PosdbPropertiesBindingTest {

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PosdbProperties.class)
    static class PosdbPropertiesOnly {
    }

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withUserConfiguration(PosdbPropertiesOnly.class);

    /** As posdb's --lock-wait=120 and the docs have it: Spring alone would read a bare 120 as 120 ms. */
    @ParameterizedTest
    @CsvSource({"120, PT2M", "120s, PT2M", "2m, PT2M", "0, PT0S", "1500ms, PT1.5S"})
    void aLockWaitWithoutAUnitIsSecondsAsOnTheCommandLineAndAUnitIsKept(String lockWait, Duration expected) {
        application.withPropertyValues("posdb.db=" + dir.resolve("pos.db"), "posdb.lock-wait=" + lockWait)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PosdbProperties properties = context.getBean(PosdbProperties.class);
                    assertThat(properties.getLockWait()).isEqualTo(expected);
                    assertThat(properties.toSettings().lockWait()).isEqualTo(expected);
                });
        assertThat(dir.resolve("pos.db")).doesNotExist();
    }

    /** A misspelled property would otherwise be ignored: the stricter startup, or the snapshots, it meant lost. */
    @ParameterizedTest
    @CsvSource({"posdb.strict, true", "posdb.snapshot-kept, 0", "posdb.pasword, s3cret-misspelled"})
    void aPosdbPropertyThatIsNoneOfPosdbsFailsStartupNamingItWithoutItsValue(String misspelled, String value) {
        application.withPropertyValues("posdb.db=" + dir.resolve("pos.db"), misspelled + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysis(context.getStartupFailure(), "posdb.db=" + dir.resolve("pos.db"))
                    .orElseThrow();
            assertThat(analysis.getDescription()).startsWith(misspelled + " (").contains("is no property of posdb's")
                    .doesNotContain(value);
            assertThat(analysis.getAction()).contains("posdb.strict-schema", "posdb.snapshots-kept", "posdb.password",
                    "docs/spring-boot.md");
        });
        assertThat(dir.resolve("pos.db")).doesNotExist();
    }

    /**
     * Environment variables are not an application's configuration: a POSDB_* of the command line's launcher (its
     * JVM options) beside the application is no misspelled posdb.* property.
     */
    @Test
    void anEnvironmentVariableOfTheCommandLinesIsNoUnknownPosdbProperty() {
        application.withPropertyValues("posdb.db=" + dir.resolve("pos.db"))
                .withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("POSDB_JAVA_OPTS", "-Xmx256m"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getEnvironment().getProperty("posdb.java.opts")).as("seen as posdb.*")
                            .isEqualTo("-Xmx256m");
                });
    }
}
