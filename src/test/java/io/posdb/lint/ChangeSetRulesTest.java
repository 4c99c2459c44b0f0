package io.posdb.lint;

import static io.posdb.lint.BadChangelog.findings;
import static io.posdb.lint.BadChangelog.line;
import static io.posdb.lint.BadChangelog.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each changeset rule, on the real changelog plus one bad changeset: the exact finding. */
class ChangeSetRulesTest {

    private static final String EMPTY_ROLLBACK = "      rollback:\n        - empty: {}\n";

    @TempDir
    Path dir;

    /** Every finding on the extra changeset's file, whatever the rule. */
    private static java.util.List<String> fileFindings(Path master) throws Exception {
        return BadChangelog.lint(master).findings().stream().filter(f -> f.file().equals(BadChangelog.FILE))
                .map(Finding::format).toList();
    }

    @Nested
    class Destructive {

        @Test
        void dropTableIsAnError() throws Exception {
            Path master = with(dir, "        - dropTable: { tableName: product }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DROP_TABLE))
                    .containsExactly(line(8, Rule.DROP_TABLE, "dropTable deletes table product with its rows"));
        }

        @Test
        void dropColumnIsAnError() throws Exception {
            Path master = with(dir, "        - dropColumn: { tableName: product, columnName: stock }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DROP_COLUMN)).containsExactly(
                    line(8, Rule.DROP_COLUMN, "dropColumn deletes column product.stock and its values"));
        }

        @Test
        void deleteIsAnError() throws Exception {
            Path master = with(dir, "        - delete: { tableName: sale, where: \"total = '0'\" }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DELETE_ROWS))
                    .containsExactly(line(8, Rule.DELETE_ROWS, "delete removes rows from sale"));
        }

        @Test
        void sqlThatDeletesDropsOrTruncatesABusinessTableIsAnError() throws Exception {
            Path master = with(dir, "        - sql: { sql: 'DELETE FROM \"saleitem\" WHERE quantity = 0' }\n"
                    + "        - sql: { sql: DROP TABLE IF EXISTS category }\n"
                    + "        - sql: { sql: TRUNCATE TABLE sale }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DESTRUCTIVE_SQL)).containsExactly(
                    line(8, Rule.DESTRUCTIVE_SQL, "SQL deletes rows from saleitem"),
                    line(9, Rule.DESTRUCTIVE_SQL, "SQL drops table category"),
                    line(10, Rule.DESTRUCTIVE_SQL, "SQL truncates sale"));
        }

        @Test
        void aProtectiveTriggerWhoseMessageSaysDeleteLintsClean() throws Exception {
            Path master = with(dir, "        - sql:\n"
                    + "            splitStatements: false\n"
                    + "            sql: \"CREATE TRIGGER keep_sales BEFORE DELETE ON sale BEGIN SELECT RAISE(ABORT, "
                    + "'sales are kept; DELETE FROM sale is refused'); END\"\n",
                    "      rollback:\n        - sql: { sql: DROP TRIGGER IF EXISTS keep_sales }\n");
            assertThat(fileFindings(master)).isEmpty();
        }

        @Test
        void deleteWordsInAStringACommentAndACheckLintClean() throws Exception {
            Path master = with(dir, "        - sql: { sql: \"CREATE VIEW v_refused AS SELECT 'DELETE FROM sale; DROP TABLE "
                    + "sale; UPDATE sale SET total = 0' AS hint\" }\n"
                    + "        - sql: { sql: \"-- DELETE FROM sale; DROP TABLE sale\\nCREATE INDEX ix_sale_total ON sale (total) "
                    + "/* ; TRUNCATE sale; UPDATE sale SET total = 0 */\" }\n"
                    + "        - sql: { sql: \"CREATE TABLE voucher (code TEXT CHECK (code <> 'x; DELETE FROM sale; "
                    + "DROP TABLE sale'))\" }\n",
                    "      rollback:\n        - sql: { sql: DROP VIEW IF EXISTS v_refused }\n"
                            + "        - sql: { sql: DROP INDEX IF EXISTS ix_sale_total }\n");
            assertThat(findings(master, Rule.DESTRUCTIVE_SQL)).isEmpty();
            assertThat(findings(master, Rule.DATA_CHANGE_NOT_IDEMPOTENT)).isEmpty();
            assertThat(findings(master, Rule.ROLLBACK_DROPS_DATA)).isEmpty();
            assertThat(findings(master, Rule.CHECK_WITHOUT_VERIFICATION)).isEmpty();
        }

        @Test
        void aRealDeleteAfterAStringHoldingASemicolonIsStillAnError() throws Exception {
            Path master = with(dir, "        - sql: { sql: \"UPDATE category SET name = 'a;b' WHERE id = -1; "
                    + "DELETE FROM \\\"sale\\\" WHERE total = '0'\" }\n"
                    + "        - sql:\n"
                    + "            endDelimiter: \\nGO\n"
                    + "            sql: \"CREATE VIEW v_one AS SELECT 1\\nGO\\nDROP TABLE saleitem\"\n", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DESTRUCTIVE_SQL)).containsExactly(
                    line(8, Rule.DESTRUCTIVE_SQL, "SQL deletes rows from sale"),
                    line(9, Rule.DESTRUCTIVE_SQL, "SQL drops table saleitem"));
            assertThat(findings(master, Rule.DATA_CHANGE_NOT_IDEMPOTENT)).containsExactly(line(8,
                    Rule.DATA_CHANGE_NOT_IDEMPOTENT, "changeset " + BadChangelog.ID + " changes data (sql) without a precondition with "
                            + "onFail: MARK_RAN and an onFailMessage"));
        }

        @Test
        void rebuildThatLosesAColumnWithoutArchivingItIsAnError() throws Exception {
            Path master = with(dir, rebuildOfCategory(""), "      runInTransaction: false\n");
            assertThat(findings(master, Rule.REBUILD_DROPS_COLUMN)).containsExactly(line(8, Rule.REBUILD_DROPS_COLUMN,
                    "SqliteTableRebuild of category drops column name without archiving it (not in dropColumns)"));
        }

        @Test
        void rebuildThatArchivesTheColumnThroughDropColumnsPasses() throws Exception {
            Path master = with(dir, rebuildOfCategory("            dropColumns: name\n"),
                    "      runInTransaction: false\n");
            assertThat(findings(master, Rule.REBUILD_DROPS_COLUMN)).isEmpty();
        }

        /** A generated column holds no value of its own: the stored names are gone, as the rebuild sees it too. */
        @Test
        void rebuildThatMakesAStoredColumnGeneratedDropsItsValuesAndIsAnError() throws Exception {
            Path master = with(dir, "        - customChange:\n"
                    + "            class: io.posdb.migration.sqlite.SqliteTableRebuild\n"
                    + "            tableName: category\n"
                    + "            createTableSql: CREATE TABLE {table} (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT "
                    + "NOT NULL, \"name\" VARCHAR(100) GENERATED ALWAYS AS ('x') VIRTUAL)\n",
                    "      runInTransaction: false\n");
            assertThat(findings(master, Rule.REBUILD_DROPS_COLUMN)).containsExactly(line(8, Rule.REBUILD_DROPS_COLUMN,
                    "SqliteTableRebuild of category drops column name without archiving it (not in dropColumns)"));
        }

        private static String rebuildOfCategory(String extra) {
            return "        - customChange:\n"
                    + "            class: io.posdb.migration.sqlite.SqliteTableRebuild\n"
                    + "            tableName: category\n"
                    + extra
                    + "            createTableSql: CREATE TABLE {table} (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL)\n";
        }
    }

