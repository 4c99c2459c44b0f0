package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Objects the entities do not map, made by hand on a till's file (a reporting view, a table whose
 * columns have no declared type), never stop a boot: Hibernate validates the mapped tables only,
 * and drift reports the objects as not owned by the changelog (WARN at boot, refused only with
 * strict schema). An untyped column in a mapped table still fails validation, naming it.
 */
@ExtendWith(QuietLogs.class)
class UnmappedObjectsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void handMadeViewAndUntypedTableDoNotStopABootAndDriftReportsThem(JournalMode mode) throws Exception {
        Path file = bootedShop(mode);
        handMade(file, UnmappedObjects.REPORTING_VIEW, UnmappedObjects.UNTYPED_TABLE);

        try (CapturedLogs logs = new CapturedLogs();
             PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
            long sales = WalFiles.count(file, "SELECT count(*) FROM sale");
            Long mapped = db.sessionFactory().fromSession(session ->
                    session.createSelectionQuery("select count(*) from Sale", Long.class).getSingleResult());
            assertThat(mapped).as("sales read through the SessionFactory Hibernate validated").isEqualTo(sales)
                    .isPositive();
            assertThat(logs.messages()).contains("Schema validated");
            assertThat(logs.events()).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains(UnmappedObjects.NOT_OWNED);
            });
            assertThat(logs.events()).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
        }
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());

        SqliteDatabase database = SqliteDatabase.at(file);
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences())
                .containsExactlyElementsOf(UnmappedObjects.NOT_OWNED);
        ExpectedKind.assertRefused(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(file).strictSchema(true).build()),
                BootFailure.SCHEMA_DRIFT, "view daily is not in the changelog");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void untypedColumnInAMappedTableStillFailsValidationNamingIt(JournalMode mode) throws Exception {
        // Validation is not switched off: only what the entities do not map is left to drift.
        Path file = bootedShop(mode);
        handMade(file, "ALTER TABLE product DROP COLUMN stock", "ALTER TABLE product ADD COLUMN stock");

        ExpectedKind.assertRefused(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()),
                BootFailure.INVALID_SCHEMA, "column [stock] in table [product]");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aLegacyShopWithHandMadeChangesUpgradesAndKeepsThem(JournalMode mode) throws Exception {
        // All made in the sqlite3 shell, where foreign keys are off: a product deleted under its sale items,
        // a view over a table dropped since, a column of the shop's own on the user table that 0010 rebuilds.
        // SQLite reads the file; the till ran on it.
        Path file = WalFiles.shop(dir.resolve("legacy-" + mode + ".db"), mode);
        handMade(file, "PRAGMA foreign_keys = OFF", "DELETE FROM product WHERE id = (SELECT MIN(product_id) FROM saleitem)",
                "CREATE TABLE promo (code TEXT)", "CREATE VIEW promo_codes AS SELECT code FROM promo", "DROP TABLE promo",
                "ALTER TABLE \"user\" ADD COLUMN \"shop_note\" VARCHAR(200)",
                "UPDATE \"user\" SET \"shop_note\" = 'owner@shop.test' WHERE id = 1");
        long dangling = WalFiles.count(file, "SELECT COUNT(*) FROM pragma_foreign_key_check");
        long saleItems = WalFiles.count(file, "SELECT COUNT(*) FROM saleitem");
        assertThat(dangling).isPositive();

        try (CapturedLogs logs = new CapturedLogs();
             PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
            assertThat(logs.messages()).contains("Schema validated");
            assertThat(logs.events()).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
        }
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM saleitem")).as("no sale item lost").isEqualTo(saleItems);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM pragma_foreign_key_check")).isEqualTo(dangling);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'promo_codes'")).isEqualTo(1);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM \"user\" WHERE id = 1 AND shop_note = 'owner@shop.test'"))
                .as("the shop's own column, carried through 0010's rebuild").isEqualTo(1);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'user' AND sql LIKE '%CHECK%'"))
                .isEqualTo(1);
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
    }

    private Path bootedShop(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop-" + mode + ".db"), mode);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        return file;
    }

    private static void handMade(Path file, String... statements) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
