package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.CHECK_WITH_A_LITERAL;
import static io.posdb.changegen.GeneratedRuns.COLUMN_CHECKS_ON_STOCK;
import static io.posdb.changegen.GeneratedRuns.COLUMN_CHECK_WITH_A_LITERAL;
import static io.posdb.changegen.GeneratedRuns.PRODUCT_SQL;
import static io.posdb.changegen.GeneratedRuns.TABLE_CONSTRAINTS_ON_STOCK;
import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changegen.GeneratedRuns.ChangelogEdit;
import io.posdb.changegen.variants.ProductWithoutCategory;
import io.posdb.changegen.variants.ProductWithoutStock;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.orm.Entities;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaObject;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated rollback of a dropped column gives back what the engine dropped with it: its CHECK, foreign key,
 * unique constraint and the indexes on it (plain, unique, on several columns, partial), the changelog's and a shop's
 * own, under the names they had, so that the schema after the rollback is the schema before the drop (the one
 * catalog differ finds nothing; drift finds nothing). The column's position is the one thing PostgreSQL cannot give
 * back without rebuilding the table, and the catalog does not compare it (docs/writing-migrations.md).
 */
class RolledBackDroppedColumnKeepsItsIndexesAndConstraintsTest {

    /** What a shop or a later changeset may have put on product.stock, besides the changelog's own. */
    private static final List<String> POSTGRESQL_OBJECTS_ON_STOCK = List.of(
            "ALTER TABLE product ADD CONSTRAINT ck_product_stock_not_negative CHECK (stock >= 0)",
            "ALTER TABLE product ADD CONSTRAINT uq_product_stock_sku UNIQUE (stock, sku)",
            "CREATE INDEX ix_product_stock ON product (stock)",
            "CREATE UNIQUE INDEX ux_product_name_stock ON product (name, stock)",
            "CREATE INDEX ix_product_in_stock ON product (name) WHERE stock > 0",
            // A CHECK written on another column's definition that names stock: PostgreSQL's DROP COLUMN takes it too.
            "ALTER TABLE product ADD COLUMN list_price NUMERIC(10,2) CHECK (list_price IS NULL OR stock >= 0)");
    private static final List<String> SQLITE_INDEXES_ON_STOCK = List.of(
            "CREATE INDEX ix_product_stock ON product (stock)",
            "CREATE UNIQUE INDEX ux_product_name_stock ON product (name, stock)");
    /** Indexes that name product.stock outside their key columns: only in an expression or in their WHERE. */
    private static final List<String> SQLITE_INDEXES_NAMING_STOCK = List.of(
            "CREATE INDEX ix_product_in_stock ON product (name) WHERE stock > 0",
            "CREATE INDEX ix_product_stock_abs ON product (abs(\"stock\"))");
    /** An index whose WHERE holds the column's name only as text: it does not go with the column. */
    private static final String INDEX_NAMING_STOCK_IN_A_LITERAL =
            "CREATE INDEX ix_product_not_stock ON product (name) WHERE name <> 'stock' /* stock */";
    private static final String INDEXES_OF_PRODUCT = "SELECT name FROM sqlite_master WHERE type = 'index' "
            + "AND tbl_name = 'product' AND sql IS NOT NULL ORDER BY name";
    private static final String CATEGORY = "INSERT INTO category (name) VALUES ('Drinks')";
    private static final String IN_CATEGORY = "UPDATE product SET category_id = (SELECT id FROM category "
            + "WHERE name = 'Drinks')";
    private static final String CATEGORIES = "SELECT sku || '|' || COALESCE(CAST(category_id AS VARCHAR), 'none') "
            + "FROM product ORDER BY id";

    @TempDir
    Path dir;

