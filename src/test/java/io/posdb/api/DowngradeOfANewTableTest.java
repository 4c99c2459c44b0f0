package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.failure.BootFailure;
import io.posdb.report.UpgradeRun;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code posdb downgrade} of a newer release's new table that holds rows: it is kept whole as
 * {@code archived_<table>}, and the archive holds the values while constraining nothing. Before, the table was only
 * renamed and kept its foreign key to {@code sale}: the older release's {@code delete from user} cascaded into the
 * archive and emptied it, and with a plain key its {@code delete from sale} failed "FOREIGN KEY constraint failed".
 */
@ExtendWith(QuietLogs.class)
class DowngradeOfANewTableTest {

    /** The tester's 2.1: a new table payment referencing sale ({@code %s} the key's ON DELETE), a trigger, an index. */
    private static final String ADD_PAYMENT = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-add-payment
                  author: test
                  labels: {newer}
                  changes:
                    - sql:
                        splitStatements: false
                        sql: CREATE TABLE payment (id INTEGER, amount VARCHAR(40) NOT NULL, method VARCHAR(4) NOT NULL, sale_id BIGINT NOT NULL, PRIMARY KEY (id), FOREIGN KEY (sale_id) REFERENCES sale %s)
                    - sql:
                        sql: CREATE UNIQUE INDEX payment_one_per_sale ON payment (sale_id)
                    - sql:
                        splitStatements: false
                        sql: CREATE TRIGGER payment_method_known BEFORE UPDATE ON payment BEGIN SELECT RAISE(ABORT, 'unknown method') WHERE NEW.method NOT IN ('cash', 'card'); END
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> journalModesAndKeys() {
        List<Arguments> cases = new ArrayList<>();
        for (JournalMode mode : JournalMode.values()) {
            cases.add(Arguments.of(mode, "ON DELETE CASCADE"));
            cases.add(Arguments.of(mode, ""));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, key {1}")
    @MethodSource("journalModesAndKeys")
    void anArchivedTableKeepsItsRowsWhenTheOlderReleaseDeletesTheSalesTheyReferenced(JournalMode mode, String onDelete)
            throws Exception {
        Path file = upgradedByNewer(mode, ADD_PAYMENT.formatted(onDelete));
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO payment (sale_id, method, amount) SELECT id, 'cash', '1.00' FROM sale");
        }
        List<String> payments = values(file, "SELECT id || ':' || amount || ':' || method || ':' || sale_id "
                + "FROM payment ORDER BY id");
        assertThat(payments).as("a payment of each sale").isNotEmpty();

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(values(file, "SELECT id || ':' || amount || ':' || method || ':' || sale_id "
                + "FROM archived_payment ORDER BY id")).as("every row and column archived").isEqualTo(payments);
        assertThat(values(file, "SELECT 'foreign key to ' || \"table\" FROM pragma_foreign_key_list('archived_payment') "
                + "UNION ALL SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name = 'archived_payment' "
                + "AND type IN ('index', 'trigger')")).as("no foreign key, index or trigger on the archive").isEmpty();

        String firstSale = values(file, "SELECT min(sale_id) FROM archived_payment").get(0);
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement deleteSale = connection.prepareStatement("DELETE FROM sale WHERE id = ?");
             PreparedStatement deleteCashier = connection.prepareStatement("DELETE FROM \"user\" WHERE id = "
                     + "(SELECT cashier_id FROM sale WHERE id = (SELECT min(id) FROM sale))")) {
            deleteSale.setString(1, firstSale);
            assertThat(deleteSale.executeUpdate()).as("the older release deletes a sale the archive names").isOne();
            assertThat(deleteCashier.executeUpdate()).as("and a cashier, cascading to their sales").isOne();
        }
        assertThat(values(file, "SELECT id || ':' || amount || ':' || method || ':' || sale_id "
                + "FROM archived_payment ORDER BY id")).as("the archive untouched by the cascades").isEqualTo(payments);
    }

