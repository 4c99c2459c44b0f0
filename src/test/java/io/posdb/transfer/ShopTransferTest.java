package io.posdb.transfer;

import io.posdb.report.TransferredTable;
import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.core.AppenderBase;
import io.posdb.changelog.ChangelogSource;
import io.posdb.cli.PosdbCommand;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabase;
import io.posdb.orm.Sale;
import io.posdb.schema.SchemaCatalog;
import java.time.LocalDateTime;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.TillTimeZone;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.PosDatabaseTransfer;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** posdb transfer of the legacy fixture into a real PostgreSQL database. */
@Tag("postgres")
class ShopTransferTest {

    @TempDir
    Path dir;

    private PostgresDatabase target;

    @BeforeEach
    void freshTarget() throws Exception {
        target = PostgresServer.createDatabase();
    }

    @AfterEach
    void dropTarget() throws Exception {
        PostgresServer.drop(target);
    }

    private Path upgradedShop() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Bootstraps.withDefaults(SqliteDatabase.at(file)).boot().close();
        return file;
    }

    private List<TransferredTable> transfer(Path file) throws PosDatabaseException {
        return new ShopTransfer(SqliteDatabase.at(file), target, PosDatabaseSettings.of(target).build()).run();
    }

    @Test
    void movesEveryRowWithItsIdsAndExactTotals() throws Exception {
        Path file = upgradedShop();

        List<TransferredTable> checks = transfer(file);

        assertThat(checks).extracting(TransferredTable::table, TransferredTable::sourceRows, TransferredTable::targetRows)
                .contains(org.assertj.core.groups.Tuple.tuple("user", 3L, 3L),
                        org.assertj.core.groups.Tuple.tuple("sale", 5L, 5L),
                        org.assertj.core.groups.Tuple.tuple("saleitem", 10L, 10L),
                        org.assertj.core.groups.Tuple.tuple("data_migration_audit", 3L, 3L));
        TransferredTable sales = checks.stream().filter(c -> c.table().equals("sale")).findFirst().orElseThrow();
        assertThat(sales.targetTotal()).isEqualByComparingTo(new BigDecimal("31.90"));
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT id || ':' || total FROM sale ORDER BY id"))
                    .containsExactly("1:6.20", "2:3.90", "3:11.05", "4:0.95", "5:9.80");
            assertThat(strings(statement, "SELECT username || ':' || role || ':' || is_active FROM \"user\" ORDER BY id"))
                    .containsExactly("owner:admin:true", "anna:user:true", "li.wei:user:false");
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id) "
                    + "VALUES ('R-NEW', '1.00', 'cash', 1)");
            assertThat(strings(statement, "SELECT id FROM sale WHERE receipt_no = 'R-NEW'"))
                    .as("the sequence continues after the copied ids").containsExactly("6");
        }
        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(DatabaseContents.rows(connection, "sale")).hasSize(5);
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void leavesEveryFileOfTheSourceAsItWasAndCarriesTheSalesOnlyInItsWal(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), mode);
        Bootstraps.withDefaults(SqliteDatabase.at(file)).boot().close();
        // WAL mode: sales committed only to the -wal, as a power cut leaves them; a read-write
        // connection's close would checkpoint them into the main file and delete the -wal.
        int salesOnlyInTheWal = mode == JournalMode.WAL ? 3 : 0;
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, salesOnlyInTheWal);
        }
        Map<String, String> before = Bytes.folder(file.getParent());

        List<TransferredTable> checks = PosDatabaseTransfer.shopToServer(PosDatabaseSettings.sqlite(file).build(),
                PosDatabaseSettings.of(target).build());

        assertThat(checks).filteredOn(c -> c.table().equals("sale")).singleElement()
                .extracting(TransferredTable::targetRows).isEqualTo(5L + salesOnlyInTheWal);
        assertThat(Bytes.folder(file.getParent())).as("the source's folder, file by file").isEqualTo(before);
    }

    @Test
    void refusesANonEmptyTargetAndLeavesItAsItWas() throws Exception {
        Path file = upgradedShop();
        transfer(file);

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("not empty").hasMessageContaining("category holds 3 rows");
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT COUNT(*) FROM sale")).containsExactly("5");
        }
    }

    @Test
    void refusesANonEmptyTargetBeforeMigratingItAndLeavesItUntouched() throws Exception {
        Path file = upgradedShop();
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE notes (id INT PRIMARY KEY, text VARCHAR(20))");
            statement.execute("INSERT INTO notes VALUES (1, 'head office')");
        }

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("not empty").hasMessageContaining("table notes holds 1 rows");

        assertThat(targetTables()).as("the target was not migrated").containsExactly("notes");
    }

    @Test
    void copiesAndVerifiesATableAddedByALaterChangeSetInForeignKeyOrder() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0099-loyalty-card.yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/0099-loyalty-card.yaml
                  - changeSet:
                      id: 0099-loyalty-card
                      author: test
                      labels: release-2.1
                      changes:
                        - createTable:
                            tableName: loyalty_card
                            columns:
                              - column: { name: id, type: INTEGER, autoIncrement: true, constraints: { primaryKey: true, nullable: false } }
                              - column: { name: user_id, type: INTEGER, constraints: { nullable: false, foreignKeyName: fk_loyalty_card_user, referencedTableName: user, referencedColumnNames: id } }
                              - column: { name: points, type: INTEGER, constraints: { nullable: false } }
                """);
        PosDatabaseSettings withLoyalty = PosDatabaseSettings.of(target).lockWait(Duration.ofSeconds(30)).keepSnapshots(3).allowNewerDatabase(false)
                .changelog(ChangelogSource.file(master)).build();
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        new DatabaseBoot(SqliteDatabase.at(file), withLoyalty).boot().close();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO loyalty_card (id, user_id, points) VALUES (1, 2, 120), (2, 3, 40)");
        }

        List<TransferredTable> checks = new ShopTransfer(SqliteDatabase.at(file), target, withLoyalty).run();

        assertThat(checks).extracting(TransferredTable::table).containsSubsequence("user", "loyalty_card")
                .containsSubsequence("category", "product", "saleitem").contains("data_migration_audit");
        assertThat(checks).filteredOn(c -> c.table().equals("loyalty_card")).singleElement()
                .satisfies(c -> assertThat(List.of(c.sourceRows(), c.targetRows())).containsExactly(2L, 2L));
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT id || ':' || user_id || ':' || points FROM loyalty_card ORDER BY id"))
                    .containsExactly("1:2:120", "2:3:40");
        }
    }

    @Test
    void refusesATableMadeByHandNamingItsRowsBeforeTouchingTheTargetAndMovesACopyWithoutIt() throws Exception {
        Path file = upgradedShop();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE notes_by_hand (id INTEGER PRIMARY KEY, note TEXT)");
            statement.execute("INSERT INTO notes_by_hand (note) VALUES ('call the supplier'), ('new shelf')");
            statement.execute("CREATE VIEW cheap_products AS SELECT id, name FROM product WHERE price < '3'");
        }

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("the changelog does not own, notes_by_hand (2 rows)")
                .hasMessageContaining("Nothing was written");
        assertThat(targetTables()).as("the target was not migrated").isEmpty();

        // The documented way on: a copy without the hand-made table (a view made by hand does not stop it).
        Path copy = Files.copy(file, dir.resolve("for-the-server.db"));
        try (Connection connection = LegacyDatabases.open(copy); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE notes_by_hand");
        }
        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(transfer(copy)).extracting(TransferredTable::table).contains("sale")
                    .doesNotContain("notes_by_hand");
            assertThat(logs.messages()).as("the operator is told what the server will not have")
                    .anyMatch(m -> m.startsWith("Not moved to ") && m.contains("view cheap_products"));
        }
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT note FROM notes_by_hand ORDER BY id"))
                    .as("the shop's own file keeps the hand-made rows").containsExactly("call the supplier", "new shelf");
        }
    }

    @Test
    void refusesRowsThatReferToMissingRowsNamingThemBeforeTouchingTheTarget() throws Exception {
        // A product deleted in the sqlite3 shell, where foreign keys are off: the till ran on; the server refuses it.
        Path file = upgradedShop();
        long product;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            product = Long.parseLong(strings(statement, "SELECT MIN(product_id) FROM saleitem").get(0));
            statement.execute("PRAGMA foreign_keys = OFF");
            statement.execute("DELETE FROM product WHERE id = " + product);
        }
        long dangling = WalFiles.count(file, "SELECT COUNT(*) FROM saleitem WHERE product_id = " + product);

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining(dangling + " row(s) refer to rows that do not exist (" + dangling
                        + " in saleitem -> product)")
                .hasMessageContaining("of table saleitem refers to a missing row of product")
                .hasMessageContaining("Nothing was written");
        assertThat(targetTables()).as("the target was not migrated").isEmpty();
    }

    @Test
    void refusesAnAmountThatIsNotADecimalNumberNamingItsRowBeforeTouchingTheTarget() throws Exception {
        Path file = upgradedShop();
        String product;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            product = strings(statement, "SELECT MAX(id) FROM product").get(0);
            statement.execute("UPDATE product SET price = '2,50' WHERE id = " + product); // a hand edit
        }

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("product.price of row id " + product + " is not a decimal number")
                .hasMessageContaining("Nothing was written").hasMessageNotContaining("2,50");
        assertThat(targetTables()).as("the target was not migrated").isEmpty();
    }

    private Path upgradedShop(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), mode);
        Bootstraps.withDefaults(SqliteDatabase.at(file)).boot().close();
        return file;
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void refusesAColumnMadeByHandHoldingValuesNamingItsRowsBeforeTouchingTheTarget(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE \"user\" ADD COLUMN email VARCHAR(100)");
            statement.execute("UPDATE \"user\" SET email = 'x' || id || '@shop.example'");
            statement.execute("ALTER TABLE sale ADD COLUMN note TEXT");
            statement.execute("UPDATE sale SET note = 'refund promised' WHERE id IN (SELECT id FROM sale LIMIT 2)");
        }
        long users = WalFiles.count(file, "SELECT COUNT(*) FROM \"user\"");
        List<String> before = targetTables();

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("column(s) the changelog does not own")
                .hasMessageContaining("user.email (a value in " + users + " rows)")
                .hasMessageContaining("sale.note (a value in 2 rows)")
                .hasMessageContaining("Nothing was written").hasMessageContaining("DROP COLUMN")
                .extracting(e -> ((PosDatabaseException) e).kind()).isEqualTo(BootFailure.MIGRATION_FAILED);
        assertThat(targetTables()).as("the target's tables, before and after").isEqualTo(before).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void movesTheRestWithAWarningSayingSoWhenAColumnMadeByHandIsNullInEveryRow(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE sale ADD COLUMN note TEXT");
        }

        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(transfer(file)).extracting(TransferredTable::table).contains("sale");
            assertThat(logs.messages()).as("what the server will not have, and that it held nothing")
                    .anyMatch(m -> m.startsWith("Not moved to ") && m.contains("column sale.note (NULL in every row)"))
                    .noneMatch(m -> m.contains("they hold no rows"));
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void movesATimeWithAFractionAndAnOffsetAsTheTillReadsIt(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        long sale;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id, created_at) "
                    + "VALUES ('TZ-1', '1.00', 'card', 1, '2025-03-01 10:00:00.5+02:00')");
            sale = Long.parseLong(strings(statement, "SELECT id FROM sale WHERE receipt_no = 'TZ-1'").get(0));
        }
        LocalDateTime tillReads;
        try (PosDatabase till = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
            LocalDateTime read = till.sessionFactory()
                    .fromSession(session -> session.find(Sale.class, sale).getCreatedAt());
            tillReads = read;
        }

        transfer(file);

        try (PosDatabase server = PosDatabase.boot(PosDatabaseSettings.of(target).build())) {
            LocalDateTime serverReads = server.sessionFactory()
                    .fromSession(session -> session.find(Sale.class, sale).getCreatedAt());
            assertThat(serverReads).as("the server's till reads what the shop's till read").isEqualTo(tillReads)
                    .isEqualTo(LocalDateTime.of(2025, 3, 1, 10, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void refusesATimeTheTillCannotReadNamingItsRowAndValueBeforeTouchingTheTarget(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String sale;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id, created_at) "
                    + "VALUES ('TZ-1', '1.00', 'card', 1, '2025-03-01T10:00:00')"); // an import script's isoformat()
            sale = strings(statement, "SELECT id FROM sale WHERE receipt_no = 'TZ-1'").get(0);
        }
        List<String> before = targetTables();

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("sale.created_at of row id " + sale + " is '2025-03-01T10:00:00'")
                .hasMessageContaining("Nothing was written").hasMessageContaining("posdb doctor")
                .extracting(e -> ((PosDatabaseException) e).kind()).isEqualTo(BootFailure.MIGRATION_FAILED);
        assertThat(targetTables()).as("the target's tables, before and after").isEqualTo(before).isEmpty();
    }

    /**
     * sqlite-jdbc reads a date that does not exist leniently ('2025-13-45' as 2026-02-14): moved, the shop's record
     * would change without a word. Refused as a time the till cannot read is, naming the row and value.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void refusesADateThatDoesNotExistNamingItsRowAndValueBeforeTouchingTheTarget(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String sale;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id, created_at) "
                    + "VALUES ('TZ-1', '1.00', 'card', 1, '2025-13-45 10:00:00')"); // a hand edit
            sale = strings(statement, "SELECT id FROM sale WHERE receipt_no = 'TZ-1'").get(0);
        }
        List<String> before = targetTables();

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("sale.created_at of row id " + sale + " is '2025-13-45 10:00:00', a date or time "
                        + "of day that does not exist, which the till reads as another (2026-02-14 10:00:00)")
                .hasMessageContaining("Nothing was written").hasMessageContaining("posdb doctor")
                .extracting(e -> ((PosDatabaseException) e).kind()).isEqualTo(BootFailure.MIGRATION_FAILED);
        assertThat(targetTables()).as("the target's tables, before and after").isEqualTo(before).isEmpty();
    }

    /** The time of day too: 25:00 would move as 01:00 the next day, 2025-02-30 as March 2, year 0 as 1 BC. */
    @Test
    void refusesATimeOfDayThatDoesNotExistAFebruaryThirtiethAndYearZeroBeforeTouchingTheTarget() throws Exception {
        Path file = upgradedShop(JournalMode.DELETE);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE product SET created_at = '2025-03-01 25:00:00.5+02:00' "
                    + "WHERE id = (SELECT MIN(id) FROM product)");
        }
        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("is '2025-03-01 25:00:00.5+02:00', a date or time of day that does not exist");

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE product SET created_at = '2025-02-30 10:00:00' "
                    + "WHERE id = (SELECT MIN(id) FROM product)");
        }
        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("is '2025-02-30 10:00:00', a date or time of day that does not exist, which "
                        + "the till reads as another (2025-03-02 10:00:00)");

        // Year 0 (which the till reads as 1 BC) in a TIMESTAMP column, whose NUMERIC affinity once let it pass.
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE product SET created_at = '0000-01-01 00:00:00' "
                    + "WHERE id = (SELECT MIN(id) FROM product)");
        }
        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("is '0000-01-01 00:00:00', a date or time of day that does not exist");
        assertThat(targetTables()).as("the target was not migrated").isEmpty();
    }

    /**
     * The till reads a time's numbers with any number of digits ('2025-2-3 9:05:00' is February 3): a date that does
     * not exist written so ('2025-2-30', read as March 2) is refused as the long form is, and one that exists moves
     * as the till reads it.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void refusesAShortFieldDateThatDoesNotExistAndMovesAShortFieldTimeThatExistsUnchanged(JournalMode mode)
            throws Exception {
        Path file = upgradedShop(mode);
        String sale;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id, created_at) "
                    + "VALUES ('S-1', '1.00', 'card', 1, '2025-2-30 10:00:00')"); // a hand edit
            sale = strings(statement, "SELECT id FROM sale WHERE receipt_no = 'S-1'").get(0);
        }

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("sale.created_at of row id " + sale + " is '2025-2-30 10:00:00', a date or time "
                        + "of day that does not exist, which the till reads as another (2025-03-02 10:00:00)")
                .hasMessageContaining("Nothing was written")
                .extracting(e -> ((PosDatabaseException) e).kind()).isEqualTo(BootFailure.MIGRATION_FAILED);
        assertThat(targetTables()).as("the target was not migrated").isEmpty();

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE sale SET created_at = '2025-2-3 9:05:00' WHERE id = " + sale);
        }
        transfer(file);
        try (Connection server = target.open(); Statement statement = server.createStatement()) {
            assertThat(strings(statement, "SELECT to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') FROM sale WHERE id = "
                    + sale)).containsExactly("2025-02-03 09:05:00");
        }
    }

    /** Empty text in a time column is read by the till as no time: the doctor lists it, the transfer refuses it. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void refusesEmptyTextInATimeColumnBeforeTouchingTheTarget(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String sale;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id, created_at) "
                    + "VALUES ('E-1', '1.00', 'card', 1, '')"); // an import that wrote no time
            sale = strings(statement, "SELECT id FROM sale WHERE receipt_no = 'E-1'").get(0);
        }

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("sale.created_at of row id " + sale + " is '', text the till reads as no time")
                .hasMessageContaining("Nothing was written")
                .extracting(e -> ((PosDatabaseException) e).kind()).isEqualTo(BootFailure.MIGRATION_FAILED);
        assertThat(targetTables()).as("the target was not migrated").isEmpty();
    }

    /**
     * Times that exist move unchanged: a leap day at midnight, the last second of a year, a fraction and offset; and,
     * with the transfer run on a till in its zone (Berlin), a time in the hour that zone skips in spring and one in the
     * hour it repeats in autumn (read in that zone, '2025-03-30 02:30:00' was 03:30, and moved so).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void movesTimesThatExistUnchangedWhateverTheZoneTheTransferRunsIn(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id, created_at) "
                    + "VALUES ('L-1', '1.00', 'card', 1, '2024-02-29 00:00:00'), "
                    + "('L-2', '1.00', 'card', 1, '2025-12-31 23:59:59.999+14:00'), "
                    + "('L-3', '1.00', 'card', 1, '2025-03-30 02:30:00'), "
                    + "('L-4', '1.00', 'card', 1, '2025-10-26 02:30:00')");
        }

        TillTimeZone.during(TillTimeZone.BERLIN, () -> transfer(file));

        try (Connection server = target.open(); Statement statement = server.createStatement()) {
            assertThat(strings(statement, "SELECT to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') FROM sale "
                    + "WHERE receipt_no IN ('L-1', 'L-2', 'L-3', 'L-4') ORDER BY receipt_no"))
                    .containsExactly("2024-02-29 00:00:00", "2025-12-31 23:59:59", "2025-03-30 02:30:00",
                            "2025-10-26 02:30:00");
        }
    }

    @Test
    void refusesASourceTableItCannotOrderBeforeTouchingTheTarget() throws Exception {
        Path file = upgradedShop();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = OFF");
            statement.execute("CREATE TABLE shelf (id INTEGER PRIMARY KEY, bin_id INTEGER REFERENCES bin (id))");
            statement.execute("CREATE TABLE bin (id INTEGER PRIMARY KEY, shelf_id INTEGER REFERENCES shelf (id))");
        }

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("Cannot order tables [bin, shelf]").hasMessageContaining("cycle");

        assertThat(targetTables()).isEmpty();
    }

    /**
     * A till keeps selling during the transfer: a sale written after the first table was copied
     * (triggered by that log line) is not in the copy, which is the source as it was when the
     * read transaction began. WAL lets the till write while the transfer reads.
     */
    @Test
    void readsTheSourceInOneReadTransactionWhileATillKeepsSelling() throws Exception {
        Path file = upgradedShop();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
        }
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(ShopTransfer.class);
        AppenderBase<ILoggingEvent> till = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().startsWith("Transferred table category")) {
                    try (Connection connection = LegacyDatabases.open(file);
                         Statement statement = connection.createStatement()) {
                        statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id) "
                                + "VALUES ('R-DURING', '4.00', 'cash', 1)");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        till.start();
        // The tests log warnings only: this logger's INFO lines must reach the till appender (and only it).
        ch.qos.logback.classic.Level level = logger.getLevel();
        boolean additive = logger.isAdditive();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(till);
        List<TransferredTable> checks;
        try {
            checks = transfer(file);
        } finally {
            logger.detachAppender(till);
            logger.setLevel(level);
            logger.setAdditive(additive);
        }

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT COUNT(*) FROM sale")).as("the till's sale was written")
                    .containsExactly("6");
        }
        assertThat(checks).filteredOn(c -> c.table().equals("sale")).singleElement()
                .satisfies(c -> assertThat(List.of(c.sourceRows(), c.targetRows())).containsExactly(5L, 5L));
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT COUNT(*) FROM sale WHERE receipt_no = 'R-DURING'"))
                    .containsExactly("0");
        }
    }

    /**
     * A failure after the target was migrated (a product name holding a NUL character, which SQLite keeps from a hand
     * edit and only the server refuses: the copy fails half way) leaves the target holding the changelog's tables and
     * no row of the shop, and says so, on stderr and in --json's {@code after}, as every command's failure says what
     * it left.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aFailureAfterTheTargetWasMigratedSaysItLeftItMigratedWithNoRowOfTheShop(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE product SET name = 'Tea' || char(0) || 'bags' "
                    + "WHERE id = (SELECT MAX(id) FROM product)");
        }

        Transferred transferred = transferWithJson(file);

        assertThat(transferred.exitCode()).as(transferred.err()).isEqualTo(1);
        assertThat(transferred.json().path("after").asText()).as(transferred.err()).isEqualTo("migrated");
        String afterMessage = transferred.json().path("after_message").asText();
        assertThat(afterMessage).contains(target.description()).contains("no row of the shop")
                .contains("run the transfer again");
        assertThat(transferred.err().lines().filter(l -> l.startsWith("posdb transfer: ")).toList()).singleElement()
                .asString().endsWith(" — " + afterMessage);
        assertThat(targetTables()).as("the target was migrated").contains("product", "sale");
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT COUNT(*) FROM product")).as("and holds no row of the shop")
                    .containsExactly("0");
        }
    }

    /**
     * A row the server refuses mid-copy: PostgreSQL's batch error quotes the whole INSERT with the row's values (here
     * a PIN hash). The failure names the table, the row and the server's reason, never a value, on stderr and in
     * --json: they go into logs and support tickets.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRowTheServerRefusesMidCopyIsNamedWithoutItsValuesOnStderrAndInJson(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String user;
        String username;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            user = strings(statement, "SELECT MAX(id) FROM \"user\"").get(0);
            username = strings(statement, "SELECT username FROM \"user\" WHERE id = " + user).get(0);
            statement.execute("UPDATE \"user\" SET pin_hash = 'pbkdf2$SECRET-PIN-HASH' || char(0) WHERE id = " + user);
        }

        Transferred transferred = transferWithJson(file);

        assertThat(transferred.exitCode()).as(transferred.err()).isEqualTo(1);
        assertThat(transferred.json().path("after").asText()).as(transferred.err()).isEqualTo("migrated");
        String error = transferred.json().path("error").asText();
        assertThat(error).contains("table user").contains("row id " + user).contains("22021");
        assertThat(transferred.json().toString()).doesNotContain("SECRET-PIN-HASH").doesNotContain(username);
        assertThat(transferred.err()).contains("row id " + user).doesNotContain("SECRET-PIN-HASH")
                .doesNotContain(username);
    }

    /**
     * Text longer than the server's column (SQLite keeps it, PostgreSQL's VARCHAR(n) refuses it) is refused before
     * the target is touched, naming the table, column, row and the length against the limit, never the value (here
     * a PIN hash), pointing to posdb doctor, which lists every such row.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void refusesTextLongerThanTheServersColumnNamingItsRowAndLengthNotItsValueBeforeTouchingTheTarget(JournalMode mode)
            throws Exception {
        Path file = upgradedShop(mode);
        String user;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            user = strings(statement, "SELECT MAX(id) FROM \"user\"").get(0);
            // 16 + 184 = 200 characters, longer than the column pin_hash declares (VARCHAR(128)).
            statement.execute("UPDATE \"user\" SET pin_hash = 'SECRET-PIN-HASH-' || replace(hex(zeroblob(92)), '0', "
                    + "'x') WHERE id = " + user);
        }

        Transferred transferred = transferWithJson(file);

        assertThat(transferred.exitCode()).as(transferred.err()).isEqualTo(1);
        assertThat(transferred.json().path("after").asText()).as(transferred.err()).isEqualTo("not_touched");
        assertThat(transferred.json().path("error").asText())
                .contains("user.pin_hash of row id " + user + " is 200 characters long")
                .contains("128").contains("Nothing was written").contains("posdb doctor");
        assertThat(transferred.json().toString()).doesNotContain("SECRET-PIN-HASH");
        assertThat(transferred.err()).doesNotContain("SECRET-PIN-HASH");
        assertThat(targetTables()).as("the target was not migrated").isEmpty();
    }

    /**
     * Text longer than its column in a table no entity maps (posdb's own audit, which is copied too) is refused before
     * the target is touched as an entity's is, by the limit the column declares, never printing the value.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void refusesTextLongerThanItsColumnInATableNoEntityMapsBeforeTouchingTheTarget(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String audit;
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // 7 + 100 = 107 characters, longer than the audit's row_id (VARCHAR(64)).
            statement.execute("INSERT INTO data_migration_audit (changeset_id, table_name, row_id, column_name) "
                    + "VALUES ('by-hand', 'user', 'SECRET-' || replace(hex(zeroblob(50)), '0', 'x'), 'pin_hash')");
            audit = strings(statement, "SELECT MAX(id) FROM data_migration_audit").get(0);
        }

        Transferred transferred = transferWithJson(file);

        assertThat(transferred.exitCode()).as(transferred.err()).isEqualTo(1);
        assertThat(transferred.json().path("after").asText()).as(transferred.err()).isEqualTo("not_touched");
        assertThat(transferred.json().path("error").asText())
                .contains("data_migration_audit.row_id of row id " + audit + " is 107 characters long, longer than "
                        + "the 64 the server's column holds").contains("Nothing was written");
        assertThat(transferred.json().toString()).doesNotContain("SECRET");
        assertThat(transferred.err()).doesNotContain("SECRET");
        assertThat(targetTables()).as("the target was not migrated").isEmpty();
    }

    /**
     * The transfer judges text by the lengths the source's columns declare: they are the server's, since the
     * changelog declares each table for both engines. A changeset that let them part would fail here.
     */
    @Test
    void everyLengthTheSourcesColumnsDeclareIsTheServers() throws Exception {
        Path file = upgradedShop();
        transfer(file);

        Map<String, Integer> source = declaredLengths(SqliteDatabase.at(file));
        Map<String, Integer> server = declaredLengths(target);
        assertThat(source).as("every text column with its declared length, source and server").isNotEmpty()
                .isEqualTo(server);
    }

    private static Map<String, Integer> declaredLengths(io.posdb.database.TillDatabase database) throws Exception {
        Map<String, Integer> lengths = new java.util.TreeMap<>();
        try (Connection connection = database.open()) {
            for (SchemaCatalog.Table table : SchemaCatalog.read(connection).tables().values()) {
                for (SchemaCatalog.Column column : table.columns()) {
                    if (column.length() != null) {
                        lengths.put(table.name() + "." + column.name(), column.length());
                    }
                }
            }
        }
        return lengths;
    }

    /** A refusal before the target is touched says so, on stderr and in --json's {@code after}. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRefusalBeforeTheTargetIsTouchedSaysItWasNotTouched(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE sale ADD COLUMN note TEXT");
            statement.execute("UPDATE sale SET note = 'refund promised' WHERE id IN (SELECT id FROM sale LIMIT 2)");
        }

        Transferred transferred = transferWithJson(file);

        assertThat(transferred.exitCode()).as(transferred.err()).isEqualTo(1);
        assertThat(transferred.json().get("error").asText()).contains("sale.note (a value in 2 rows)");
        assertThat(transferred.json().path("after").asText()).as(transferred.err()).isEqualTo("not_touched");
        String afterMessage = transferred.json().path("after_message").asText();
        assertThat(afterMessage).contains(target.description()).contains("not touched");
        assertThat(transferred.err().lines().filter(l -> l.startsWith("posdb transfer: ")).toList()).singleElement()
                .asString().endsWith(" — " + afterMessage);
        assertThat(targetTables()).as("the target was not migrated").isEmpty();
    }

    private record Transferred(int exitCode, JsonNode json, String err) {
    }

    /** posdb transfer --json of {@code file} into the target, in this process. */
    private Transferred transferWithJson(Path file) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute("transfer", "--json", "--from-db", file.toString(), "--to-url",
                target.description(), "--user", PostgresServer.user(), "--password", PostgresServer.password());
        return new Transferred(exitCode, new ObjectMapper().readTree(out.toString()),
                err.toString());
    }

    @Test
    void helpShowsOnlyTheOptionsTransferTakes() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute("transfer", "--help")).isZero();

        assertThat(out.toString()).contains("--from-db", "--to-url", "--user", "--password", "--json")
                .doesNotContain("--db=", "--url=", "--keep-snapshots", "--allow-newer-database", "--changelog");
    }

    private List<String> targetTables() throws Exception {
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            return strings(statement, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    + "current_schema() ORDER BY table_name");
        }
    }

    @Test
    void refusesASourceThatIsNotUpgraded() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("posdb update --db");
    }

    private static List<String> strings(Statement statement, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