    /** Issue 20 §2: where the changeset ran on the seeded scratch database, its observed effect decides. */
    @Nested
    class Observed {

        @Test
        void aDeleteIsReportedOnEveryTableItsCascadeEmpties() throws Exception {
            Path master = with(dir, "        - sql: { sql: 'DELETE FROM \"user\" WHERE id = 1' }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DESTRUCTIVE_SQL)).contains(
                    line(8, Rule.DESTRUCTIVE_SQL, "SQL deletes rows from user"),
                    line(8, Rule.DESTRUCTIVE_SQL, "SQL deletes rows from sale"));
        }

        @Test
        void aRebuildWrittenAsSqlThatLosesAColumnIsReportedAsTheColumnNotTheTable() throws Exception {
            Path master = with(dir, "        - sql: { sql: \"CREATE TABLE category_new (id INTEGER PRIMARY KEY "
                    + "AUTOINCREMENT NOT NULL); INSERT INTO category_new (id) SELECT id FROM category; DROP TABLE category; "
                    + "ALTER TABLE category_new RENAME TO category\" }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DESTRUCTIVE_SQL))
                    .contains(line(8, Rule.DESTRUCTIVE_SQL, "SQL drops column name of category"))
                    .doesNotContain(line(8, Rule.DESTRUCTIVE_SQL, "SQL drops table category"));
        }

        @Test
        void theDocumentedColumnRenameKeepsEveryValueAndLintsClean() throws Exception {
            // docs/writing-migrations.md, "How to write a rename": the values move to the new name, nothing is lost,
            // and the NOT NULL column and its unique constraint are the old ones under a new name.
            for (String[] rename : new String[][] {{"user", "name", "full_name"}, {"category", "name", "title"}}) {
                String table = rename[0];
                String from = rename[1];
                String to = rename[2];
                Path master = with(dir.resolve(table), "        - sql:\n            sql: ALTER TABLE \"" + table
                        + "\" RENAME COLUMN \"" + from + "\" TO \"" + to + "\"\n",
                        "      rollback:\n        - sql:\n            sql: ALTER TABLE \"" + table + "\" RENAME COLUMN \""
                                + to + "\" TO \"" + from + "\"\n"
                                + "      preConditions:\n        - onFail: MARK_RAN\n"
                                + "        - onFailMessage: " + table + "." + from + " is already renamed\n"
                                + "        - columnExists: { tableName: " + table + ", columnName: " + from + " }\n");
                assertThat(fileFindings(master)).as("renaming " + table + "." + from).isEmpty();
            }
        }

        @Test
        void liquibasesRenameColumnIsReadAsTheRenameItIs() throws Exception {
            Path master = with(dir, "        - renameColumn: { tableName: category, oldColumnName: name, "
                    + "newColumnName: title, columnDataType: VARCHAR(100) }\n",
                    "      preConditions:\n        - onFail: MARK_RAN\n"
                            + "        - onFailMessage: category.name is already renamed\n"
                            + "        - columnExists: { tableName: category, columnName: name }\n");
            assertThat(fileFindings(master)).isEmpty();
        }

        @Test
        void aRenameWhoseValuesDoNotArriveIsStillADroppedColumn() throws Exception {
            // The rename is taken from what the SQL says only where the rows show every value under the new name.
            Path master = with(dir, "        - sql: { sql: \"ALTER TABLE category RENAME COLUMN name TO title; "
                    + "UPDATE category SET title = 'x' || id\" }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DESTRUCTIVE_SQL))
                    .containsExactly(line(8, Rule.DESTRUCTIVE_SQL, "SQL drops column name of category"));
        }

        @Test
        void aChangeSetItsPreconditionSkipsOnTheScratchIsStillReadFromItsText() throws Exception {
            Path master = with(dir, "        - sql: { sql: DELETE FROM sale WHERE id = -5 }",
                    EMPTY_ROLLBACK + "      preConditions:\n        - onFail: MARK_RAN\n"
                            + "        - onFailMessage: no sale -5\n        - sqlCheck:\n"
                            + "            expectedResult: 1\n"
                            + "            sql: SELECT COUNT(*) FROM sale WHERE id = -5\n");
            assertThat(findings(master, Rule.DESTRUCTIVE_SQL))
                    .containsExactly(line(8, Rule.DESTRUCTIVE_SQL, "SQL deletes rows from sale"));
        }

        @Test
        void aRollbackThatDoesNotGiveBackTheRowsIsAnErrorWhereTheRollbackStarts() throws Exception {
            Path master = with(dir, "        - sql: { sql: UPDATE product SET stock = stock + 1 }",
                    EMPTY_ROLLBACK + MARK_RAN_WHEN_PRODUCTS);
            assertThat(findings(master, Rule.ROLLBACK_DOES_NOT_RESTORE)).containsExactly(line(10,
                    Rule.ROLLBACK_DOES_NOT_RESTORE, "the rollback of " + BadChangelog.ID + " does not give back the state before it on "
                            + "the scratch database: product: values of stock not given back"));
        }

        @Test
        void aRollbackThatGivesBackTheSchemaAndTheRowsPasses() throws Exception {
            Path master = with(dir, "        - sql: { sql: UPDATE product SET stock = stock + 1 }\n"
                    + "        - sql: { sql: CREATE INDEX ix_product_stock ON product (stock) }",
                    "      rollback:\n        - sql: { sql: DROP INDEX ix_product_stock }\n"
                            + "        - sql: { sql: UPDATE product SET stock = stock - 1 }\n" + MARK_RAN_WHEN_PRODUCTS);
            assertThat(findings(master, Rule.ROLLBACK_DOES_NOT_RESTORE)).isEmpty();
        }

        @Test
        void aRollbackThatLeavesAnIndexBehindIsAnError() throws Exception {
            Path master = with(dir, "        - sql: { sql: CREATE INDEX ix_product_stock ON product (stock) }",
                    EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.ROLLBACK_DOES_NOT_RESTORE)).containsExactly(line(10,
                    Rule.ROLLBACK_DOES_NOT_RESTORE, "the rollback of " + BadChangelog.ID + " does not give back the state before it on "
                            + "the scratch database: index ix_product_stock is left behind"));
        }

        private static final String MARK_RAN_WHEN_PRODUCTS = "      preConditions:\n        - onFail: MARK_RAN\n"
                + "        - onFailMessage: no products\n        - sqlCheck:\n"
                + "            expectedResult: 1\n"
                + "            sql: SELECT COUNT(*) > 0 FROM product\n";
    }

