package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbAutoConfigurationTest.manifestIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.orm.Sale;
import io.posdb.report.UpgradeRun;
import io.posdb.spring.boot.autoconfigure.PosdbAutoConfiguration;
import io.posdb.spring.boot.autoconfigure.PosdbSpringLiquibaseOff;
import io.posdb.spring.boot.mismatch.ProductBarcode;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.junit.jupiter.api.io.TempDir;

/**
 * A startup whose upgraded schema the application refuses undoes the upgrade, as {@code PosDatabase.boot}
 * does: the application's entities are validated by Spring's JPA after posdb's upgrade, so posdb holds the
 * upgrade (snapshot kept, lock held) until JPA has validated, and puts the snapshot back when the startup
 * fails first. Unless the application wrote to the upgraded file in between: then nothing is undone. A failure
 * after JPA validated the schema leaves the upgrade standing, as it would after {@code PosDatabase.boot}.
 */
class PosdbUpgradeDecisionTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class))
            .withInitializer(new PosdbSpringLiquibaseOff());

    /** posdb's entities and one the changelog does not back. */
    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = {Sale.class, ProductBarcode.class})
    static class EntitiesAheadOfTheChangelog {
    }

    /** The same entities, and a bean that writes a row through the DataSource before JPA starts. */
    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = {Sale.class, ProductBarcode.class})
    static class WritesBeforeJpa {

        /** Before JPA for sure: Spring would otherwise create the beans in an order of its own. */
        @Bean
        static EntityManagerFactoryDependsOnPostProcessor jpaAfterTheOpeningNote() {
            return new EntityManagerFactoryDependsOnPostProcessor("openingNote");
        }

        @Bean
        String openingNote(DataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE product SET name = name || ' (till opened)' WHERE id = 1");
            }
            return "written";
        }
    }

    /** posdb's entities, validated, and then a bean of the application's that fails. */
    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Sale.class)
    static class FailsAfterJpa {

        @Bean
        String reportPrinter(EntityManagerFactory jpa) {
            throw new IllegalStateException("no receipt printer on /dev/usb/lp0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aStartupWhoseEntitiesHibernateRefusesUndoesTheUpgradeAndRecordsItRestored(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        List<String> pending = pending(settings);
        List<String> schema = schema(file);
        List<String> rows = rows(file);

        try (PosdbLogLines lines = new PosdbLogLines()) {
            application.withUserConfiguration(EntitiesAheadOfTheChangelog.class).withPropertyValues("posdb.db=" + file)
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("barcode");
                    });
            assertThat(lines.messages()).anySatisfy(line -> assertThat(line)
                    .contains("did not start on the upgraded " + file, "restored to its state before the upgrade"));
        }

        assertThat(pending(settings)).as("every changeset pending again").isEqualTo(pending).isNotEmpty();
        assertThat(schema(file)).as("the legacy schema").isEqualTo(schema);
        assertThat(rows(file)).as("every row as it was").isEqualTo(rows);
        assertThat(Shops.journalMode(file)).isEqualTo(journalMode.toLowerCase());
        assertThat(file.resolveSibling(file.getFileName() + ".upgrading")).doesNotExist();
        assertThat(PosDatabaseChecks.runs(settings)).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
            assertThat(run.message()).contains("did not start", "the file was restored");
        });
    }

    /** The last context's watch of its close (a failed context's beans cannot be asked for afterwards). */
    static final AtomicReference<PoolsOpenAtTheUndo> lastWatch = new AtomicReference<>();

    /** What the context's close does with posdb's pool before the undo, watched. */
    @Configuration(proxyBeanMethods = false)
    static class WatchesTheClose {

        @Bean
        static PoolsOpenAtTheUndo poolsOpenAtTheUndo() {
            lastWatch.set(new PoolsOpenAtTheUndo());
            return lastWatch.get();
        }
    }

    /**
     * ProvisionalUpgrade.close() must not restore under an open pool. The starter's own lifecycle never does: the
     * pool depends on the upgrade, which depends on its decision, and Spring closes a bean's dependents first.
     */
    @Test
    void aFailedStartupClosesPosdbsPoolBeforeItUndoesTheUpgrade() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");

        try (PosdbLogLines lines = new PosdbLogLines()) {
            application.withUserConfiguration(EntitiesAheadOfTheChangelog.class, WatchesTheClose.class)
                    .withPropertyValues("posdb.db=" + file).run(context -> assertThat(context).hasFailed());
            assertThat(lastWatch.get().pools()).containsExactly("posdb");
            assertThat(lastWatch.get().openAtTheUndo()).as("pools open when the upgrade was undone").isEmpty();
            assertThat(lines.messages()).anySatisfy(line -> assertThat(line).contains("restored to its state before"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aStartupThatWroteToTheUpgradedFileBeforeItFailedKeepsTheUpgradeAndTheRow(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        try (PosdbLogLines lines = new PosdbLogLines()) {
            application.withUserConfiguration(WritesBeforeJpa.class).withPropertyValues("posdb.db=" + file)
                    .run(context -> assertThat(context).hasFailed());
            assertThat(lines.messages()).anySatisfy(line -> assertThat(line)
                    .contains("did not start on the upgraded " + file, "wrote to it first", "not undone"));
        }

        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id)
                .containsExactlyElementsOf(manifestIds());
        assertThat(rows(file)).anySatisfy(row -> assertThat(row).contains("(till opened)"));
        assertThat(PosDatabaseChecks.runs(settings)).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aFailureAfterJpaValidatedTheUpgradedSchemaLeavesTheUpgradeStanding(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        application.withUserConfiguration(FailsAfterJpa.class).withPropertyValues("posdb.db=" + file)
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("printer"));

        // As after PosDatabase.boot: the upgrade and its validation passed, what failed came after them.
        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id)
                .containsExactlyElementsOf(manifestIds());
        assertThat(PosDatabaseChecks.runs(settings)).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED));
    }

    /**
     * With every bean lazy (spring.main.lazy-initialization) and no JPA, nothing creates the upgrade during the
     * startup: it runs when the context announces its refresh (the decision listens for it), and is confirmed
     * there, not held while the application runs (a kill then would restore the file over what it wrote).
     */
    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void inALazyApplicationWithoutJpaTheUpgradeStandsOnceTheContextIsRefreshed(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, DataSourceAutoConfiguration.class))
                .withInitializer(new PosdbSpringLiquibaseOff())
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues("posdb.db=" + file)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(file.resolveSibling(file.getFileName() + ".upgrading")).as("not held").doesNotExist();
                    assertThat(PosDatabaseChecks.runs(settings)).singleElement()
                            .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED));
                });

        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id)
                .containsExactlyElementsOf(manifestIds());
    }

    private static List<String> pending(PosDatabaseSettings settings) throws Exception {
        return PosDatabaseChecks.plan(settings).pending().stream().map(PendingChangeSet::id).toList();
    }

    /** The shop's own schema: posdb's and Liquibase's tables left out (a restored file keeps its run record). */
    private static List<String> schema(Path file) throws SQLException {
        return query(file, "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema"
                + " WHERE name NOT LIKE '%posdb%' AND name NOT LIKE '%DATABASECHANGELOG%' ORDER BY type, name");
    }

    private static List<String> rows(Path file) throws SQLException {
        List<String> rows = new ArrayList<>();
        rows.addAll(query(file, "SELECT 'user ' || id || ' ' || username || ' ' || role FROM user ORDER BY id"));
        rows.addAll(query(file, "SELECT 'product ' || id || ' ' || name FROM product ORDER BY id"));
        rows.addAll(query(file, "SELECT 'sale ' || count(*) || ' ' || coalesce(sum(total), 0) FROM sale"));
        return rows;
    }

    private static List<String> query(Path file, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = Shops.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
