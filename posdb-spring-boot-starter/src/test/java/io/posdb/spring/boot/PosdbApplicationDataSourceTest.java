package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbAutoConfigurationTest.cause;
import static io.posdb.spring.boot.PosdbAutoConfigurationTest.manifestIds;
import static io.posdb.spring.boot.PosdbSpringApplicationTest.analysis;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.HistoryEntry;
import io.posdb.failure.BootFailure;
import io.posdb.report.UpgradeRun;
import io.posdb.orm.Sale;
import io.posdb.spring.boot.mismatch.ProductBarcode;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application that defines its own {@code DataSource} beside {@code posdb.db}: posdb's upgrade runs
 * before it exists, it replaces posdb's pool, and it must be on the file posdb upgraded.
 */
class PosdbApplicationDataSourceTest {

    @TempDir
    Path dir;

    /** What the application's DataSource bean saw of the file when Spring created it: the changesets applied. */
    static final List<String> historyWhenTheDataSourceWasCreated = new CopyOnWriteArrayList<>();

    /** The application's pool the last context built, to see whether a refused one was closed. */
    static final AtomicReference<HikariDataSource> lastApplicationPool = new AtomicReference<>();

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
                    LiquibaseAutoConfiguration.class))
            // Registered ahead of the auto-configurations, as SpringApplication registers the application's
            // own (scanned) beans: without an ordering of posdb's, Spring would create its DataSource first.
            .withInitializer(context -> ((AnnotationConfigRegistry) context).register(ApplicationWithItsOwnDataSource.class))
            .withInitializer(new PosdbSpringLiquibaseOff());

    /** An application with JPA and no DataSource of its own: posdb's pool is its DataSource. */
    private final ApplicationContextRunner applicationWithoutADataSource = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
                    LiquibaseAutoConfiguration.class))
            .withUserConfiguration(PosdbAutoConfigurationTest.TillEntities.class)
            .withInitializer(new PosdbSpringLiquibaseOff());

    /** The application's own pool on {@code app.jdbc-url}, a HikariCP pool as Spring users write one. */
    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Sale.class)
    static class ApplicationWithItsOwnDataSource {

        @Bean
        HikariDataSource appDataSource(@Value("${app.jdbc-url}") String url, @Value("${posdb.db}") String posdbFile)
                throws Exception {
            historyWhenTheDataSourceWasCreated.clear();
            historyWhenTheDataSourceWasCreated.addAll(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(Path.of(posdbFile))
                    .build()).stream().map(HistoryEntry::id).toList());
            HikariDataSource pool = new HikariDataSource();
            pool.setPoolName("app");
            pool.setJdbcUrl(url);
            pool.setMaximumPoolSize(2);
            lastApplicationPool.set(pool);
            return pool;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void anApplicationDataSourceOnTheSameFileIsUsedAfterTheUpgradeAndJpaValidatesThroughIt(String journalMode)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        // The same file spelled another way: the comparison is of canonical files, not of strings.
        Files.createDirectories(dir.resolve("elsewhere"));
        String url = "jdbc:sqlite:" + dir.resolve("elsewhere/../pos.db") + "?busy_timeout=30000";

        application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=" + url).run(context -> {
            assertThat(context).hasNotFailed();
            // Created after the upgrade: the file already had every changeset when the bean was made, and
            // not by chance of Spring's creation order: the bean depends on the upgrade.
            assertThat(historyWhenTheDataSourceWasCreated).containsExactlyElementsOf(manifestIds());
            assertThat(context.getBeanFactory().getBeanDefinition("appDataSource").getDependsOn())
                    .contains(PosdbAutoConfiguration.UPGRADE_BEAN);
            assertThat(context.getBean(PosdbUpgrade.class).applied()).hasSize(manifestIds().size());
            // The application's pool is the only DataSource: posdb opens none of its own.
            assertThat(context.getBeansOfType(DataSource.class)).containsOnlyKeys("appDataSource");
            HikariDataSource pool = context.getBean(HikariDataSource.class);
            assertThat(pool.getPoolName()).isEqualTo("app");
            // Hibernate validated the upgraded schema through it, with posdb's settings.
            EntityManagerFactory jpa = context.getBean(EntityManagerFactory.class);
            assertThat(jpa.getProperties()).containsEntry("hibernate.hbm2ddl.auto", "validate");
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM sale")) {
                rs.next();
                assertThat(rs.getInt(1)).isPositive();
            }
        });

        assertThat(Shops.journalMode(file)).isEqualTo(journalMode.toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void anApplicationDataSourceOnAnotherFileIsRefusedNamingTheBeanThePropertyAndBothUrls(String journalMode)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        Path other = Shops.legacyShop(dir.resolve("other.db"), journalMode);

        // The undo's ERROR line is provoked on purpose: kept off the console, and read.
        try (PosdbLogLines lines = new PosdbLogLines()) {
            application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=jdbc:sqlite:" + other).run(context -> {
                assertThat(context).hasFailed();
                Throwable refused = cause(context.getStartupFailure(), IllegalStateException.class);
                assertThat(refused).hasMessageContaining("'appDataSource'").hasMessageContaining("posdb.db")
                        .hasMessageContaining("jdbc:sqlite:" + other).hasMessageContaining("jdbc:sqlite:" + file);
            });
            // Spring never closes a bean its post-processor refused: posdb closes it, or its pool would
            // keep the other file open for as long as the process lives.
            assertThat(lastApplicationPool.get().isClosed()).as("the refused application pool is closed").isTrue();
            assertThat(lines.messages()).anySatisfy(line -> assertThat(line)
                    .contains("did not start on the upgraded").contains("restored"));
        }

        // posdb upgraded the file it names, and undid that upgrade when the startup failed before JPA validated it;
        // the other one was only looked at, never upgraded.
        PosDatabaseSettings posdbs = PosDatabaseSettings.sqlite(file).build();
        assertThat(PosDatabaseChecks.history(posdbs)).isEmpty();
        assertThat(PosDatabaseChecks.runs(posdbs)).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED));
        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(other).build())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void anApplicationDataSourceThatCannotConnectIsRefusedNamingItsOwnUrlBesidePosdbs(String journalMode)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        Path nowhere = dir.resolve("nothere").resolve("other.db");

        try (PosdbLogLines ignored = new PosdbLogLines()) {
            application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=jdbc:sqlite:" + nowhere).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "posdb.db=" + file).orElseThrow(
                        () -> new AssertionError("no failure analysis of " + context.getStartupFailure(),
                                context.getStartupFailure()));
                assertThat(analysis.getDescription()).as("the URL that failed, and posdb's")
                        .contains("'appDataSource'", "cannot connect", "jdbc:sqlite:" + nowhere, "posdb.db",
                                "jdbc:sqlite:" + file);
            });
        }
    }

    /**
     * The application's DataSource on a server while posdb's database is a file: its URL is named with its password
     * masked, as posdb masks its own server's (the message goes into logs and support tickets).
     */
    @Test
    void anApplicationDataSourceOnAServerIsNamedWithItsPasswordMasked() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        String url = "jdbc:postgresql://127.0.0.1:1/shop?user=till&password=s3cret-pw&connectTimeout=1";

        try (PosdbLogLines ignored = new PosdbLogLines()) {
            application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=" + url).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "posdb.db=" + file).orElseThrow(
                        () -> new AssertionError("no failure analysis of " + context.getStartupFailure(),
                                context.getStartupFailure()));
                assertThat(analysis.getDescription()).as("the application's URL, its password masked")
                        .contains("'appDataSource'", "jdbc:postgresql://127.0.0.1:1/shop?user=till&password=****")
                        .doesNotContain("s3cret-pw");
            });
        }
    }

    @Test
    void anApplicationDataSourceOnAnotherFileIsDescribedAsApplicationFailedToStartWithWhatToDo() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        Path other = Shops.legacyShop(dir.resolve("other.db"), "WAL");

        try (PosdbLogLines ignored = new PosdbLogLines()) {
            application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=jdbc:sqlite:" + other).run(context -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "posdb.db=" + file).orElseThrow(
                        () -> new AssertionError("no failure analysis of " + context.getStartupFailure(),
                                context.getStartupFailure()));
                assertThat(analysis.getDescription()).contains("'appDataSource'", "posdb.db", "jdbc:sqlite:" + other,
                        "jdbc:sqlite:" + file);
                assertThat(analysis.getAction()).contains("posdb's pool", "The application's own DataSource");
            });
        }
    }

    /**
     * spring.datasource.url is what a Spring Boot application sets for its database; beside posdb.db Spring makes
     * no pool of it (posdb's is the DataSource), so another file there would be silently ignored: the application
     * would run on, and Hibernate validate, posdb.db's file while its settings name another.
     */
    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void springDatasourceUrlOnAnotherFileIsRefusedBeforeTheUpgradeNamingBothSettingsAndBothFiles(String journalMode)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        Path other = Shops.legacyShop(dir.resolve("other.db"), journalMode);

        applicationWithoutADataSource.withPropertyValues("posdb.db=" + file, "spring.datasource.url=jdbc:sqlite:" + other)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable refused = cause(context.getStartupFailure(), IllegalStateException.class);
                    assertThat(refused).hasMessageContaining("spring.datasource.url").hasMessageContaining("posdb.db")
                            .hasMessageContaining("jdbc:sqlite:" + other).hasMessageContaining("jdbc:sqlite:" + file);
                    FailureAnalysis analysis = analysis(context.getStartupFailure(), "posdb.db=" + file).orElseThrow();
                    assertThat(analysis.getDescription()).isEqualTo(refused.getMessage());
                });

        // Refused before posdb touched either file: no upgrade to undo, no run recorded.
        PosDatabaseSettings posdbs = PosDatabaseSettings.sqlite(file).build();
        assertThat(PosDatabaseChecks.history(posdbs)).isEmpty();
        assertThat(PosDatabaseChecks.runs(posdbs)).isEmpty();
        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(other).build())).isEmpty();
    }

    /**
     * SQLite reads a file: URL as a URI: a space or a bare % in it is no URI. That is spring.datasource.url's fault,
     * not a posdb.* value's, though it is read while posdb's settings are built.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a b.db", "100%.db"})
    void springDatasourceUrlThatIsNoUrlIsRefusedNamingTheSettingAndItsValueWithHowToWriteIt(String fileName)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        String unreadable = "jdbc:sqlite:file:" + dir.resolve(fileName);

        applicationWithoutADataSource.withPropertyValues("posdb.db=" + file, "spring.datasource.url=" + unreadable)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analysis(context.getStartupFailure(), "posdb.db=" + file).orElseThrow();
                    assertThat(analysis.getDescription()).startsWith("spring.datasource.url=" + unreadable + " ")
                            .contains("cannot be read as a database URL");
                    assertThat(analysis.getAction()).contains("spring.datasource.url", "%20", "%25",
                            "jdbc:sqlite:" + file).doesNotContain("posdb.*");
                });

        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(file).build())).as("nothing upgraded").isEmpty();
    }

    /**
     * An application's own DataSource bean on a file: URL with a space or a bare % in it: SQLite opens it (it reads
     * the URI leniently), but it names no file posdb can compare with its own. Described as spring.datasource.url's
     * is, naming the bean, its URL and how to write it, not left to Spring's generic bean-creation failure.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a b.db", "100%.db"})
    void anApplicationDataSourceWhoseUrlIsNoUrlIsRefusedNamingTheBeanItsUrlAndHowToWriteIt(String fileName)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        String unreadable = "jdbc:sqlite:file:" + dir.resolve(fileName);

        try (PosdbLogLines ignored = new PosdbLogLines()) {
            application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=" + unreadable).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "posdb.db=" + file).orElseThrow(
                        () -> new AssertionError("no failure analysis of " + context.getStartupFailure(),
                                context.getStartupFailure()));
                assertThat(analysis.getDescription())
                        .startsWith("The application's DataSource 'appDataSource' is on " + unreadable + " ")
                        .contains("cannot be read as a database URL");
                assertThat(analysis.getAction()).contains("DataSource 'appDataSource'", "%20", "%25",
                        "jdbc:sqlite:" + file).doesNotContain("posdb.*");
            });
        }
        assertThat(lastApplicationPool.get().isClosed()).as("the refused application pool is closed").isTrue();
    }

    @Test
    void springDatasourceUrlOnPosdbsFileSpelledAnotherWayStartsOnPosdbsPool() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        Files.createDirectories(dir.resolve("elsewhere"));

        applicationWithoutADataSource.withPropertyValues("posdb.db=" + file,
                "spring.datasource.url=jdbc:sqlite:file:" + dir.resolve("elsewhere/../pos.db") + "?busy_timeout=30000")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(HikariDataSource.class).getPoolName()).isEqualTo("posdb");
                });
    }

    /** An entity the changelog does not back, and a watch of the failed context's close. */
    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = ProductBarcode.class)
    static class EntityAheadOfTheChangelogAndAWatchOfTheClose {

        @Bean
        static PoolsOpenAtTheUndo poolsOpenAtTheUndo() {
            lastWatch.set(new PoolsOpenAtTheUndo());
            return lastWatch.get();
        }
    }

    /** The last context's watch of its close (a failed context's beans cannot be asked for afterwards). */
    static final AtomicReference<PoolsOpenAtTheUndo> lastWatch = new AtomicReference<>();

    /**
     * ProvisionalUpgrade.close() must not restore under an open pool. The application's pool is made after the
     * upgrade and depends on it (as posdb's own pool does), and Spring closes a bean's dependents first: when
     * Hibernate refuses the entities, the application's pool is closed before the upgrade is undone.
     */
    @Test
    void aFailedStartupClosesTheApplicationsDataSourceBeforeItUndoesTheUpgrade() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");

        try (PosdbLogLines lines = new PosdbLogLines()) {
            application.withUserConfiguration(EntityAheadOfTheChangelogAndAWatchOfTheClose.class)
                    .withPropertyValues("posdb.db=" + file, "app.jdbc-url=jdbc:sqlite:" + file)
                    .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("barcode"));
            assertThat(lines.messages()).anySatisfy(line -> assertThat(line).contains("restored to its state before"));
        }
        assertThat(lastWatch.get().pools()).containsExactly("app");
        assertThat(lastWatch.get().openAtTheUndo()).as("pools open when the upgrade was undone").isEmpty();
        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(file).build())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void bootsDriftCheckRunsThroughTheApplicationsDataSource(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=jdbc:sqlite:" + file)
                .run(context -> assertThat(context).hasNotFailed());
        Shops.execute(file, "ALTER TABLE sale ADD COLUMN hand_made_note TEXT");

        // The drift warning is provoked on purpose: kept off the console.
        try (PosdbLogLines warnings = new PosdbLogLines()) {
            application.withPropertyValues("posdb.db=" + file, "app.jdbc-url=jdbc:sqlite:" + file,
                    "posdb.strict-schema=true").run(context -> {
                        assertThat(context).hasFailed();
                        PosdbStartupFailure failure = (PosdbStartupFailure) cause(context.getStartupFailure(),
                                PosdbStartupFailure.class);
                        assertThat(failure.failure().kind()).isEqualTo(BootFailure.SCHEMA_DRIFT);
                        assertThat(failure).hasMessageContaining("hand_made_note");
                    });
        }
        // The refused pool holds no connection on the shop's file after the failed startup.
        assertThat(lastApplicationPool.get().isClosed()).as("the refused application pool is closed").isTrue();
        if (journalMode.equals("WAL")) {
            // SQLite removes a WAL file's -wal and -shm when its last connection closes.
            assertThat(Path.of(file + "-wal")).doesNotExist();
        }
    }
}