    @Nested
    class DataDependent {

        @Test
        void notNullColumnWithoutDefaultOnAnExistingTableIsAnError() throws Exception {
            Path master = with(dir, "        - addColumn:\n"
                    + "            tableName: product\n"
                    + "            columns:\n"
                    + "              - column: { name: barcode, type: VARCHAR(20), constraints: { nullable: false } }\n",
                    "");
            assertThat(findings(master, Rule.NOT_NULL_WITHOUT_DEFAULT)).containsExactly(line(11,
                    Rule.NOT_NULL_WITHOUT_DEFAULT,
                    "addColumn adds NOT NULL column product.barcode without a default: existing rows have no value"));
        }

        @Test
        void notNullColumnAddedBySqlWithoutDefaultIsAnError() throws Exception {
            Path master = with(dir, "        - sql: { sql: 'ALTER TABLE \"product\" ADD COLUMN \"barcode\" VARCHAR(20) NOT NULL' }",
                    EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.NOT_NULL_WITHOUT_DEFAULT)).containsExactly(line(8,
                    Rule.NOT_NULL_WITHOUT_DEFAULT, "SQL makes a column of existing table product NOT NULL without a default"));
        }

        @Test
        void setNotNullOnAnExistingColumnWithoutAVerificationBeforeItIsANewNotNullConstraintNotAColumnWithoutDefault()
                throws Exception {
            // Read from its text (PostgreSQL only), on a table no real changeset verifies (see the CHECK test).
            Path master = with(dir, "        - sql: { sql: 'ALTER TABLE \"till_shelf\" ALTER COLUMN \"bin\" SET NOT NULL' }",
                    EMPTY_ROLLBACK + "      dbms: postgresql\n");
            assertThat(findings(master, Rule.NOT_NULL_WITHOUT_DEFAULT)).isEmpty();
            assertThat(findings(master, Rule.ADD_NOT_NULL_CONSTRAINT)).containsExactly(line(8,
                    Rule.ADD_NOT_NULL_CONSTRAINT, "SQL makes till_shelf.bin NOT NULL, which fails on any row holding NULL"));
        }

