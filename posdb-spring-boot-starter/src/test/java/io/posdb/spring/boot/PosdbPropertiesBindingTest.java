package io.posdb.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.spring.boot.autoconfigure.PosdbProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code posdb.*} values as Spring binds them from an application's properties, and the posdb settings
 * they become. Only the properties are bound: no upgrade runs, no file is opened.
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
}
