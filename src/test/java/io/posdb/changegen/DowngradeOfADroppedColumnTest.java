package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changegen.GeneratedRuns.ChangelogEdit;
import io.posdb.changegen.variants.ProductWithoutStock;
import io.posdb.changegen.variants.SaleItemNoted;
import io.posdb.changegen.variants.SaleItemWithoutPrice;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.orm.Entities;
import io.posdb.schema.SchemaCatalog;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code posdb downgrade} by this release of a newer release's generated drop of a column (the field removed from its
 * entity, the values archived into data_migration_audit by {@code ColumnArchive}): the column comes back with each
 * row's archived value, as the generated rollback brings it back, and the downgrade says how many it restored; a row
 * added after the drop takes the column's default; a column NOT NULL without a default that such a row would leave
 * empty is refused before anything is written, naming the table, the column and the rows.
 */
@ExtendWith(QuietLogs.class)
class DowngradeOfADroppedColumnTest {

    private static final String STOCK = "SELECT id || ':' || stock FROM product ORDER BY id";
    private static final String UNIT_PRICE = "SELECT id || ':' || unit_price FROM saleitem ORDER BY id";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradePutsBackTheArchivedValuesOfAColumnTheNewerReleaseDroppedAndSaysSo(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        List<String> stock;
        String stockDefault;
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            // Values no default gives: a reset to the default shows.
            GeneratedRuns.execute(connection, List.of("UPDATE product SET stock = 7 * id + 3"));
            stock = strings(connection, STOCK);
            stockDefault = strings(connection, "SELECT dflt_value FROM pragma_table_info('product') "
                    + "WHERE name = 'stock'").get(0);
        }
        String dropped = upgradedByNewer(file, "drop-product-stock", ProductWithoutStock.ALL);
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            assertThat(strings(connection, "SELECT COUNT(*) FROM pragma_table_info('product') WHERE name = 'stock'"))
                    .as("the newer release dropped the column").containsExactly("0");
            GeneratedRuns.execute(connection, List.of("INSERT INTO product (sku, name, price) VALUES "
                    + "('AFTER-DROP', 'Sold by the newer release', '1.00')"));
        }
        String added = singleValue(file, "SELECT id FROM product WHERE sku = 'AFTER-DROP'");
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            assertThat(strings(connection, STOCK)).as("each row's archived value; the row added since the default")
                    .isEqualTo(concat(stock, added + ":" + stockDefault));
        }
        assertThat(downgrade.stdout()).contains("Undid 1 changeset(s), newest first: " + dropped,
                dropped + ": " + stock.size() + " restored from archive (product.stock " + stock.size() + ")");
        GeneratorWorkspace.validateSqlite(file, Entities.ALL);
        try (PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
            assertThat(db.applied()).as("nothing pending for this release").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDroppedColumnNotNullWithoutADefaultComesBackWhenEveryRowHasAnArchivedValue(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        List<String> prices;
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            prices = strings(connection, UNIT_PRICE);
        }
        assertThat(prices).as("the shop has sale items").isNotEmpty();
        String dropped = upgradedByNewer(file, "drop-unit-price", SaleItemWithoutPrice.ALL);

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(downgrade.stdout()).contains(dropped + ": " + prices.size() + " restored from archive (saleitem"
                + ".unit_price " + prices.size() + ")");
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            assertThat(strings(connection, UNIT_PRICE)).isEqualTo(prices);
            assertThat(strings(connection, "SELECT \"notnull\" FROM pragma_table_info('saleitem') WHERE name = "
                    + "'unit_price'")).as("NOT NULL again, as the previous definition has it").containsExactly("1");
        }
        GeneratorWorkspace.validateSqlite(file, Entities.ALL);
    }

    /**
     * A newer release that adds a column to a table (its undo: a rebuild back to the definition before it) and then
     * drops a column of it NOT NULL without a default: the drop's undo runs first and brings the column back with its
     * archived values, so the older changeset's rebuild finds it there. Before, the downgrade's check judged that
     * rebuild against the table as it was before any undo ran and refused it: "brings back column saleitem.unit_price,
     * NOT NULL without a default, and N row(s) … have no value archived for it".
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDroppedColumnTheNewerChangesetsUndoBringsBackIsNotJudgedMissingByTheOlderChangesetsRebuild(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        List<String> prices;
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            prices = strings(connection, UNIT_PRICE);
        }
        assertThat(prices).as("the shop has sale items").isNotEmpty();
        String[] noted = new String[1];
        upgradedByNewer(file, "drop-unit-price", SaleItemWithoutPrice.ALL, workspace -> noted[0] =
                workspace.generate("add-saleitem-note", SaleItemNoted.ALL).file().getFileName().toString()
                        .replace(".yaml", ""));
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        // The generator may write the drop as more than one changeset: the added column's is undone last.
        assertThat(downgrade.stdout()).contains(", " + noted[0] + ".\n",
                " restored from archive (saleitem.unit_price " + prices.size() + ")");
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            assertThat(strings(connection, UNIT_PRICE)).isEqualTo(prices);
            assertThat(strings(connection, "SELECT COUNT(*) FROM pragma_table_info('saleitem') WHERE name = 'note'"))
                    .as("the added column gone").containsExactly("0");
        }
        GeneratorWorkspace.validateSqlite(file, Entities.ALL);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDroppedColumnNotNullWithoutADefaultThatARowAddedSinceWouldLeaveEmptyIsRefusedBeforeAnythingIsWritten(
            JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        String dropped = upgradedByNewer(file, "drop-unit-price", SaleItemWithoutPrice.ALL);
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            GeneratedRuns.execute(connection, List.of("INSERT INTO saleitem (quantity, product_id, sale_id) VALUES "
                    + "(1, (SELECT min(id) FROM product), (SELECT min(id) FROM sale))"));
        }
        String added = singleValue(file, "SELECT max(id) FROM saleitem");
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }
        Map<String, String> before = Bytes.folder(file.getParent());

        PosdbProcess.Result refused = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refused.stderr()).contains("Cannot downgrade " + file.toAbsolutePath().normalize()
                        + ": changeset " + dropped + " (", "brings back column saleitem.unit_price, NOT NULL without a "
                        + "default, and 1 row(s) of saleitem (id " + added + ") have no value archived for it",
                "nothing was changed");
        assertThat(Bytes.folder(file.getParent())).as("no snapshot, no lock file, the file and its -wal as they were")
                .isEqualTo(before);
    }

    /**
     * The older release's changelog has an index on product.stock; the newer release's rebuild that drops the column
     * takes the index with it (and records its CREATE in data_migration_audit). The downgrade makes it again, after
     * the values are back, so the older release's schema is whole: drift against its changelog finds nothing.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeMakesAgainTheIndexesTheNewerReleaseDroppedWithTheColumnAndDriftFindsNothing(JournalMode mode)
            throws Exception {
        downgradeMakesAgain(mode, indexOnProduct("ix_product_stock"), DowngradeOfADroppedColumnTest::withIndexOnStock);
    }

    /**
     * A partial index that names product.stock only in its WHERE (pragma_index_info does not list it) went with the
     * column too, was recorded, and the downgrade makes it again.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeMakesAgainAPartialIndexThatNamedTheDroppedColumnOnlyInItsWhere(JournalMode mode)
            throws Exception {
        downgradeMakesAgain(mode, indexOnProduct("ix_product_in_stock"),
                DowngradeOfADroppedColumnTest::withPartialIndexOnStock);
    }

    /**
     * Table constraints that name product.stock with other columns went with it (the generated definition leaves them
     * out); the downgrade's rebuild to the recorded previous definition gives them back.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeGivesBackTheTableConstraintsThatNamedTheDroppedColumnWithOthers(JournalMode mode)
            throws Exception {
        downgradeMakesAgain(mode, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'product' "
                + "AND instr(sql, 'uq_product_sku_stock') > 0 AND instr(sql, 'stock >= 0') > 0",
                GeneratedRuns::withTableConstraintsOnStock);
    }

    /**
     * CHECKs written on other columns' lines that named product.stock went with it (the generated definition leaves
     * them out, as it does a table CHECK naming it); the downgrade's rebuild to the recorded previous definition gives
     * them back.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeGivesBackTheChecksOfOtherColumnsThatNamedTheDroppedColumn(JournalMode mode) throws Exception {
        downgradeMakesAgain(mode, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'product' "
                + "AND instr(sql, 'ck_product_name_stock') > 0 AND instr(sql, 'is_active = 1 OR stock >= 0') > 0",
                GeneratedRuns::withColumnChecksOnStock);
    }

    /** One row while product has the index named {@code index}. */
    private static String indexOnProduct(String index) {
        return "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'product' AND name = '" + index
                + "'";
    }

    /**
     * The older and the newer release both have {@code edit}'s changeset, which makes what {@code onStock} finds (one
     * row while it is there); the newer release's drop of product.stock takes it, the downgrade gives it back.
     */
    private void downgradeMakesAgain(JournalMode mode, String onStock, ChangelogEdit edit) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        GeneratorWorkspace older = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("older"));
        edit.apply(older);
        ChangelogSource olderChangelog = ChangelogSource.file(older.root.resolve("changelog/db.changelog-master.yaml"));
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(olderChangelog).build());
        Files.deleteIfExists(UpgradeLock.lockFile(file));
        SchemaCatalog before;
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            before = SchemaCatalog.read(connection);
            assertThat(strings(connection, onStock)).as("the older release made it").hasSize(1);
        }
        String dropped = upgradedByNewer(file, "drop-product-stock", ProductWithoutStock.ALL, edit);
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            assertThat(strings(connection, onStock)).as("the newer release's drop took it with the column")
                    .isEmpty();
        }
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString(), "--changelog",
                older.root.resolve("changelog/db.changelog-master.yaml").toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(downgrade.stdout()).contains("Undid 1 changeset(s), newest first: " + dropped);
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            assertThat(strings(connection, onStock)).as("made again").hasSize(1);
            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).as("the older release's schema")
                    .isEmpty();
        }
        assertThat(new DriftCheck(SqliteDatabase.at(file), olderChangelog).check().differences()).isEmpty();
        GeneratorWorkspace.validateSqlite(file, Entities.ALL);
    }

    /** A changeset of the release being built, last in {@code workspace}'s changelog, that indexes product.stock. */
    private static void withIndexOnStock(GeneratorWorkspace workspace) throws Exception {
        withChangeset(workspace, "index-product-stock", """
                        - createIndex:
                            tableName: product
                            indexName: ix_product_stock
                            columns:
                              - column: { name: stock }
                """);
    }

    /** A changeset like {@link #withIndexOnStock}'s whose index names product.stock only in its WHERE. */
    private static void withPartialIndexOnStock(GeneratorWorkspace workspace) throws Exception {
        withChangeset(workspace, "index-products-in-stock", """
                        - sql:
                            sql: CREATE INDEX ix_product_in_stock ON product (name) WHERE stock > 0
                      rollback:
                        - sql:
                            sql: DROP INDEX ix_product_in_stock
                """);
    }

    private static void withChangeset(GeneratorWorkspace workspace, String what, String changes) throws Exception {
        String name = workspace.nextId(what);
        Path folder = workspace.root.resolve("changelog/changes");
        Files.writeString(folder.resolve(name + ".yaml"), """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%s.yaml
                  - changeSet:
                      id: %s
                      author: test
                      labels: %s
                      changes:
                """.formatted(name, name, Release.label()) + changes);
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/" + name + ".yaml, relativeToChangelogFile: true }\n");
    }

    /**
     * On PostgreSQL the server keeps no previous definition of the table to replay, so the downgrade of the drop is
     * refused before anything is written, naming the changeset and the table: the column stays dropped and its
     * archived values stay where a rollback by the newer release finds them; nothing is reset to the default.
     */
    @Tag("postgres")
    @Test
    void onPostgresqlTheDowngradeOfADroppedColumnIsRefusedAndTheArchivedValuesStay() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
            PosDatabase.upgrade(settings);
            try (var connection = database.open()) {
                GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
                GeneratedRuns.execute(connection, List.of("UPDATE product SET stock = 7 * id + 3"));
            }
            List<String> stock = postgresValues(database, STOCK);
            String dropped = upgradedByNewer(PosDatabaseSettings.of(database), "drop-product-stock",
                    ProductWithoutStock.ALL);
            String archived = "SELECT row_id || ':' || old_value FROM data_migration_audit WHERE column_name = 'stock' "
                    + "AND note LIKE 'archived:%' ORDER BY CAST(row_id AS INTEGER)";
            assertThat(postgresValues(database, archived)).as("the drop archived every value").isEqualTo(stock);

            assertThatThrownBy(() -> PosDatabaseMaintenance.downgrade(settings))
                    .isInstanceOf(PosDatabaseException.class)
                    .hasMessageContaining("Cannot downgrade")
                    .hasMessageContaining("changeset " + dropped)
                    .hasMessageContaining("changed table product and the database recorded no previous definition")
                    .hasMessageContaining("nothing was changed");

            assertThat(postgresValues(database, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = "
                    + "'product' AND column_name = 'stock'")).as("still dropped, not back empty").containsExactly("0");
            assertThat(postgresValues(database, archived)).as("the archive untouched").isEqualTo(stock);
        } finally {
            PostgresServer.drop(database);
        }
    }

    private static List<String> postgresValues(PostgresDatabase database, String sql) throws Exception {
        try (var connection = database.open()) {
            return strings(connection, sql);
        }
    }

    /**
     * Release "2.1": the changelog with the changeset the generator writes for {@code entities} (a field removed),
     * reviewed, applied to {@code file} by posdb (which records how to undo it); returns the changeset's id. The lock
     * file the upgrade left is removed: a refusal must not make one.
     */
    private String upgradedByNewer(Path file, String name, List<Class<?>> entities) throws Exception {
        return upgradedByNewer(file, name, entities, workspace -> { });
    }

    /** {@link #upgradedByNewer(Path, String, List)} of a changelog {@code before} adds to first. */
    private String upgradedByNewer(Path file, String name, List<Class<?>> entities, ChangelogEdit before)
            throws Exception {
        String id = upgradedByNewer(PosDatabaseSettings.sqlite(file), name, entities, before);
        Files.deleteIfExists(UpgradeLock.lockFile(file));
        return id;
    }

    /** {@link #upgradedByNewer(Path, String, List)} of the database {@code settings} name, SQLite or PostgreSQL. */
    private String upgradedByNewer(PosDatabaseSettings.Builder settings, String name, List<Class<?>> entities)
            throws Exception {
        return upgradedByNewer(settings, name, entities, workspace -> { });
    }

    private String upgradedByNewer(PosDatabaseSettings.Builder settings, String name, List<Class<?>> entities,
                                   ChangelogEdit before) throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("newer"));
        before.apply(workspace);
        Path changeset = workspace.generate(name, entities).file();
        GeneratedRuns.confirmReview(changeset);
        PosDatabase.upgrade(settings.changelog(ChangelogSource.file(
                workspace.root.resolve("changelog/db.changelog-master.yaml"))).build());
        return changeset.getFileName().toString().replace(".yaml", "");
    }

    private static String singleValue(Path file, String sql) throws Exception {
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            return strings(connection, sql).get(0);
        }
    }

    private static List<String> concat(List<String> rows, String row) {
        List<String> all = new java.util.ArrayList<>(rows);
        all.add(row);
        return all;
    }
}