        @Test
        void addNotNullConstraintIsAnError() throws Exception {
            Path master = with(dir, "        - addNotNullConstraint: { tableName: product, columnName: category_id, "
                    + "columnDataType: INT }", "      dbms: postgresql\n");
            assertThat(findings(master, Rule.ADD_NOT_NULL_CONSTRAINT)).containsExactly(line(8,
                    Rule.ADD_NOT_NULL_CONSTRAINT, "addNotNullConstraint on product.category_id fails on any row holding NULL"));
        }

        @Test
        void uniqueIndexOnAnExistingTableWithoutADuplicateCheckIsAnError() throws Exception {
            Path master = with(dir, "        - createIndex: { tableName: product, indexName: ux_product_name, unique: true, "
                    + "columns: [ { column: { name: name } } ] }", "");
            assertThat(findings(master, Rule.UNIQUE_WITHOUT_DUPLICATE_CHECK)).containsExactly(line(8,
                    Rule.UNIQUE_WITHOUT_DUPLICATE_CHECK,
                    "unique index or constraint on existing table product without a precondition that checks for duplicates"));
        }

        @Test
        void uniqueIndexGuardedByADuplicateCountPasses() throws Exception {
            Path master = with(dir, "        - sql: { sql: CREATE UNIQUE INDEX ux_product_name ON product (name) }",
                    EMPTY_ROLLBACK + "      preConditions:\n        - onFail: HALT\n        - sqlCheck:\n"
                            + "            expectedResult: 0\n"
                            + "            sql: SELECT COUNT(*) FROM (SELECT name FROM product GROUP BY name HAVING COUNT(*) > 1)\n");
            assertThat(findings(master, Rule.UNIQUE_WITHOUT_DUPLICATE_CHECK)).isEmpty();
        }

