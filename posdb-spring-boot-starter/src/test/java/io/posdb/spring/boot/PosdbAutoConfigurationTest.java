package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbSpringApplicationTest.analysis;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.failure.BootFailure;
import io.posdb.orm.Sale;
import io.posdb.spring.boot.autoconfigure.PosdbAutoConfiguration;
import io.posdb.spring.boot.autoconfigure.PosdbSpringLiquibaseOff;
import io.posdb.spring.boot.autoconfigure.PosdbStartupFailure;
import io.posdb.spring.boot.autoconfigure.PosdbUpgrade;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configuration with Spring Boot's own DataSource, JPA and Liquibase auto-configurations
 * beside it, as an application has them, on real legacy shop files.
 */
class PosdbAutoConfigurationTest {

    @TempDir
    Path dir;

    /** An application with JPA over posdb's entities and Spring's Liquibase on the classpath. */
    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
                    LiquibaseAutoConfiguration.class))
            .withUserConfiguration(TillEntities.class)
            // What SpringApplication does through spring.factories (the runner applies none of its initializers).
            .withInitializer(new PosdbSpringLiquibaseOff());

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Sale.class)
    static class TillEntities {
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aLegacyShopIsUpgradedBeforeHibernateValidatesItAndPosdbsPoolIsTheDataSource(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);

        application.withPropertyValues("posdb.db=" + file, "posdb.pool-size=3").run(context -> {
            assertThat(context).hasNotFailed();
            // Hibernate validated the legacy file's schema: it can only pass after the upgrade.
            EntityManagerFactory jpa = context.getBean(EntityManagerFactory.class);
            assertThat(jpa.getProperties()).containsEntry("hibernate.hbm2ddl.auto", "validate");
            assertThat(jpa.getMetamodel().entity(Sale.class)).isNotNull();
            assertThat(context.getBean(PosdbUpgrade.class).applied()).hasSize(manifestIds().size());
            HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
            assertThat(pool.getPoolName()).isEqualTo("posdb");
            assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("PRAGMA foreign_keys")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        });

        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(file).build()))
                .extracting(HistoryEntry::id).containsExactlyElementsOf(manifestIds());
        assertThat(Shops.journalMode(file)).isEqualTo(journalMode.toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void theBootsDurationIsLoggedOnceJpaValidatedTheUpgradedSchema(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        // posdb's INFO lines, which the tests' logging (warnings only) keeps off the console.
        List<String> messages;
        try (PosdbLogLines lines = new PosdbLogLines()) {
            application.withPropertyValues("posdb.db=" + file).run(context -> assertThat(context).hasNotFailed());
            messages = lines.messages();
        }
        // The line scripts/bench.sh compares with PosDatabase.boot's: once, after the upgrade it counts from.
        String took = "posdb: boot of " + file + " took ";
        assertThat(messages).filteredOn(message -> message.startsWith(took)).singleElement().asString()
                .matches(Pattern.quote(took) + "\\d+ ms \\(upgrade, pool, drift check, JPA's EntityManagerFactory validated\\)");
        int upgraded = indexOfPrefix(messages, "posdb: upgrade of " + file + " done, ");
        assertThat(upgraded).isNotNegative().isLessThan(indexOfPrefix(messages, took));
    }

    private static int indexOfPrefix(List<String> messages, String prefix) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aDdlAutoOfTheApplicationsCannotMakeHibernateChangeTheSchema() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");

        application.withPropertyValues("posdb.db=" + file, "spring.jpa.hibernate.ddl-auto=update").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EntityManagerFactory.class).getProperties())
                    .containsEntry("hibernate.hbm2ddl.auto", "validate");
        });
    }

    @Test
    void springsOwnLiquibaseIsSwitchedOffForPosdbsDatabase() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");

        application.withPropertyValues("posdb.db=" + file).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SpringLiquibase.class);
            assertThat(context.getEnvironment().getProperty("spring.liquibase.enabled")).isEqualTo("false");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"posdb.db", "posdb.url"})
    void springsLiquibaseEnabledExplicitlyBesidePosdbIsRefusedNamingBothAndNothingIsTouched(String posdbProperty) {
        Path file = dir.resolve("pos.db");
        String value = posdbProperty.equals("posdb.db") ? file.toString() : "jdbc:postgresql://localhost:1/pos";

        application.withPropertyValues(posdbProperty + "=" + value, "spring.liquibase.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining(posdbProperty).hasMessageContaining("spring.liquibase.enabled");
        });
        assertThat(file).doesNotExist();
    }

    @Test
    void withoutAPosdbDatabaseTheStarterStaysOut() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class))
                .withInitializer(new PosdbSpringLiquibaseOff())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PosDatabaseSettings.class).doesNotHaveBean(DataSource.class);
                    assertThat(context.getEnvironment().getProperty("spring.liquibase.enabled")).isNull();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"posdb.db=", "posdb.url= "})
    void anEmptyPosdbPropertyIsNotSetAndTheStarterStaysOut(String emptyProperty) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class))
                .withPropertyValues(emptyProperty)
                .withInitializer(new PosdbSpringLiquibaseOff())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PosDatabaseSettings.class).doesNotHaveBean(DataSource.class);
                    assertThat(context.getEnvironment().getProperty("spring.liquibase.enabled")).isNull();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"posdb.snapshots-kept=0", "posdb.pool-size=0", "posdb.lock-wait=-5s", "posdb.till-name=till one"})
    void aValuePosdbRefusesFailsStartupNamingTheProperty(String badValue) {
        String property = badValue.substring(0, badValue.indexOf('='));

        application.withPropertyValues("posdb.db=" + dir.resolve("pos.db"), badValue).run(context -> {
            assertThat(context).hasFailed();
            Throwable refused = cause(context.getStartupFailure(), IllegalArgumentException.class);
            // posdb's refusal, prefixed with the property as the command line prefixes its option.
            assertThat(refused).hasMessageStartingWith(property + ": ");
            assertThat(refused.getCause()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(refused.getMessage().substring(property.length() + 2));
        });
        assertThat(dir.resolve("pos.db")).doesNotExist();
    }

    /**
     * Spring's "APPLICATION FAILED TO START" with the refusal as the description, not "Application run failed"
     * and the bean-creation stack with the message six causes down; the analysis of the very exception a
     * startup with the value ends in.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "posdb.snapshots-kept=0 | posdb.snapshots-kept: keepSnapshots must be at least 1, got 0",
            "posdb.lock-wait=-5s | posdb.lock-wait: lockWait must be zero or more, got -5s",
            "posdb.url=jdbc:postgresql://localhost:1/pos | posdb.db, posdb.url: both are set",
            "spring.liquibase.enabled=true | posdb.db and spring.liquibase.enabled=true are both set",
            // Refused as a setting, not a "long overflow" where the wait is timed (MIGRATION_FAILED, exit 1).
            "posdb.lock-wait=9999999999 | posdb.lock-wait: lockWait must be at most 24h (86400s), got "})
    void aRefusedSettingIsDescribedAsApplicationFailedToStartWithItsMessage(String badValue, String description) {
        application.withPropertyValues("posdb.db=" + dir.resolve("pos.db"), badValue).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysis(context.getStartupFailure()).orElseThrow(
                    () -> new AssertionError("no failure analysis of " + context.getStartupFailure(),
                            context.getStartupFailure()));
            Throwable refused = analysis.getCause();
            assertThat(refused).isInstanceOfAny(IllegalArgumentException.class, IllegalStateException.class);
            assertThat(analysis.getDescription()).startsWith(description).isEqualTo(refused.getMessage());
            assertThat(analysis.getAction()).contains("posdb.* property");
        });
        assertThat(dir.resolve("pos.db")).doesNotExist();
    }

    /** The analysis explains posdb's settings only: an IllegalArgumentException of the application's is Spring's to report. */
    @Test
    void anIllegalArgumentOfTheApplicationsOwnBeanIsNotDescribedAsAPosdbSetting() {
        application.withPropertyValues("posdb.db=" + dir.resolve("pos.db"))
                .withUserConfiguration(RefusingApplicationBean.class).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(cause(context.getStartupFailure(), IllegalArgumentException.class))
                            .hasMessage("till.currency: XYZ is not a currency");
                    assertThat(analysis(context.getStartupFailure())).isEmpty();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class RefusingApplicationBean {

        @Bean
        Currency tillCurrency() {
            throw new IllegalArgumentException("till.currency: XYZ is not a currency");
        }
    }

    @Test
    void aFileThatStartsWithATildeFailsStartupNamingThePropertyAndCreatesNoFolderNamedTilde() {
        application.withPropertyValues("posdb.db=~/pos.db").run(context -> {
            assertThat(context).hasFailed();
            Throwable refused = cause(context.getStartupFailure(), IllegalArgumentException.class);
            assertThat(refused).hasMessageStartingWith("posdb.db: database file ~/pos.db starts with ~, which only a "
                    + "shell expands");
        });
        assertThat(Path.of("~")).doesNotExist();
    }

    @Test
    void aTillsFileGivenAsPosdbUrlIsRefusedPointingAtPosdbDbNotAtAFormItWouldRefuse() {
        String url = "jdbc:sqlite:" + dir.resolve("x.db");

        application.withPropertyValues("posdb.url=" + url).run(context -> {
            assertThat(context).hasFailed();
            assertThat(cause(context.getStartupFailure(), IllegalArgumentException.class)).hasMessage("posdb.url: url "
                    + "must start with jdbc:postgresql:; for a till's file set posdb.db to its path, got " + url);
        });
        assertThat(dir.resolve("x.db")).doesNotExist();
    }

    @Test
    void bothAFileAndAServerAreRefusedNamingBoth() {
        application.withPropertyValues("posdb.db=" + dir.resolve("pos.db"), "posdb.url=jdbc:postgresql://localhost:1/pos",
                "posdb.password=s3cret-in-test").run(context -> {
            assertThat(context).hasFailed();
            Throwable refused = cause(context.getStartupFailure(), IllegalArgumentException.class);
            assertThat(refused).hasMessageContaining("posdb.db").hasMessageContaining("posdb.url")
                    .message().doesNotContain("s3cret-in-test");
        });
    }

    @Test
    void aFileThatIsNotADatabaseEndsStartupWithPosdbsMessageAndExitCode() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "shopping list: milk, bread, coffee\n".repeat(200));

        application.withPropertyValues("posdb.db=" + file).run(context -> {
            assertThat(context).hasFailed();
            PosdbStartupFailure failure = (PosdbStartupFailure) cause(context.getStartupFailure(),
                    PosdbStartupFailure.class);
            assertThat(failure.failure().kind()).isEqualTo(BootFailure.UNUSABLE_DATABASE);
            assertThat(failure.getExitCode()).isEqualTo(6);
            assertThat(failure).hasMessage(failure.failure().getMessage()).hasMessageContaining(file.toString());
        });
    }

    static List<String> manifestIds() throws Exception {
        return ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).toList();
    }

    static Throwable cause(Throwable failure, Class<?> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + failure, failure);
    }
}
