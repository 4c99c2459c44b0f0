package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbAutoConfigurationTest.cause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.orm.Sale;
import io.posdb.spring.boot.autoconfigure.PosdbStartupFailure;
import io.posdb.spring.boot.autoconfigure.PosdbUpgrade;
import io.posdb.spring.boot.mismatch.ProductBarcode;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import liquibase.integration.spring.SpringLiquibase;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.Banner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Spring Boot application with every auto-configuration on the classpath (JPA, Liquibase,
 * Actuator), started as an application starts: the starter found through its
 * AutoConfiguration.imports, the context initializer and FailureAnalyzer through spring.factories.
 */
class PosdbSpringApplicationTest {

    @TempDir
    Path dir;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EntityScan(basePackageClasses = Sale.class)
    static class Till {
    }

    private static SpringApplicationBuilder till() {
        return new SpringApplicationBuilder(Till.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false);
    }

    @Test
    void aLegacyShopIsUpgradedAndValidatedWithNoLiquibaseRunOfSpringsOwn() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");

        try (ConfigurableApplicationContext context = till().run("--posdb.db=" + file)) {
            assertThat(context.getBeansOfType(SpringLiquibase.class)).isEmpty();
            assertThat(context.getBean(EntityManagerFactory.class).getProperties())
                    .containsEntry("hibernate.hbm2ddl.auto", "validate");
            assertThat(context.getBean(PosdbUpgrade.class).applied()).hasSize(
                    PosdbAutoConfigurationTest.manifestIds().size());
        }
    }

    @Test
    void aFileThatIsNotADatabaseFailsStartupWithPosdbsMessageAndExitCode() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "shopping list: milk, bread, coffee\n".repeat(200));

        Throwable failure = catchThrowable(() -> till().run("--posdb.db=" + file).close());

        // What SpringApplication reads a failed startup's exit code from (its handler then calls System.exit).
        ExitCodeGenerator exitCode = (ExitCodeGenerator) cause(failure, ExitCodeGenerator.class);
        assertThat(exitCode.getExitCode()).isEqualTo(6);
        // "APPLICATION FAILED TO START" shows posdb's message.
        FailureAnalysis analysis = analysis(failure).orElseThrow();
        assertThat(analysis.getDescription()).isEqualTo(cause(failure, PosdbStartupFailure.class).getMessage())
                .contains(file.toString()).contains("is not an SQLite database");
        assertThat(analysis.getAction()).contains("UNUSABLE_DATABASE, exit code 6");
    }

    /**
     * {@code posdb.db} added to the environment only when the context is prepared, after the environment's own
     * preparation: where a test's {@code @DynamicPropertySource} puts it (an initializer of the application's here).
     */
    @Test
    void springsLiquibaseEnabledExplicitlyIsRefusedAlsoBesideAPosdbDbAddedAfterTheEnvironmentWasPrepared()
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        ApplicationContextInitializer<ConfigurableApplicationContext> addedLate = context -> context.getEnvironment()
                .getPropertySources().addFirst(new MapPropertySource("addedLate", Map.of("posdb.db", file.toString())));

        Throwable failure = catchThrowable(() -> till().initializers(addedLate)
                .run("--spring.liquibase.enabled=true").close());

        assertThat(failure).rootCause().hasMessageStartingWith("posdb.db and spring.liquibase.enabled=true are both set");
        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(file).build())).as("nothing applied").isEmpty();
    }

    /** An application entity that maps a column no changeset of posdb's makes ({@code product.barcode}). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EntityScan(basePackageClasses = {Sale.class, ProductBarcode.class})
    static class TillWithAnEntityAheadOfTheChangelog {
    }

    @Test
    void anEntityHibernateRefusesIsDescribedNamingItsTableAndColumnTheChangelogAndWhatToDo() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");

        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
        Throwable failure;
        // The undo's ERROR line is expected: kept off the console.
        try (PosdbLogLines ignored = new PosdbLogLines()) {
            failure = catchThrowable(() -> new SpringApplicationBuilder(TillWithAnEntityAheadOfTheChangelog.class)
                    .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                    .initializers(context -> environment.set(context.getEnvironment()))
                    .run("--posdb.db=" + file).close());
        }

        // Hibernate 7's refusal, several Spring and JPA wrappers deep.
        assertThat(cause(failure, SchemaManagementException.class)).isNotNull();
        FailureAnalysis analysis = analysis(failure, "posdb.db=" + file).orElseThrow(
                () -> new AssertionError("no failure analysis of " + failure, failure));
        assertThat(analysis.getDescription()).contains("missing column [barcode] in table [product]")
                .contains(file.toString()).contains("posdb.db").contains("posdb applied its changelog")
                .contains("the entities and posdb's changelog disagree");
        assertThat(analysis.getAction()).contains("bin/new-changeset", "docs/writing-migrations.md",
                "correct its mapping");
        assertThat(analysis.getCause()).isInstanceOf(SchemaManagementException.class);
        // With the failed application's own environment, as Spring Boot reports it: the file was put back.
        assertThat(analysis(failure, environment.get()).orElseThrow().getAction())
                .contains("put back as it was before the upgrade", "the next start upgrades it again");
        // Without posdb's starter on, posdb made no schema: the refusal is not posdb's to describe.
        assertThat(analysis(failure).map(FailureAnalysis::getDescription).orElse("no analysis"))
                .doesNotContain("posdb");
    }

    /** posdb's entities and one the changelog does not back, and a bean that writes a row before JPA starts. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(PosdbUpgradeDecisionTest.WritesBeforeJpa.class)
    static class TillThatWritesBeforeItsEntitiesAreRefused {
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aRefusedStartupThatWroteToTheUpgradedFileIsDescribedWithTheUpgradeStandingAsTheLogSays(String journalMode)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();

        Throwable failure;
        // The WARN that the upgrade is not undone is expected (PosdbUpgradeDecisionTest reads it): kept off the console.
        try (PosdbLogLines ignored = new PosdbLogLines()) {
            failure = catchThrowable(() -> new SpringApplicationBuilder(TillThatWritesBeforeItsEntitiesAreRefused.class)
                    .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                    .initializers(context -> environment.set(context.getEnvironment()))
                    .run("--posdb.db=" + file).close());
        }

        FailureAnalysis analysis = analysis(failure, environment.get()).orElseThrow(
                () -> new AssertionError("no failure analysis of " + failure, failure));
        assertThat(analysis.getDescription()).contains("missing column [barcode] in table [product]");
        assertThat(analysis.getAction()).as("what the upgrade's own outcome was, as its WARN says")
                .contains("not undone", "snapshot").doesNotContain("put back", "upgrades it again");
        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(file).build())).as("the upgrade stands")
                .isNotEmpty();
    }

    @Test
    void aJpaSchemaGenerationSettingHibernateCannotRunIsDescribedAsThatSettingNotAsEntitiesAndChangelogDisagreeing()
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        String scriptsAction = "spring.jpa.properties.jakarta.persistence.schema-generation.scripts.action=create";

        Throwable failure;
        try (PosdbLogLines ignored = new PosdbLogLines()) {
            failure = catchThrowable(() -> till().run("--posdb.db=" + file, "--" + scriptsAction).close());
        }

        assertThat(cause(failure, SchemaManagementException.class)).isNotNull();
        FailureAnalysis analysis = analysis(failure, "posdb.db=" + file, scriptsAction).orElseThrow(
                () -> new AssertionError("no failure analysis of " + failure, failure));
        assertThat(analysis.getDescription()).as("Hibernate's message and the setting")
                .contains(cause(failure, SchemaManagementException.class).getMessage(), scriptsAction)
                .doesNotContain("disagree");
        assertThat(analysis.getAction()).contains(scriptsAction).doesNotContain("bin/new-changeset");
    }

    /**
     * The analysis Spring Boot reports for a failed startup under "APPLICATION FAILED TO START" (its log line
     * is off in logback-test.xml): the first of the FailureAnalyzers registered in spring.factories, in their
     * order, that explains it, made with the failed application's environment as Spring Boot makes them
     * ({@code properties} as {@code name=value}). Analyzers that need Spring's bean factory cannot be made here,
     * and are not the ones under test.
     */
    static Optional<FailureAnalysis> analysis(Throwable failure, String... properties) {
        StandardEnvironment environment = new StandardEnvironment();
        TestPropertyValues.of(properties).applyTo(environment);
        return analysis(failure, environment);
    }

    /** The same, with the failed application's own environment, the one Spring Boot gives the analyzers. */
    static Optional<FailureAnalysis> analysis(Throwable failure, Environment environment) {
        return SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                        SpringFactoriesLoader.ArgumentResolver.of(Environment.class, environment),
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, error) -> { })).stream()
                .map(analyzer -> analyzer.analyze(failure)).filter(Objects::nonNull).findFirst();
    }
}