        @Test
        void checkConstraintWithoutAVerificationChangeSetBeforeItIsAnError() throws Exception {
            // A PostgreSQL-only changeset is read from its text, where any table it does not create exists; a
            // table no real changeset verifies (a release may verify product, as a data change does) keeps
            // this test about the missing verification.
            Path master = with(dir, "        - sql: { sql: 'ALTER TABLE \"till_shelf\" ADD CONSTRAINT ck_stock CHECK (stock >= 0)' }",
                    EMPTY_ROLLBACK + "      dbms: postgresql\n");
            assertThat(findings(master, Rule.CHECK_WITHOUT_VERIFICATION)).containsExactly(line(8,
                    Rule.CHECK_WITHOUT_VERIFICATION,
                    "CHECK constraint on existing table till_shelf without a verification changeset before it"));
        }
    }

    @Nested
    class SqliteHazards {

        @Test
        void changeTypeThatRebuildsTheTableOnSqliteIsAnError() throws Exception {
            Path master = with(dir, "        - modifyDataType: { tableName: product, columnName: name, newDataType: TEXT }",
                    EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.SQLITE_REBUILDS_TABLE)).containsExactly(line(8, Rule.SQLITE_REBUILDS_TABLE,
                    "modifyDataType on product is refused by SQLite or done by Liquibase as copy-drop-rename of the "
                            + "table (cascading deletes) in a changeset that applies to SQLite; use instead "
                            + "io.posdb.migration.sqlite.SqliteTableRebuild (runInTransaction: false), which rebuilds "
                            + "the table with the new definition without cascading"));
        }

        @Test
        void theSameChangeLimitedToPostgresqlPasses() throws Exception {
            Path master = with(dir, "        - modifyDataType: { tableName: product, columnName: name, newDataType: TEXT }",
                    EMPTY_ROLLBACK + "      dbms: postgresql\n");
            assertThat(findings(master, Rule.SQLITE_REBUILDS_TABLE)).isEmpty();
        }
    }

    @Nested
    class Rollback {

        @Test
        void sqlWithoutARollbackBlockIsAnError() throws Exception {
            Path master = with(dir, "        - sql: { sql: CREATE INDEX ix_product_name ON product (name) }", "");
            assertThat(findings(master, Rule.NO_ROLLBACK)).containsExactly(line(8, Rule.NO_ROLLBACK,
                    "changeset " + BadChangelog.ID + " cannot be rolled back: sql has no automatic rollback and there is no rollback: block"));
        }

