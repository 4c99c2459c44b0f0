package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static io.posdb.sql.SqlIdentifiers.quoteAny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changegen.variants.ProductCategoryRequired;
import io.posdb.changegen.variants.ProductCategoryRequiredCascading;
import io.posdb.changegen.variants.ProductCategoryRequiredSettingNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import io.posdb.database.PostgresDatabase;
import io.posdb.schema.SchemaCatalog.ForeignKey;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PostgresServer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A foreign key column an entity makes NOT NULL (its @ManyToOne turned non-optional) cannot keep the changelog's
 * ON DELETE SET NULL (product.category_id's, 0003): the changeset would apply, and deleting a category a product
 * still refers to would then fail on the NOT NULL instead of doing what the entity declares. The generated rebuild
 * gives the foreign key the action the entity declares (@OnDelete), else none (SQL's NO ACTION: the delete is
 * refused while a row refers to the category), and its rollback gives back the SET NULL with the nullable column.
 */
class ForeignKeyMadeNotNullChangesetTest {

    private static final String FOREIGN_KEYS = "SELECT \"table\" || ' ' || \"from\" || ' ' || \"to\" || ' ' || on_delete"
            + " || ' ' || on_update FROM pragma_foreign_key_list('product')";

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;

    @BeforeEach
    void copyTheChangelog() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
    }

    @Test
    void withoutOnDeleteTheSetNullGoesAndDeletingACategoryAProductRefersToIsRefusedByTheForeignKey() throws Exception {
        Path file = workspace.generate("product-category-required", ProductCategoryRequired.ALL).file();
        Path db = release20WithCategories(dir.resolve("pos.db"));

        GeneratedRuns.appliesValidatesRollsBackAndUpdatesAgain(workspace, db, ProductCategoryRequired.ALL);

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            assertThat(strings(connection, FOREIGN_KEYS)).containsExactly("category category_id id NO ACTION NO ACTION");
            assertThatThrownBy(() -> GeneratedRuns.execute(connection,
                    List.of("DELETE FROM category WHERE name = 'Drinks'")))
                    .hasMessageContaining("FOREIGN KEY constraint failed");
            GeneratedRuns.execute(connection, List.of("DELETE FROM product WHERE sku = 'GEN-2'",
                    "DELETE FROM category WHERE name = 'Snacks'"));
            assertThat(strings(connection, "SELECT name FROM category")).containsExactly("Drinks");
        }
        assertThat(Files.readString(file)).as("the changeset's comment says what becomes of the action")
                .contains("its foreign key's ON DELETE SET NULL becomes NO ACTION (the entity declares no @OnDelete; "
                        + "a NOT NULL column cannot be set to NULL)");
    }

    @Test
    void theActionTheEntityDeclaresReplacesTheSetNull() throws Exception {
        workspace.generate("product-category-required", ProductCategoryRequiredCascading.ALL);
        Path db = release20WithCategories(dir.resolve("pos.db"));

        GeneratedRuns.appliesValidatesRollsBackAndUpdatesAgain(workspace, db, ProductCategoryRequiredCascading.ALL);

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            assertThat(strings(connection, FOREIGN_KEYS)).containsExactly("category category_id id CASCADE NO ACTION");
            GeneratedRuns.execute(connection, List.of("DELETE FROM category WHERE name = 'Snacks'"));
            assertThat(strings(connection, "SELECT sku FROM product")).containsExactly("GEN-1");
        }
    }

    @Test
    void theRollbackGivesBackTheSetNullWithTheNullableColumn() throws Exception {
        workspace.generate("product-category-required", ProductCategoryRequired.ALL);
        Path db = release20WithCategories(dir.resolve("pos.db"));
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
            workspace.rollback(connection, 1);

            assertThat(strings(connection, FOREIGN_KEYS)).containsExactly("category category_id id SET NULL NO ACTION");
            GeneratedRuns.execute(connection, List.of("DELETE FROM category WHERE name = 'Snacks'"));
            assertThat(strings(connection, "SELECT sku FROM product WHERE category_id IS NULL"))
                    .containsExactly("GEN-2");
        }
    }

    @Test
    void anEntityDeclaringOnDeleteSetNullForTheNotNullColumnIsRefusedAndNothingIsWritten() throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("product-category-required",
                ProductCategoryRequiredSettingNull.ALL);

        assertThat(outcome.files()).isEmpty();
        assertThat(outcome.refusals()).containsExactly("table product: column category_id becomes NOT NULL and its "
                + "entity declares @OnDelete(action = SET_NULL) for its foreign key to category: a NOT NULL column "
                + "cannot be set to NULL. Declare another action (CASCADE, or none for NO ACTION), or keep the "
                + "@ManyToOne optional.");
    }

    /**
     * On PostgreSQL the generated changeset replaces the foreign key (whatever PostgreSQL named the baseline's) with
     * one of the entity's action; its rollback gives back SET NULL with the nullable column, and the update after
     * the rollback replaces the key it put back.
     */
    @Tag("postgres")
    @ParameterizedTest(name = "{0}")
    @MethodSource("entitiesAndTheirDelete")
    void onPostgresqlTheSetNullGoesAndTheRollbackGivesItBack(String name, List<Class<?>> entities, String action,
                                                             String deleteOfSnacks) throws Exception {
        workspace.generate("product-category-required", entities);
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, CATEGORIES);
            String actions = "SELECT confdeltype::text || ' ' || confupdtype::text || ' ' || a.attnotnull::text "
                    + "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                    + "WHERE c.conrelid = 'product'::regclass AND c.contype = 'f'";
            assertThat(strings(connection, actions)).containsExactly("n a false");
            String key = strings(connection, "SELECT conname FROM pg_constraint "
                    + "WHERE conrelid = 'product'::regclass AND contype = 'f'").get(0);

            workspace.update(connection);
            assertThat(strings(connection, actions)).containsExactly(action + " a true");
            workspace.rollback(connection, 1);
            assertThat(strings(connection, actions)).containsExactly("n a false");
            workspace.update(connection);
            assertThat(strings(connection, actions)).containsExactly(action + " a true");

            if (deleteOfSnacks == null) {
                assertThatThrownBy(() -> GeneratedRuns.execute(connection,
                        List.of("DELETE FROM category WHERE name = 'Snacks'")))
                        .hasMessageContaining("violates foreign key constraint \"" + key + "\"");
            } else {
                GeneratedRuns.execute(connection, List.of("DELETE FROM category WHERE name = 'Snacks'"));
                assertThat(strings(connection, "SELECT sku FROM product")).containsExactly(deleteOfSnacks);
            }
        } finally {
            PostgresServer.drop(database);
        }
    }

    /**
     * On PostgreSQL the foreign key keeps the name it had through the update and the rollback, whatever it was:
     * PostgreSQL's own for the baseline's inline REFERENCES, or a database's own that no changelog gave it. The name
     * is found when the changeset runs, so a hand-written changeset that drops the key by its name still finds it.
     */
    @Tag("postgres")
    @ParameterizedTest(name = "{0}")
    @MethodSource("namesTheKeyHas")
    void onPostgresqlTheForeignKeyKeepsItsNameThroughTheUpdateAndTheRollback(String whose, String renamedTo)
            throws Exception {
        workspace.generate("product-category-required", ProductCategoryRequired.ALL);
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, CATEGORIES);
            String names = "SELECT conname FROM pg_constraint WHERE conrelid = 'product'::regclass AND contype = 'f'";
            if (renamedTo != null) {
                GeneratedRuns.execute(connection, List.of("ALTER TABLE product RENAME CONSTRAINT "
                        + quoteAny(strings(connection, names).get(0)) + " TO " + quoteAny(renamedTo)));
            }
            List<String> before = strings(connection, names);
            assertThat(before).as("the foreign key of product.category_id before the update, not the generated name")
                    .hasSize(1).doesNotContain(ColumnSql.foreignKeyName("product", "category_id"));

            workspace.update(connection);
            assertThat(strings(connection, names)).as("the key after the update").isEqualTo(before);
            workspace.rollback(connection, 1);
            assertThat(strings(connection, names)).as("the key after the rollback").isEqualTo(before);
        } finally {
            PostgresServer.drop(database);
        }
    }

    /**
     * On PostgreSQL only the key to the table the entity references is replaced: another foreign key on the same
     * column, to another table (a database's own), is neither dropped by the update nor by the rollback.
     */
    @Tag("postgres")
    @Test
    void onPostgresqlAnotherForeignKeyOnTheColumnToAnotherTableIsKeptThroughTheUpdateAndTheRollback()
            throws Exception {
        workspace.generate("product-category-required", ProductCategoryRequired.ALL);
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, CATEGORIES);
            GeneratedRuns.execute(connection, List.of("CREATE TABLE shop_category (id BIGINT PRIMARY KEY)",
                    "INSERT INTO shop_category (id) SELECT id FROM category",
                    "ALTER TABLE product ADD CONSTRAINT product_shop_category FOREIGN KEY (category_id) "
                            + "REFERENCES shop_category (id)"));
            String keys = "SELECT conname || ' -> ' || confrelid::regclass::text FROM pg_constraint "
                    + "WHERE conrelid = 'product'::regclass AND contype = 'f' ORDER BY conname";
            List<String> before = strings(connection, keys);
            assertThat(before).as("product.category_id's two keys").hasSize(2).contains("product_shop_category -> "
                    + "shop_category");

            workspace.update(connection);
            assertThat(strings(connection, keys)).as("the keys after the update").isEqualTo(before);
            workspace.rollback(connection, 1);
            assertThat(strings(connection, keys)).as("the keys after the rollback").isEqualTo(before);
        } finally {
            PostgresServer.drop(database);
        }
    }

    /**
     * On PostgreSQL a database's own twin of the key (a second foreign key from product.category_id to category.id)
     * is replaced under its own name too: both keep their names, both lose the SET NULL in the update and both get
     * it back in the rollback. Before, the twins were dropped and one came back, under the first name.
     */
    @Tag("postgres")
    @Test
    void onPostgresqlTwinForeignKeysToTheSameTableEachKeepTheirNameThroughTheUpdateAndTheRollback() throws Exception {
        workspace.generate("product-category-required", ProductCategoryRequired.ALL);
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, CATEGORIES);
            GeneratedRuns.execute(connection, List.of("ALTER TABLE product ADD CONSTRAINT product_category_twin "
                    + "FOREIGN KEY (category_id) REFERENCES category (id) ON DELETE SET NULL"));
            String keys = "SELECT conname || ' ' || confdeltype::text FROM pg_constraint "
                    + "WHERE conrelid = 'product'::regclass AND contype = 'f' ORDER BY conname";
            List<String> before = strings(connection, keys);
            assertThat(before).as("product.category_id's twin keys, both ON DELETE SET NULL").hasSize(2)
                    .allMatch(key -> key.endsWith(" n")).contains("product_category_twin n");

            workspace.update(connection);
            assertThat(strings(connection, keys)).as("the keys after the update: same names, no SET NULL")
                    .isEqualTo(before.stream().map(key -> key.replaceAll(" n$", " a")).toList());
            workspace.rollback(connection, 1);
            assertThat(strings(connection, keys)).as("the keys after the rollback").isEqualTo(before);
        } finally {
            PostgresServer.drop(database);
        }
    }

    /**
     * The replacement's PL/pgSQL body is quoted with a dollar tag the body does not hold: names with {@code $$} in
     * them (a table, its column, the table referenced) would otherwise end a {@code $$} body in the middle.
     */
    @Tag("postgres")
    @Test
    void onPostgresqlNamesHoldingDoubleDollarsDoNotEndTheReplacementsBody() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, List.of("CREATE TABLE \"bay$$\" (id BIGINT PRIMARY KEY)",
                    "CREATE TABLE \"shelf$$\" (id BIGINT PRIMARY KEY, \"bay$$_id\" BIGINT CONSTRAINT shelf_bay "
                            + "REFERENCES \"bay$$\" (id) ON DELETE SET NULL)"));
            String replace = PostgresAlter.replaceForeignKeyOn("shelf$$", "bay$$_id", new ForeignKey(
                    List.of("bay$$_id"), "bay$$", List.of("id"), "CASCADE", null));

            GeneratedRuns.execute(connection, List.of(replace));
            assertThat(strings(connection, "SELECT conname || ' ' || confdeltype::text FROM pg_constraint "
                    + "WHERE conrelid = '\"shelf$$\"'::regclass AND contype = 'f'"))
                    .as("the key, under its name, now ON DELETE CASCADE").containsExactly("shelf_bay c");
        } finally {
            PostgresServer.drop(database);
        }
    }

    /** Whose name product.category_id's foreign key has, and what the test renames it to first (null: none). */
    static Stream<Arguments> namesTheKeyHas() {
        return Stream.of(Arguments.of("PostgreSQL's, for the baseline's REFERENCES", null),
                Arguments.of("a database's own", "shop_product_category"));
    }

    /** The entities, the action PostgreSQL records (pg_constraint's code), what a delete of Snacks leaves (null: refused). */
    static Stream<Arguments> entitiesAndTheirDelete() {
        return Stream.of(Arguments.of("without @OnDelete", ProductCategoryRequired.ALL, "a", null),
                Arguments.of("@OnDelete(CASCADE)", ProductCategoryRequiredCascading.ALL, "c", "GEN-1"));
    }

    /** Every product in a category: GEN-1 (which a sale refers to) in Drinks, GEN-2 (no sale) in Snacks. */
    private static final List<String> CATEGORIES = List.of(
            "INSERT INTO category (name) VALUES ('Drinks'), ('Snacks')",
            "UPDATE product SET category_id = (SELECT id FROM category WHERE name = 'Drinks')",
            "INSERT INTO product (sku, name, price, category_id) VALUES ('GEN-2', 'Crisps', '1.20', "
                    + "(SELECT id FROM category WHERE name = 'Snacks'))");

    /** Release 2.0's database with every product in a category ({@link #CATEGORIES}), as the NOT NULL requires. */
    private static Path release20WithCategories(Path file) throws Exception {
        Path db = GeneratedRuns.release20(file, "WAL");
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, CATEGORIES);
        }
        return db;
    }
}