    private GeneratorWorkspace reviewed(List<Class<?>> entities, String name) throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        GeneratedRuns.confirmReview(workspace.generate(name, entities).file());
        return workspace;
    }

    @Tag("postgres")
    @Test
    void onPostgresqlTheRollbackGivesBackTheChecksUniqueConstraintsAndIndexesOnTheColumnUnderTheirNames()
            throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutStock.ALL, "drop-product-stock");
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, POSTGRESQL_OBJECTS_ON_STOCK);
            SchemaCatalog before = SchemaCatalog.read(connection);

            workspace.update(connection);
            assertThat(SchemaCatalog.read(connection).differencesFrom(before))
                    .as("the drop took the objects on the column with it").isNotEmpty();
            assertThat(strings(connection, "SELECT COUNT(*) FROM pg_constraint WHERE conname = "
                    + "'product_list_price_check'")).as("and list_price's CHECK naming it").containsExactly("0");
            workspace.rollback(connection, 1);

            SchemaCatalog after = SchemaCatalog.read(connection);
            assertThat(before.differencesFrom(after)).isEmpty();
            assertThat(constraintNames(after)).isEqualTo(constraintNames(before));
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);

            // Dropped and rolled back again: the objects come back once, from the latest drop's record.
            workspace.update(connection);
            workspace.rollback(connection, 1);
            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).isEmpty();
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Tag("postgres")
    @Test
    void onPostgresqlTheRollbackGivesBackTheColumnsForeignKeyUnderItsNameAndDriftFindsNothing() throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutCategory.ALL, "drop-product-category");
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, List.of(CATEGORY, IN_CATEGORY));
            List<String> categories = strings(connection, CATEGORIES);
            SchemaCatalog before = SchemaCatalog.read(connection);

            workspace.update(connection);
            workspace.rollback(connection, 1);

            assertThat(strings(connection, CATEGORIES)).isEqualTo(categories);
            assertThat(constraintNames(SchemaCatalog.read(connection))).isEqualTo(constraintNames(before));
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);
            assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
        } finally {
            PostgresServer.drop(database);
        }
    }

    @ParameterizedTest(name = "{0} journal")
    @ValueSource(strings = {"WAL", "DELETE"})
    void onSqliteTheRollbackGivesBackTheIndexesOnTheColumn(String journalMode) throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutStock.ALL, "drop-product-stock");
        Path db = GeneratedRuns.release20(dir.resolve("shop.db"), journalMode);
        SchemaCatalog before;
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, SQLITE_INDEXES_ON_STOCK);
            before = SchemaCatalog.read(connection);

            workspace.update(connection);
            workspace.rollback(connection, 1);

            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).isEmpty();
            assertThat(strings(connection, "SELECT journal_mode FROM pragma_journal_mode"))
                    .containsExactly(journalMode.toLowerCase());

            workspace.update(connection);
            workspace.rollback(connection, 1);
            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).isEmpty();
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);
    }

    /**
     * pragma_index_info lists an index's key columns only: a partial index that names the column in its WHERE, or an
     * index on an expression of it, goes with the column too (recreated, it would fail the rebuild), is recorded, and
     * comes back with the rollback; an index whose WHERE holds the column's name only in a string literal or a
     * comment stays through the drop, as the rebuild keeps every index that does not name a dropped column.
     */
    @ParameterizedTest(name = "{0} journal")
    @ValueSource(strings = {"WAL", "DELETE"})
    void onSqliteTheRollbackGivesBackAPartialIndexAndAnExpressionIndexThatNameTheColumn(String journalMode)
            throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutStock.ALL, "drop-product-stock");
        Path db = GeneratedRuns.release20(dir.resolve("shop.db"), journalMode);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, SQLITE_INDEXES_NAMING_STOCK);
            GeneratedRuns.execute(connection, List.of(INDEX_NAMING_STOCK_IN_A_LITERAL));
            SchemaCatalog before = SchemaCatalog.read(connection);
            List<String> indexes = strings(connection, INDEXES_OF_PRODUCT);

            workspace.update(connection);
            assertThat(strings(connection, INDEXES_OF_PRODUCT)).as("the drop took the indexes naming stock only")
                    .contains("ix_product_not_stock")
                    .doesNotContain("ix_product_in_stock", "ix_product_stock_abs");
            workspace.rollback(connection, 1);

            assertThat(strings(connection, INDEXES_OF_PRODUCT)).isEqualTo(indexes);
            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).isEmpty();
            assertThat(strings(connection, "SELECT journal_mode FROM pragma_journal_mode"))
                    .containsExactly(journalMode.toLowerCase());
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);
    }

    /**
     * Table constraints that name product.stock with other columns, made by an earlier changeset: the generated
     * drop's new definition leaves them out (kept, they would fail the rebuild, and PostgreSQL's DROP COLUMN drops them
     * too), its review line names them, and the rollback's previous definition gives them back. A CHECK that holds the
     * column's name only in a string literal stays.
     */
    @ParameterizedTest(name = "{0} journal")
    @ValueSource(strings = {"WAL", "DELETE"})
    void onSqliteTheDropTakesTheTableConstraintsNamingTheColumnWithOthersAndTheRollbackGivesThemBack(
            String journalMode) throws Exception {
        dropTakesAndRollbackGivesBack(journalMode, GeneratedRuns::withTableConstraintsOnStock,
                TABLE_CONSTRAINTS_ON_STOCK, List.of("CONSTRAINT uq_product_sku_stock UNIQUE (sku, stock)",
                        "CHECK (stock >= 0 OR is_active = 0)"), List.of("uq_product_sku_stock", "stock >= 0"),
                CHECK_WITH_A_LITERAL);
    }

    /**
     * CHECKs written on other columns' lines (is_active's, and name's under a CONSTRAINT name) that name product.stock
     * go with it as a table CHECK naming it does: before, the new definition kept them and the rebuild failed, rolled
     * back, on every shop. The review line names them with their column; the rest of those lines stays; the rollback's
     * previous definition gives them back. A CHECK on sku's line holding the name only in a string literal stays.
     */
    @ParameterizedTest(name = "{0} journal")
    @ValueSource(strings = {"WAL", "DELETE"})
    void onSqliteTheDropTakesTheChecksOfOtherColumnsNamingTheColumnAndTheRollbackGivesThemBack(String journalMode)
            throws Exception {
        dropTakesAndRollbackGivesBack(journalMode, GeneratedRuns::withColumnChecksOnStock,
                COLUMN_CHECKS_ON_STOCK.get(1), List.of(COLUMN_CHECKS_ON_STOCK.get(0) + " on column is_active",
                        COLUMN_CHECKS_ON_STOCK.get(1) + " on column name"),
                List.of("ck_product_name_stock", "stock >= 0"), COLUMN_CHECK_WITH_A_LITERAL);
    }

    /**
     * Applies {@code earlier}'s changeset (its product definition holds {@code made}), then the generated drop of
     * product.stock: its review line names each of {@code reviewed}; the table it leaves has none of {@code gone} and
     * still has {@code kept}; its rollback gives back the definition exactly, and the schema.
     */
    private void dropTakesAndRollbackGivesBack(String journalMode, ChangelogEdit earlier, String made,
                                               List<String> reviewed, List<String> gone, String kept)
            throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        Path db = GeneratedRuns.release20(dir.resolve("shop.db"), journalMode);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            earlier.apply(workspace);
            workspace.update(connection);
            SchemaCatalog before = SchemaCatalog.read(connection);
            String constrained = strings(connection, PRODUCT_SQL).get(0);
            assertThat(constrained).as("the earlier changeset made them").contains(made);

            Path changeset = workspace.generate("drop-product-stock", ProductWithoutStock.ALL).file();
            assertThat(Files.readAllLines(changeset)).as("the review line names what goes with the column")
                    .filteredOn(line -> line.startsWith("# review-required:")).singleElement().asString()
                    .contains(reviewed).doesNotContain(kept);
            GeneratedRuns.confirmReview(changeset);
            workspace.update(connection);

            String dropped = strings(connection, PRODUCT_SQL).get(0);
            assertThat(dropped).doesNotContain(gone).contains(kept);
            assertThat(strings(connection, "SELECT COUNT(*) FROM pragma_table_info('product') WHERE name = 'stock'"))
                    .containsExactly("0");
            workspace.rollback(connection, 1);

            assertThat(strings(connection, PRODUCT_SQL).get(0)).isEqualTo(constrained);
            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).isEmpty();
            assertThat(strings(connection, "SELECT journal_mode FROM pragma_journal_mode"))
                    .containsExactly(journalMode.toLowerCase());
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);
    }

    @ParameterizedTest(name = "{0} journal")
    @ValueSource(strings = {"WAL", "DELETE"})
    void onSqliteTheRollbackGivesBackTheColumnsForeignKeyAndDriftFindsNothing(String journalMode) throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutCategory.ALL, "drop-product-category");
        Path db = GeneratedRuns.release20(dir.resolve("shop.db"), journalMode);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, List.of(CATEGORY, IN_CATEGORY));
            List<String> categories = strings(connection, CATEGORIES);

            workspace.update(connection);
            workspace.rollback(connection, 1);

            assertThat(strings(connection, CATEGORIES)).isEqualTo(categories);
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);
        assertThat(new DriftCheck(SqliteDatabase.at(db), ChangelogSource.packaged()).check().differences()).isEmpty();
    }

    /** Each constraint's name by its label: what a later changeset drops it by. */
    private static Map<String, String> constraintNames(SchemaCatalog catalog) {
        Map<String, String> names = new LinkedHashMap<>();
        for (SchemaObject object : catalog.objects()) {
            String name = catalog.constraintName(object.label());
            if (name != null) {
                names.put(object.label(), name);
            }
        }
        return names;
    }
}