        @Test
        void customChangeWithoutCustomTaskRollbackIsAnError() throws Exception {
            Path master = with(dir, "        - customChange: { class: io.posdb.migration.rollback.DropTableIfEmpty, "
                    + "tableName: category }", "");
            assertThat(findings(master, Rule.NO_ROLLBACK)).containsExactly(line(8, Rule.NO_ROLLBACK,
                    "changeset " + BadChangelog.ID + " cannot be rolled back: io.posdb.migration.rollback.DropTableIfEmpty does not "
                            + "implement CustomTaskRollback and there is no rollback: block"));
        }

        @Test
        void rollbackThatDropsABusinessTableIsAnError() throws Exception {
            Path master = with(dir, "        - sql: { sql: CREATE INDEX ix_product_name ON product (name) }",
                    "      rollback:\n        - sql: { sql: DROP TABLE product }\n");
            assertThat(findings(master, Rule.ROLLBACK_DROPS_DATA)).containsExactly(line(10, Rule.ROLLBACK_DROPS_DATA,
                    "the rollback of " + BadChangelog.ID + " drops table product, which may hold business data"));
        }

        /**
         * The fix ROLLBACK_DROPS_DATA gives is one lint accepts: a rollback that archives the table (renamed to
         * archived_<table>) has neither ROLLBACK_DROPS_DATA nor ROLLBACK_DOES_NOT_RESTORE, while keeping the table
         * (a rollback that only logs, which the fix used to suggest) is ROLLBACK_DOES_NOT_RESTORE.
         */
        @Test
        void theFixOfRollbackDropsDataIsOneLintAcceptsNotKeepingTheTable() throws Exception {
            String createVoucher = "        - createTable: { tableName: voucher, columns: [ { column: { name: id, "
                    + "type: INTEGER } } ] }";
            Path keeping = with(Files.createDirectories(dir.resolve("keeping")), createVoucher,
                    "      rollback:\n        - output: { message: voucher is kept }\n");
            Path archiving = with(Files.createDirectories(dir.resolve("archiving")), createVoucher,
                    "      rollback:\n        - renameTable: { oldTableName: voucher, newTableName: archived_voucher }\n");

            assertThat(Rule.ROLLBACK_DROPS_DATA.fix()).doesNotContain("keep the table").contains("archived_<table>");
            assertThat(findings(keeping, Rule.ROLLBACK_DOES_NOT_RESTORE)).as("keeping is no fix").singleElement()
                    .asString().contains("table voucher is left behind");
            assertThat(findings(archiving, Rule.ROLLBACK_DROPS_DATA)).isEmpty();
            assertThat(findings(archiving, Rule.ROLLBACK_DOES_NOT_RESTORE)).isEmpty();
        }

        @Test
        void automaticRollbackOfCreateTableDropsItsDataAndIsAnError() throws Exception {
            Path master = with(dir, "        - createTable: { tableName: voucher, columns: [ { column: { name: id, "
                    + "type: INTEGER } } ] }", "");
            assertThat(findings(master, Rule.ROLLBACK_DROPS_DATA)).containsExactly(line(8, Rule.ROLLBACK_DROPS_DATA,
                    "the automatic rollback of createTable on voucher drops it with its data"));
        }
    }

    @Nested
    class IdempotenceAndTransactions {

        @Test
        void dataChangeWithoutAMarkRanPreconditionIsAnError() throws Exception {
            Path master = with(dir, "        - sql: { sql: UPDATE product SET stock = 0 WHERE stock < 0 }", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.DATA_CHANGE_NOT_IDEMPOTENT)).containsExactly(line(8,
                    Rule.DATA_CHANGE_NOT_IDEMPOTENT, "changeset " + BadChangelog.ID + " changes data (sql) without a precondition with "
                            + "onFail: MARK_RAN and an onFailMessage"));
        }

        @Test
        void dataChangeWithAMarkRanPreconditionAndMessagePasses() throws Exception {
            Path master = with(dir, "        - sql: { sql: UPDATE product SET stock = 0 WHERE stock < 0 }",
                    EMPTY_ROLLBACK + "      preConditions:\n        - onFail: MARK_RAN\n"
                            + "        - onFailMessage: no negative stock\n        - sqlCheck:\n"
                            + "            expectedResult: 1\n"
                            + "            sql: SELECT COUNT(*) > 0 FROM product WHERE stock < 0\n");
            assertThat(findings(master, Rule.DATA_CHANGE_NOT_IDEMPOTENT)).isEmpty();
        }

