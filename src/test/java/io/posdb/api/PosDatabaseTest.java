package io.posdb.api;

import io.posdb.failure.PosDatabaseException;
import static io.posdb.api.ExpectedKind.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.failure.BootFailure;
import io.posdb.orm.Product;
import io.posdb.orm.Sale;
import io.posdb.orm.SaleItem;
import io.posdb.orm.User;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.DatabaseBootstrap;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PosDatabaseTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void bootsALegacyShopAndRecordsASaleThroughThePooledSessionFactory(String journalMode) throws Exception {
        Path file = legacyShop(journalMode);

        try (PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
            assertThat(db.applied()).extracting(AppliedChangeSet::id).containsExactlyElementsOf(
                    ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                            .map(ManifestEntry::id).toList());
            assertThat(db.dataSource()).isInstanceOf(HikariDataSource.class);
            Long saleId = db.sessionFactory().fromTransaction(session -> {
                Sale sale = new Sale();
                sale.setReceiptNo("R-API-1");
                sale.setTotal(new BigDecimal("5.00"));
                sale.setPaymentMethod("card");
                sale.setCreatedAt(LocalDateTime.of(2026, 11, 30, 9, 0));
                sale.setCashier(session.find(User.class, 2L));
                session.persist(sale);
                SaleItem item = new SaleItem();
                item.setSale(sale);
                item.setProduct(session.find(Product.class, 1L));
                item.setQuantity(2);
                item.setUnitPrice(new BigDecimal("2.50"));
                session.persist(item);
                return sale.getId();
            });
            BigDecimal total = db.sessionFactory().fromSession(session -> session.find(Sale.class, saleId).getTotal());
            assertThat(total).isEqualTo(new BigDecimal("5.00"));
        }
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT total, created_at FROM sale WHERE receipt_no = 'R-API-1'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("5.00");
            assertThat(row.getString(2)).isEqualTo("2026-11-30 09:00:00");
        }
    }

    @Test
    void everyPooledConnectionCarriesPosdbsConnectionSettings() throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(dir.resolve("pos.db")).maximumPoolSize(3).build();
        try (PosDatabase db = PosDatabase.boot(settings)) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < settings.maximumPoolSize(); i++) {
                    held.add(db.dataSource().getConnection());
                }
                for (Connection connection : held) {
                    assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
                    assertThat(pragma(connection, "busy_timeout")).isEqualTo("30000");
                    assertThat(storedTimestamp(connection)).isEqualTo("2026-11-30 09:15:00");
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
            assertThat(((HikariDataSource) db.dataSource()).getMaximumPoolSize()).isEqualTo(3);
        }
    }

    @Test
    @ExtendWith(QuietLogs.class) // the drift provoked on purpose is logged at WARN before strict schema refuses it
    void thePoolOpenedAfterAnUpgradeAloneHasPosdbsSettingsAndStrictSchemaRefusesADriftedFile() throws Exception {
        Path file = legacyShop("WAL");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).maximumPoolSize(2).build();
        PosDatabase.upgrade(settings);
        try (HikariDataSource pool = PosDatabase.openPool(settings); Connection connection = pool.getConnection()) {
            assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
            assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(connection, "busy_timeout")).isEqualTo("30000");
        }
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE sale ADD COLUMN hand_made_note TEXT");
        }

        assertThatThrownBy(() -> PosDatabase.openPool(PosDatabaseSettings.sqlite(file).strictSchema(true).build()))
                .isInstanceOfSatisfying(PosDatabaseException.class,
                        e -> assertThat(e.kind()).isEqualTo(BootFailure.SCHEMA_DRIFT))
                .hasMessageContaining("hand_made_note");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    @ExtendWith(QuietLogs.class) // HikariCP logs each connection it fails to open on the moved shop
    void aPoolConnectionOpenedAfterTheShopWasMovedAwayFailsInsteadOfCreatingAnEmptyShop(JournalMode journalMode)
            throws Exception {
        Path file = legacyShop(journalMode.name());
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).maximumPoolSize(2).build();
        PosDatabase.upgrade(settings);
        try (HikariDataSource pool = PosDatabase.openPool(settings)) {
            // HikariCP fills the pool in the background: a connection it opens during the move would reach the
            // moved file and be handed out below. Wait until it is full (it gives up after its own timeout).
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (pool.getHikariPoolMXBean().getTotalConnections() < settings.maximumPoolSize()
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Path away = Files.createDirectory(dir.resolve("away"));
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path part = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(part)) {
                    Files.move(part, away.resolve(part.getFileName()));
                }
            }
            // The pool's open connections go; the next one is opened on the path the shop has left.
            pool.getHikariPoolMXBean().softEvictConnections();

            // HikariCP retries a failing open until its connection timeout (30 s, read once when the pool
            // starts: the MXBean's setter does not shorten a running pool's wait), so ask the pool itself
            // for a connection with a short timeout of its own.
            HikariPool hikari = (HikariPool) pool.getHikariPoolMXBean();
            assertThatThrownBy(() -> hikari.getConnection(250)).isInstanceOf(java.sql.SQLException.class);
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void theHibernatePropertiesForAFrameworkAreValidateOnlyWithPosdbsDialects() {
        assertThat(PosDatabase.hibernateProperties(PosDatabaseSettings.sqlite(dir.resolve("pos.db")).build()))
                .containsEntry("hibernate.hbm2ddl.auto", "validate")
                .containsEntry("hibernate.dialect", io.posdb.orm.PosSqliteDialect.class.getName());
        assertThat(PosDatabase.hibernateProperties(
                PosDatabaseSettings.postgresql("jdbc:postgresql://localhost/pos", "pos", "secret").build()))
                .containsEntry("hibernate.hbm2ddl.auto", "validate")
                .containsEntry("hibernate.dialect", io.posdb.orm.PosPostgresDialect.class.getName());
    }

    @Test
    void aPoolSizeLeftUnsetIsSmallForSqlite() {
        assertThat(PosDatabaseSettings.sqlite(dir.resolve("pos.db")).build().maximumPoolSize())
                .isEqualTo(PosDatabaseSettings.DEFAULT_SQLITE_POOL_SIZE);
        assertThat(PosDatabaseSettings.postgresql("jdbc:postgresql://localhost/pos", "pos", "secret").build()
                .maximumPoolSize()).isEqualTo(PosDatabaseSettings.DEFAULT_POSTGRESQL_POOL_SIZE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void bootLogsHowLongItTookFromItsStartToTheValidatedSessionFactory(String journalMode) throws Exception {
        Path file = legacyShop(journalMode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        List<String> messages;
        try (CapturedLogs logs = new CapturedLogs(); PosDatabase db = PosDatabase.boot(settings)) {
            messages = logs.messages();
        }
        // The line scripts/bench.sh reads on both sides (here and in the Spring Boot starter): once, last.
        String took = "posdb: boot of " + settings.database().description() + " took ";
        assertThat(messages).filteredOn(message -> message.startsWith(took)).singleElement().asString()
                .matches(Pattern.quote(took) + "\\d+ ms \\(upgrade, pool, drift check, Hibernate validated\\)");
        assertThat(messages.get(messages.size() - 1)).startsWith(took);
        assertThat(messages).contains("Schema validated");
    }

    /**
     * A boot that upgrades checks drift and validates inside the upgrade (a refusal there restores the file) and
     * not once more after it; the next boot, with nothing pending, does each once too.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aBootChecksDriftAndValidatesOnceWhetherItUpgradesOrNot(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop-" + mode + ".db"), mode);
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 3);
        }
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).strictSchema(true).build();
        Logger drift = (Logger) org.slf4j.LoggerFactory.getLogger(DatabaseBootstrap.class);
        for (boolean upgrades : new boolean[] {true, false}) {
            ListAppender<ILoggingEvent> checks = new ListAppender<>();
            checks.start();
            drift.addAppender(checks);
            drift.setLevel(Level.DEBUG);
            try (CapturedLogs logs = new CapturedLogs(); PosDatabase db = PosDatabase.boot(settings)) {
                assertThat(db.applied().isEmpty()).as("nothing applied").isNotEqualTo(upgrades);
                assertThat(logs.messages()).filteredOn("Schema validated"::equals).hasSize(1);
            } finally {
                drift.detachAppender(checks);
                drift.setLevel(null);
            }
            assertThat(checks.list).filteredOn(e -> e.getFormattedMessage().startsWith("No schema drift on"))
                    .as("drift checks, upgrading: " + upgrades).hasSize(1);
        }
    }

    @Test
    void extraHibernatePropertiesReachTheSessionFactory() throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(dir.resolve("pos.db"))
                .hibernateProperty("hibernate.generate_statistics", "true").build();
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.sessionFactory().getStatistics().isStatisticsEnabled()).isTrue();
        }
    }

    @Test
    void aFileThatIsNotADatabaseFailsWithItsKindAndExitCode() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "shopping list: milk, bread, coffee ".repeat(200));

        assertThatThrownBy(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()))
                .isInstanceOfSatisfying(PosDatabaseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BootFailure.UNUSABLE_DATABASE);
                    assertThat(e.exitCode()).isEqualTo(BootFailure.UNUSABLE_DATABASE.exitCode());
                    assertThat(e).hasMessageContaining(file.toAbsolutePath().toString());
                });
    }

    /**
     * A folder given as the database (the shop's folder instead of its file) is refused naming the setting as a
     * library or Spring Boot user set it, not only the command line's --db: they never typed --db.
     */
    @Test
    void aFolderGivenAsTheDatabaseIsRefusedNamingTheSettingAsTheLibraryAndSpringBootNameIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pos.db"));

        assertRefused(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(folder).build()),
                BootFailure.UNUSABLE_DATABASE, "it is a folder, not a database file");
        assertThatThrownBy(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(folder).build()))
                .hasMessageContaining("--db").hasMessageContaining("PosDatabaseSettings.sqlite(path)")
                .hasMessageContaining("posdb.db in Spring Boot");
        try (java.util.stream.Stream<Path> inside = Files.list(folder)) {
            assertThat(inside).as("nothing made in it").isEmpty();
        }
    }

    /**
     * A schema the entities refuse is INVALID_SCHEMA whose cause is Hibernate's own error, not a second
     * PosDatabaseException in nearly the same words above it: whether the boot's upgrade is undone for it (the
     * message then says the file was restored) or nothing was pending.
     */
    @Test
    @ExtendWith(QuietLogs.class) // the refused upgrade's restore is logged at WARN
    void aSchemaTheEntitiesRefuseIsInvalidSchemaCausedDirectlyByHibernatesError() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Path master = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")),
                "0099-rename-product-name.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 0099-rename-product-name
                      author: posdb-test
                      labels: %s
                      changes:
                        - sql: { sql: "ALTER TABLE product RENAME COLUMN name TO title" }
                      rollback:
                        - sql: { sql: "ALTER TABLE product RENAME COLUMN title TO name" }
                """.formatted(Changelogs.nextReleaseLabel()));
        PosDatabaseSettings renaming = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build();

        assertThatThrownBy(() -> PosDatabase.boot(renaming)).isInstanceOfSatisfying(PosDatabaseException.class, e -> {
            assertThat(e.kind()).isEqualTo(BootFailure.INVALID_SCHEMA);
            assertThat(e.exitCode()).isEqualTo(BootFailure.INVALID_SCHEMA.exitCode());
            assertThat(e).hasMessageContaining("Schema validation failed on " + file)
                    .hasMessageContaining("the database was restored to its state before the upgrade")
                    .hasCauseInstanceOf(SchemaManagementException.class);
        });

        PosDatabase.upgrade(renaming); // the same schema, with nothing pending at the next boot
        assertThatThrownBy(() -> PosDatabase.boot(renaming)).isInstanceOfSatisfying(PosDatabaseException.class, e -> {
            assertThat(e.kind()).isEqualTo(BootFailure.INVALID_SCHEMA);
            assertThat(e).hasMessageContaining("Schema validation failed on " + file)
                    .hasCauseInstanceOf(SchemaManagementException.class);
        });
    }

    private Path legacyShop(String journalMode) throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy-" + journalMode + ".db"));
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=" + journalMode);
            assertThat(pragma(connection, "journal_mode")).isEqualToIgnoringCase(journalMode);
        }
        return file;
    }

    private static String pragma(Connection connection, String name) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    /** How the connection stores a bound timestamp: text in the legacy form, not epoch milliseconds. */
    private static String storedTimestamp(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS stamp (at TIMESTAMP)");
            statement.execute("DELETE FROM stamp");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stamp (at) VALUES (?)")) {
            insert.setTimestamp(1, Timestamp.valueOf(LocalDateTime.of(2026, 11, 30, 9, 15)));
            insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT at FROM stamp WHERE typeof(at) = 'text'")) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