    /** 2.1 splits product.stock into a table of its own: created, filled from product, then the column dropped. */
    private static final String SPLIT_STOCK = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-split-product-stock
                  author: test
                  labels: {newer}
                  runInTransaction: false
                  changes:
                    - sql:
                        sql: CREATE TABLE product_stock (product_id INTEGER PRIMARY KEY REFERENCES product (id), quantity INT NOT NULL)
                    - sql:
                        sql: INSERT INTO product_stock (product_id, quantity) SELECT id, stock FROM product
                    - customChange:
                        class: io.posdb.migration.sqlite.SqliteTableRebuild
                        tableName: product
                        dropColumns: stock
                        createTableSql: |
                          CREATE TABLE {table} (
                              "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                              "sku" VARCHAR(64) NOT NULL UNIQUE,
                              "name" VARCHAR(255) NOT NULL,
                              "price" VARCHAR(40) NOT NULL,
                              "is_active" INT NOT NULL  DEFAULT 1,
                              "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
                              "category_id" INT REFERENCES "category" ("id") ON DELETE SET NULL
                          )
                        rollbackCreateTableSql: |
                          CREATE TABLE {table} (
                              "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                              "sku" VARCHAR(64) NOT NULL UNIQUE,
                              "name" VARCHAR(255) NOT NULL,
                              "price" VARCHAR(40) NOT NULL,
                              "stock" INT NOT NULL  DEFAULT 0,
                              "is_active" INT NOT NULL  DEFAULT 1,
                              "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
                              "category_id" INT REFERENCES "category" ("id") ON DELETE SET NULL
                          )
            """;

    /**
     * A table split (a new table filled from an existing one's column, then the column dropped) is undone: the rows
     * inserted into the table the changeset created have no old values to audit (the undo archives that table whole),
     * and the rebuild archived the dropped column. Before, the downgrade refused it as a changeset that "changed rows
     * without auditing them".
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTableSplitIsUndoneWithTheColumnBackAndTheNewTableArchived(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE product SET stock = 7 * id + 3"); // values no default gives
        }
        List<String> stock = values(file, "SELECT id || ':' || stock FROM product ORDER BY id");
        upgradedByNewer(file, mode, SPLIT_STOCK);

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(values(file, "SELECT id || ':' || stock FROM product WHERE id IN (SELECT product_id FROM "
                + "archived_product_stock) ORDER BY id")).as("product.stock back with its values").isEqualTo(stock);
        assertThat(values(file, "SELECT product_id || ':' || quantity FROM archived_product_stock ORDER BY 1"))
                .as("the split table archived").hasSameSizeAs(stock);
    }

    /** The tester's 2.1 removed the SaleItem entity: its table archived whole, as bin/new-changeset writes it. */
    private static final String RETIRE_SALE_ITEMS = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-retire-sale-items
                  author: test
                  labels: {newer}
                  runInTransaction: false
                  preConditions:
                    - onFail: MARK_RAN
                    - tableExists:
                        tableName: saleitem
                  changes:
                    - customChange:
                        class: io.posdb.migration.ArchiveTable
                        tableName: saleitem
            """;