        @Test
        void aPostgresqlChangeSetsSqlFileHoldingOnlyAnIndexIsNoDataChange() throws Exception {
            Path master = postgresqlChangeSetRunning("CREATE INDEX IF NOT EXISTS \"ix_product_sku_lower\" "
                    + "ON \"product\" (lower(\"sku\"));\n");
            assertThat(findings(master, Rule.DATA_CHANGE_NOT_IDEMPOTENT)).isEmpty();
        }

        @Test
        void aPostgresqlChangeSetsSqlFileDeletingRowsIsADataChangeOnItsLine() throws Exception {
            Path master = postgresqlChangeSetRunning("DELETE FROM sale WHERE total < 0;\n");
            assertThat(findings(master, Rule.DATA_CHANGE_NOT_IDEMPOTENT)).containsExactly(line(8,
                    Rule.DATA_CHANGE_NOT_IDEMPOTENT, "changeset " + BadChangelog.ID + " changes data (sqlFile) without a "
                            + "precondition with onFail: MARK_RAN and an onFailMessage"));
        }

        @Test
        void anSqliteChangeSetAndItsPostgresqlTwinOfTheSameIdAreEachJudgedByTheirOwnSqlFile() throws Exception {
            String twins = "databaseChangeLog:\n  - logicalFilePath: " + BadChangelog.FILE + "\n"
                    + twin("sqlite") + twin("postgresql");
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME, twins);
            Files.writeString(master.resolveSibling("changes").resolve("sqlite.sql"),
                    "DELETE FROM sale WHERE total < 0;\n");
            Files.writeString(master.resolveSibling("changes").resolve("postgresql.sql"),
                    "CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total);\n");

            assertThat(findings(master, Rule.DATA_CHANGE_NOT_IDEMPOTENT)).as("the SQLite one's DELETE only")
                    .containsExactly(line(9, Rule.DATA_CHANGE_NOT_IDEMPOTENT, "changeset " + BadChangelog.ID
                            + " changes data (sqlFile) without a precondition with onFail: MARK_RAN and an "
                            + "onFailMessage"));
        }

        /** A changeset of {@code dbms} (its change on its 6th line) running the sqlFile {@code <dbms>.sql}. */
        private static String twin(String dbms) {
            return "  - changeSet:\n"
                    + "      id: " + BadChangelog.ID + "\n"
                    + "      author: posdb\n"
                    + "      labels: " + Release.label() + "\n"
                    + "      dbms: " + dbms + "\n"
                    + "      changes:\n"
                    + "        - sqlFile: { path: " + dbms + ".sql, relativeToChangelogFile: true }\n"
                    + EMPTY_ROLLBACK;
        }

        /**
         * A changeset lint's SQLite scratch does not run ({@code dbms: postgresql}) whose sqlFile, beside it, holds
         * {@code sql}: judged by its file as Liquibase reads it all the same.
         */
        private Path postgresqlChangeSetRunning(String sql) throws Exception {
            Path master = with(dir, "        - sqlFile: { path: " + BadChangelog.ID + ".sql, "
                    + "relativeToChangelogFile: true }", "      dbms: postgresql\n" + EMPTY_ROLLBACK);
            Files.writeString(master.resolveSibling("changes").resolve(BadChangelog.ID + ".sql"), sql);
            return master;
        }

        @Test
        void runInTransactionFalseWithoutATableRebuildIsAnError() throws Exception {
            Path master = with(dir, "        - createIndex: { tableName: product, indexName: ix_product_name, "
                    + "columns: [ { column: { name: name } } ] }", "      runInTransaction: false\n");
            assertThat(findings(master, Rule.NEEDLESS_NO_TRANSACTION)).containsExactly(line(9,
                    Rule.NEEDLESS_NO_TRANSACTION, "changeset " + BadChangelog.ID + " runs outside a transaction but has no table rebuild "
                            + "that needs it"));
        }
    }
}
