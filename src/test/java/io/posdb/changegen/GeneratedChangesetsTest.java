package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changegen.variants.ProductNameUnique;
import io.posdb.changegen.variants.SaleItemWiderPrice;
import io.posdb.changegen.variants.UserEmail;
import io.posdb.changegen.variants.Variants;
import io.posdb.changegen.variants.Voucher;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.orm.Entities;
import io.posdb.schema.SchemaCatalog;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Changesets generated from entity variants, applied by the real Liquibase on a fresh
 * database, the legacy fixture and a 2.0 database, validated by Hibernate with the variant
 * entities, rolled back by one and updated again; generating again finds no changes.
 */
class GeneratedChangesetsTest {

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;

    @BeforeEach
    void copyTheChangelog() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
    }

    @Test
    void aNewColumnIsAddedAndRolledBackOnAShopWithAViewMadeByHandOverATableDroppedSince() throws Exception {
        workspace.generate("add-user-test-email", UserEmail.ALL);
        Path legacy = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA);
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            // SQLite keeps the view and reads the file, and so must the changeset's precondition: Liquibase's
            // columnExists reads every view's columns on SQLite, and failed on this one.
            for (String handMade : List.of("CREATE TABLE promo (code TEXT)",
                    "CREATE VIEW promo_codes AS SELECT code FROM promo", "DROP TABLE promo")) {
                connection.createStatement().execute(handMade);
            }

            workspace.update(connection);

            assertThat(strings(connection, "SELECT name FROM pragma_table_info('user') WHERE name = 'test_email'"))
                    .containsExactly("test_email");
            assertThat(strings(connection, "SELECT name FROM sqlite_master WHERE type = 'view'"))
                    .containsExactly("promo_codes");

            // Its rollback too: SQLite's DROP COLUMN fails on such a view; the rebuild archives and drops.
            connection.createStatement().execute("UPDATE \"user\" SET test_email = 'owner@shop.example' WHERE id = 1");
            workspace.rollback(connection, 1);

            assertThat(strings(connection, "SELECT name FROM pragma_table_info('user') WHERE name = 'test_email'")).isEmpty();
            assertThat(strings(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%test_email%'"))
                    .isEmpty();
            assertThat(strings(connection, "SELECT old_value FROM data_migration_audit WHERE column_name = 'test_email' "
                    + "AND note LIKE 'archived:%'")).containsExactly("owner@shop.example");
            assertThat(strings(connection, "SELECT name FROM sqlite_master WHERE type = 'view'"))
                    .containsExactly("promo_codes");
        }
    }

    @Test
    void aChangesetIsNumberedInAsciiDigitsOnADeveloperMachineWithAnArabicLocale() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-SA")); // String.format writes ٠٠١٢ there
            ChangesetGenerator.Outcome outcome = workspace.generate("add-user-test-email", UserEmail.ALL);

            assertThat(outcome.file().getFileName().toString()).matches("[0-9]{4}-add-user-test-email\\.yaml");
            assertThat(workspace.nextId("x")).matches("[0-9]{4}-x");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void aNewNullableUniqueColumnIsANativeAddColumnWithItsIndexOnEveryKindOfDatabase() throws Exception {
        String id = workspace.nextId("add-user-test-email");
        ChangesetGenerator.Outcome outcome = workspace.generate("add-user-test-email", UserEmail.ALL);

        assertThat(outcome.file()).hasFileName(id + ".yaml");
        String yaml = Files.readString(outcome.file());
        assertThat(yaml).contains("logicalFilePath: changelog/changes/" + id + ".yaml", "id: " + id + "\n",
                "labels: " + Release.label(), "# - new column user.test_email VARCHAR(255)",
                "ALTER TABLE \"user\" ADD COLUMN \"test_email\" VARCHAR(255)", "- addColumn:",
                "CREATE UNIQUE INDEX IF NOT EXISTS \"ux_user_test_email\" ON \"user\" (\"test_email\")", "columnExists:",
                "sql: 'SELECT COUNT(*) FROM pragma_table_info(''user'') WHERE name = ''test_email'''");
        assertThat(Files.readString(workspace.root.resolve("changelog/db.changelog-master.yaml")))
                .endsWith("changes/" + id + ".yaml, relativeToChangelogFile: true }\n");

        Path fresh = dir.resolve("fresh.db");
        appliesValidatesRollsBackAndUpdatesAgain(fresh, UserEmail.ALL);

        Path legacy = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA);
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            workspace.update(connection);
            connection.createStatement().execute("UPDATE \"user\" SET test_email = 'owner@shop.example' WHERE id = 1");
            workspace.rollback(connection, 1);
            // On SQLite the rollback is a table rebuild, which archives the column it drops under its own note.
            assertThat(strings(connection, "SELECT old_value || '|' || changeset_id || '|' || note FROM data_migration_audit "
                    + "WHERE column_name = 'test_email' AND note LIKE 'archived:%'"))
                    .containsExactly("owner@shop.example|" + id + "|archived: column dropped by the rebuild of table user");
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(legacy, UserEmail.ALL);

        Path release20 = dir.resolve("release-2.0.db");
        try (Connection connection = GeneratorWorkspace.sqlite(release20)) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(release20, UserEmail.ALL);

        ChangesetGenerator.Outcome again = workspace.generate("add-user-test-email-again", UserEmail.ALL);
        assertThat(again.noChanges()).isTrue();
        assertThat(workspace.nextId("x")).isEqualTo(workspace.numberAfter(id) + "-x");
    }

    @Test
    void aNewEntityIsCreatedWithItsForeignKeyAndUniqueColumn() throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("add-voucher", Voucher.ALL);

        assertThat(Files.readString(outcome.file())).contains("- tableExists:", "create table voucher",
                "foreign key (redeemed_in_sale_id) references sale", "DropTableIfEmpty", "dbms: postgresql",
                // The comment is quoted in YAML, which doubles the apostrophe of "release's".
                "compatibility: breaking, because an older release''s deletes of sale rows are checked against the "
                        + "new foreign key");
        Path legacy = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA);
        appliesValidatesRollsBackAndUpdatesAgain(legacy, Voucher.ALL);
        assertThat(workspace.generate("add-voucher-again", Voucher.ALL).noChanges()).isTrue();
    }

    @Test
    void aUniqueIndexOnAnExistingColumnHaltsNamingTheDuplicates() throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("unique-product-name", ProductNameUnique.ALL);
        assertThat(Files.readString(outcome.file())).contains("onFail: HALT", "DistinctValues",
                "CREATE UNIQUE INDEX IF NOT EXISTS \"ux_product_name\"",
                "compatibility: breaking, because an older release may write duplicates");

        Path legacy = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA);
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            connection.createStatement().execute("INSERT INTO product (name, sku, price, stock, is_active) "
                    + "SELECT name, sku || '-copy', price, stock, is_active FROM product WHERE id = 1");
            String name = strings(connection, "SELECT name FROM product WHERE id = 1").get(0);
            assertThatThrownBy(() -> workspace.update(connection)).hasStackTraceContaining(
                    "duplicated value(s) of product (name) prevent the unique index: '" + name + "' (2 rows)");
            connection.createStatement().execute("DELETE FROM product WHERE sku LIKE '%-copy'");
        }
        appliesValidatesRollsBackAndUpdatesAgain(legacy, ProductNameUnique.ALL);
    }

    /**
     * A unique index's guard naming a table the database lacks (a misspelt tableName) halts naming it, its
     * changeset and its file: it passed as "a fresh database", and the index then failed or went unchecked.
     */
    @Test
    void aUniqueIndexGuardNamingATableTheDatabaseLacksHaltsNamingItInsteadOfPassing() throws Exception {
        Path file = workspace.generate("unique-product-name", ProductNameUnique.ALL).file();
        String id = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\\{ name: tableName, value: product }",
                "{ name: tableName, value: prodcut }"));
        assertThat(Files.readString(file)).contains("{ name: tableName, value: prodcut }");
        Path db = GeneratedRuns.release20(dir.resolve("pos.db"), "WAL");

        PosdbProcess.Result update = PosdbInProcess.run("update", "--db", db.toString(), "--changelog",
                workspace.root.resolve("changelog/db.changelog-master.yaml").toString());

        assertThat(update.exitCode()).as(update.stderr()).isEqualTo(1);
        String cause = update.stderr().lines().filter(line -> line.strip().startsWith("cause:")).findFirst().orElse("");
        assertThat(cause).as(update.stderr()).contains("Cannot check the name values of table prodcut for duplicates"
                + " in " + id + ": the database has no table prodcut");
        assertThat(update.stderr()).contains("changes/" + id + ".yaml");
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            assertThat(strings(connection, "SELECT id FROM DATABASECHANGELOG WHERE id = '" + id + "'")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aChangedLengthIsATableRebuildOnSqliteThatKeepsTheRows(String journalMode) throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("widen-unit-price", SaleItemWiderPrice.ALL);
        String yaml = Files.readString(outcome.file());
        assertThat(yaml).contains("SqliteTableRebuild", "runInTransaction: false", "\"unit_price\" VARCHAR(60) NOT NULL",
                "rollbackCreateTableSql", "ALTER TABLE \"saleitem\" ALTER COLUMN \"unit_price\" TYPE VARCHAR(60)",
                "compatibility: breaking, because an older release writes the column as it was");

        Path legacy = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA);
        List<String> before;
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            connection.createStatement().execute("PRAGMA journal_mode = " + journalMode);
            before = strings(connection, "SELECT id || '|' || unit_price FROM saleitem ORDER BY id");
        }
        appliesValidatesRollsBackAndUpdatesAgain(legacy, SaleItemWiderPrice.ALL);
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            assertThat(strings(connection, "SELECT id || '|' || unit_price FROM saleitem ORDER BY id")).isEqualTo(before);
        }
        assertThat(workspace.generate("widen-again", SaleItemWiderPrice.ALL).noChanges()).isTrue();
    }

    @Test
    void aRemovedEntityIsArchivedNotDroppedAndMarkedForReview() throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("retire-sale-items", Variants.WITHOUT_SALE_ITEM);
        assertThat(Files.readString(outcome.file())).contains("# review-required: entity table saleitem removed",
                "class: io.posdb.migration.ArchiveTable", "tableName: saleitem", "runInTransaction: false")
                .doesNotContain("- renameTable:");

        Path legacy = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA);
        long items;
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            items = Long.parseLong(strings(connection, "SELECT COUNT(*) FROM saleitem").get(0));
            workspace.update(connection);
            assertThat(strings(connection, "SELECT COUNT(*) FROM archived_saleitem")).containsExactly(Long.toString(items));
        }
        appliesValidatesRollsBackAndUpdatesAgain(legacy, Variants.WITHOUT_SALE_ITEM);
    }

    /**
     * The older release still maps the removed entity's table's parents: its delete of a sale cascaded into the
     * archive a plain rename kept the foreign keys of (the archived items of that sale gone), and its renumbering of
     * a product was refused by them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aRemovedEntitysArchiveKeepsItsRowsWhenAnOlderReleaseDeletesOrRenumbersWhatTheyReferenced(String journalMode)
            throws Exception {
        workspace.generate("retire-sale-items", Variants.WITHOUT_SALE_ITEM);
        Path legacy = GeneratedRuns.legacy(dir.resolve("legacy.db"), journalMode);
        String everyItem = "SELECT id || '|' || quantity || '|' || unit_price || '|' || product_id || '|' || sale_id "
                + "FROM %s ORDER BY id";
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            List<String> items = strings(connection, everyItem.formatted("saleitem"));
            assertThat(items).isNotEmpty();
            workspace.update(connection);

            connection.createStatement().execute("DELETE FROM sale WHERE id = (SELECT min(sale_id) FROM "
                    + "archived_saleitem)");
            assertThat(strings(connection, everyItem.formatted("archived_saleitem")))
                    .as("the archive untouched by the older release's delete").isEqualTo(items);
            connection.createStatement().execute("UPDATE product SET id = 9999 WHERE id = (SELECT min(product_id) "
                    + "FROM archived_saleitem)");
            assertThat(strings(connection, everyItem.formatted("archived_saleitem")))
                    .as("the archive untouched by the older release's update").isEqualTo(items);
            assertThat(strings(connection, "SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name = "
                    + "'archived_saleitem' AND type <> 'table' UNION ALL SELECT 'foreign key to ' || \"table\" FROM "
                    + "pragma_foreign_key_list('archived_saleitem')")).as("nothing constrains the archive").isEmpty();
        }
    }

    /**
     * The rollback gives the table back as it was before the changeset (its definition, foreign keys, a shop's own
     * index and trigger), with every row: drift against the catalog before the change finds nothing. So does an
     * empty table.
     */
    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aRemovedEntitysRollbackGivesTheTableBackWithItsRowsKeysIndexesAndTriggers(String journalMode)
            throws Exception {
        workspace.generate("retire-sale-items", Variants.WITHOUT_SALE_ITEM);
        Path release20 = GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        String definitions = "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE tbl_name = 'saleitem' "
                + "ORDER BY type, name";
        String everyItem = "SELECT id || '|' || quantity || '|' || unit_price || '|' || product_id || '|' || sale_id "
                + "FROM saleitem ORDER BY id";
        try (Connection connection = GeneratorWorkspace.sqlite(release20)) {
            GeneratedRuns.execute(connection, List.of("CREATE INDEX ix_saleitem_sale ON saleitem (sale_id)",
                    "CREATE TRIGGER saleitem_positive BEFORE INSERT ON saleitem WHEN NEW.quantity <= 0 "
                            + "BEGIN SELECT RAISE(ABORT, 'quantity must be positive'); END"));
            for (boolean empty : List.of(false, true)) {
                if (empty) {
                    connection.createStatement().execute("DELETE FROM saleitem");
                }
                SchemaCatalog before = SchemaCatalog.read(connection);
                List<String> definedBefore = strings(connection, definitions);
                List<String> items = strings(connection, everyItem);
                assertThat(items.isEmpty()).isEqualTo(empty);

                workspace.update(connection);
                assertThat(strings(connection, "SELECT name FROM sqlite_master WHERE name = 'saleitem'")).isEmpty();
                workspace.rollback(connection, 1);

                assertThat(strings(connection, definitions)).as("definition, index and trigger back")
                        .isEqualTo(definedBefore);
                assertThat(strings(connection, everyItem)).as("every row back").isEqualTo(items);
                assertThat(strings(connection, "SELECT name FROM sqlite_master WHERE name LIKE 'archived_%'"))
                        .as("the archive emptied into the table and gone").isEmpty();
                assertThat(before.differencesFrom(SchemaCatalog.read(connection))).as("drift").isEmpty();
            }
        }
        GeneratorWorkspace.validateSqlite(release20, Entities.ALL);
    }

    /**
     * PostgreSQL: the archive constrains nothing (an older release's delete of a sale and renumbering of a product go
     * through, the archived items untouched, where the renamed table's keys cascaded into it or refused), and the
     * rollback gives the table back as it was: its constraints, a shop's own index, CHECKs and trigger, and another
     * table's foreign key to it, with every row; drift against the catalog before the change finds nothing.
     */
    @Tag("postgres")
    @Test
    void aRemovedEntitysArchiveOnPostgresqlConstrainsNothingAndItsRollbackGivesTheTableBack() throws Exception {
        workspace.generate("retire-sale-items", Variants.WITHOUT_SALE_ITEM);
        String everyItem = "SELECT id || '|' || quantity || '|' || unit_price || '|' || product_id || '|' || sale_id "
                + "FROM %s ORDER BY id";
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            if (!connection.getAutoCommit()) {
                connection.commit();
                connection.setAutoCommit(true);
            }
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, List.of("CREATE INDEX ix_saleitem_sale ON saleitem (sale_id)",
                    "ALTER TABLE saleitem ADD CONSTRAINT ck_saleitem_quantity CHECK (quantity > 0)",
                    "ALTER TABLE saleitem ADD CONSTRAINT ck_saleitem_price CHECK (unit_price NOT IN ('', '-'))",
                    "CREATE TABLE saleitem_note (item_id BIGINT NOT NULL REFERENCES saleitem (id), note TEXT)",
                    "INSERT INTO saleitem_note SELECT id, 'gift' FROM saleitem",
                    "CREATE FUNCTION saleitem_positive() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                            + "IF NEW.quantity <= 0 THEN RAISE EXCEPTION 'quantity must be positive'; END IF; "
                            + "RETURN NEW; END $$",
                    "CREATE TRIGGER saleitem_positive BEFORE INSERT ON saleitem FOR EACH ROW "
                            + "EXECUTE FUNCTION saleitem_positive()"));
            SchemaCatalog before = SchemaCatalog.read(connection);
            List<String> items = strings(connection, everyItem.formatted("saleitem"));
            assertThat(items).isNotEmpty();

            workspace.update(connection);
            connection.setAutoCommit(false); // the older release's writes, undone after
            connection.createStatement().execute("DELETE FROM sale WHERE receipt_no = 'GEN-R1'");
            connection.createStatement().execute("UPDATE product SET id = 9999 WHERE sku = 'GEN-1'");
            assertThat(strings(connection, everyItem.formatted("archived_saleitem")))
                    .as("the archive untouched by the older release's writes").isEqualTo(items);
            connection.rollback();
            connection.setAutoCommit(true);
            // NOT NULL and CHECKs stay: they refuse no write but the archive's own.
            assertThat(strings(connection, "SELECT conname FROM pg_constraint WHERE contype NOT IN ('n', 'c') AND (conrelid = "
                    + "'archived_saleitem'::regclass OR confrelid = 'archived_saleitem'::regclass) UNION ALL "
                    + "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'archived_saleitem'::regclass "
                    + "UNION ALL SELECT tgname FROM pg_trigger WHERE tgrelid = 'archived_saleitem'::regclass AND NOT "
                    + "tgisinternal")).as("nothing constrains the archive").isEmpty();

            workspace.rollback(connection, 1);
            assertThat(strings(connection, everyItem.formatted("saleitem"))).as("every row back").isEqualTo(items);
            assertThat(strings(connection, "SELECT tablename FROM pg_tables WHERE tablename LIKE 'archived%'"))
                    .isEmpty();
            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).as("drift").isEmpty();
            assertThat(strings(connection, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'saleitem'::regclass "
                    + "AND NOT tgisinternal")).containsExactly("saleitem_positive");
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Tag("postgres")
    @Test
    void theGeneratedColumnAndIndexApplyOnPostgresqlAndRollBackKeepingTheValues() throws Exception {
        String id = workspace.generate("add-user-test-email", UserEmail.ALL).file().getFileName().toString().replace(".yaml", "");
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            workspace.update(connection);
            GeneratorWorkspace.validate(database.dataSource(), UserEmail.ALL, null);
            connection.createStatement().execute("INSERT INTO \"user\" (username, name, pin_hash, role, test_email) "
                    + "VALUES ('o', 'Owner', 'h', 'admin', 'owner@shop.example')");
            workspace.rollback(connection, 1);
            assertThat(strings(connection, "SELECT old_value || '|' || note FROM data_migration_audit WHERE column_name = 'test_email'"))
                    .containsExactly("owner@shop.example|archived: rollback of " + id);
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);
            workspace.update(connection);
            GeneratorWorkspace.validate(database.dataSource(), UserEmail.ALL, null);
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Tag("postgres")
    @Test
    void aNewEntityAppliesOnPostgresqlWithItsForeignKeyAndRollsBackWhileEmpty() throws Exception {
        workspace.generate("add-voucher", Voucher.ALL);
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            workspace.update(connection);
            GeneratorWorkspace.validate(database.dataSource(), Voucher.ALL, null);
            assertThat(strings(connection, "SELECT COUNT(*) FROM information_schema.table_constraints "
                    + "WHERE table_name = 'voucher' AND constraint_type = 'FOREIGN KEY'")).containsExactly("1");
            workspace.rollback(connection, 1);
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);
            assertThat(strings(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'voucher'"))
                    .containsExactly("0");
            workspace.update(connection);
            GeneratorWorkspace.validate(database.dataSource(), Voucher.ALL, null);
        } finally {
            PostgresServer.drop(database);
        }
    }

    /** Update, validate, rollback --count 1 (the original entities validate), update again, validate. */
    private void appliesValidatesRollsBackAndUpdatesAgain(Path file, List<Class<?>> entities) throws Exception {
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(file, entities);
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            workspace.rollback(connection, 1);
        }
        GeneratorWorkspace.validateSqlite(file, Entities.ALL);
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(file, entities);
    }

    static List<String> strings(Connection connection, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