    /**
     * The undo of a newer release's archive of a table (a removed entity's) gives the table back as it was, with its
     * rows, from what the archive recorded; not the archive archived again. Before, the downgrade failed (restored): the undo
     * rebuilt table saleitem, which was gone ("Table not found: 'saleitem'"), and would have archived the archive.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTableTheNewerReleaseArchivedComesBackWithItsRows(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX ix_saleitem_sale ON saleitem (sale_id)");
        }
        String definitions = "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE tbl_name = 'saleitem' "
                + "ORDER BY type, name";
        String everyItem = "SELECT id || '|' || quantity || '|' || unit_price || '|' || product_id || '|' || sale_id "
                + "FROM saleitem ORDER BY id";
        List<String> definedBefore = values(file, definitions);
        List<String> items = values(file, everyItem);
        assertThat(items).isNotEmpty();
        upgradedByNewer(file, mode, RETIRE_SALE_ITEMS);
        assertThat(values(file, "SELECT COUNT(*) FROM archived_saleitem")).containsExactly(String.valueOf(items.size()));

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(values(file, definitions)).as("definition and index back").isEqualTo(definedBefore);
        assertThat(values(file, everyItem)).as("every row back").isEqualTo(items);
        assertThat(values(file, "SELECT name FROM sqlite_master WHERE name LIKE 'archived%'")).isEmpty();
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());
        assertThat(drift.stdout() + drift.stderr()).as("drift: only the shop's own index, which no changeset makes")
                .contains("(1 difference(s) from what its applied changesets produce)",
                        "index ix_saleitem_sale is not in the changelog");
    }

    /**
     * The same removal as the generator wrote it before {@code ArchiveTable}: a plain {@code renameTable} to
     * {@code archived_saleitem}, in a transaction, which records nothing in data_migration_audit.
     */
    private static final String RENAME_SALE_ITEMS = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-rename-sale-items
                  author: test
                  labels: {newer}
                  preConditions:
                    - onFail: MARK_RAN
                    - tableExists:
                        tableName: saleitem
                  changes:
                    - renameTable:
                        oldTableName: saleitem
                        newTableName: archived_saleitem
            """;

    /**
     * The undo of a newer changeset written by the older generator ({@code renameTable} to {@code archived_<table>})
     * is the rename back, as its own rollback is: the table comes back as it was, with every row, its index and the
     * foreign keys to it. Before, its recorded undo was {@code restoreTable}, which found no record of the table's
     * definition and refused ("data_migration_audit holds no record of the table's definition").
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTableTheNewerReleaseRenamedToItsArchiveIsRenamedBackWithItsRows(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // The shop's own table referring to the items: SQLite's rename makes its key follow, and back.
            statement.execute("CREATE TABLE saleitem_note (item_id INTEGER NOT NULL REFERENCES saleitem (id))");
            statement.execute("INSERT INTO saleitem_note SELECT id FROM saleitem");
        }
        String definitions = "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE tbl_name = 'saleitem' "
                + "ORDER BY type, name";
        String everyItem = "SELECT id || '|' || quantity || '|' || unit_price || '|' || product_id || '|' || sale_id "
                + "FROM saleitem ORDER BY id";
        List<String> definedBefore = values(file, definitions);
        List<String> items = values(file, everyItem);
        assertThat(items).isNotEmpty();
        upgradedByNewer(file, mode, RENAME_SALE_ITEMS);
        assertThat(values(file, "SELECT COUNT(*) FROM archived_saleitem"))
                .containsExactly(String.valueOf(items.size()));

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(values(file, everyItem)).as("every row back").isEqualTo(items);
        assertThat(values(file, definitions)).as("definition, keys and indexes back").isEqualTo(definedBefore);
        assertThat(values(file, "SELECT name FROM sqlite_master WHERE name LIKE 'archived%'")).isEmpty();
        assertThat(values(file, "SELECT \"table\" FROM pragma_foreign_key_list('saleitem_note')"))
                .as("the shop's key refers to saleitem again (SQLite's renames write the name quoted in its CREATE)")
                .containsExactly("saleitem");
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());
        assertThat(drift.stdout() + drift.stderr()).as("drift: only the shop's own table, which no changeset makes")
                .contains("(1 difference(s) from what its applied changesets produce)",
                        "table saleitem_note is not in the changelog");
    }

    /**
     * A newer changeset's recorded undo that gives a table back from an archive of which data_migration_audit holds no
     * record (what the recorder wrote, before, for a {@code renameTable} to the archive) is refused before anything is
     * written, naming the changeset and the table, as the downgrade's other refusals from the record are. Before, the
     * undo of the newer changesets ran first, the table's restore failed half way, and the snapshot put the file back
     * ("restored").
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTableToGiveBackWithoutARecordOfItsArchiveIsRefusedBeforeAnythingIsWritten(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        // A newer changeset after the rename: its undo runs first, and would have been half the work undone.
        upgradedByNewer(file, mode, RENAME_SALE_ITEMS
                + NewerRelease.COMPATIBLE.substring(NewerRelease.COMPATIBLE.indexOf("  - changeSet:")));
        String changelogFile;
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement restore = connection.prepareStatement(
                     "UPDATE posdb_changeset SET undo = ? WHERE id = ?");
             PreparedStatement filename = connection.prepareStatement(
                     "SELECT filename FROM DATABASECHANGELOG WHERE id = ?")) {
            restore.setString(1, "[{\"kind\":\"restoreTable\",\"table\":\"saleitem\"}]");
            restore.setString(2, "0100-rename-sale-items");
            assertThat(restore.executeUpdate()).isOne();
            filename.setString(1, "0100-rename-sale-items");
            try (ResultSet rs = filename.executeQuery()) {
                assertThat(rs.next()).isTrue();
                changelogFile = rs.getString(1);
            }
        }
        Map<String, String> before = Bytes.folder(dir.resolve("shop"));
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        PosdbProcess.Result refused = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refused.stderr()).contains("Cannot downgrade " + file.toAbsolutePath().normalize()
                + ": changeset 0100-rename-sale-items (" + changelogFile + ") archived table saleitem",
                "no record", "nothing was changed").doesNotContain("restored");
        assertThat(Bytes.folder(dir.resolve("shop"))).as("no snapshot, no lock file, every file as it was")
                .isEqualTo(before);
        assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /**
     * The shop upgraded by the newer release ({@code changes} after the project's changelog); in WAL mode two sales
     * committed after it, only in the {@code -wal}.
     */
    private Path upgradedByNewer(JournalMode mode, String changes) throws Exception {
        return upgradedByNewer(WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode),
                mode, changes);
    }

    private Path upgradedByNewer(Path file, JournalMode mode, String changes) throws Exception {
        Path master = NewerRelease.changelog(dir.resolve("changelog-newer"), changes);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build());
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }
        Files.deleteIfExists(UpgradeLock.lockFile(file));
        return file;
    }

    /** The first column of {@code sql}'s rows, read on a copy: a connection closed on the file would empty its -wal. */
    private static List<String> values(Path file, String sql) throws Exception {
        Path copy = WalFiles.copyWithWal(file, Files.createTempFile(file.getParent().getParent(), "read", ".db"));
        try (Connection connection = LegacyDatabases.open(copy); Statement statement = connection.createStatement();
             var rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } finally {
            WalFiles.deleteWithSideFiles(copy);
        }
    }
}
