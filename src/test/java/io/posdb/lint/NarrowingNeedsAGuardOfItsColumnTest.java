package io.posdb.lint;

import static io.posdb.lint.BadChangelog.FILE;
import static io.posdb.lint.BadChangelog.ID;
import static io.posdb.lint.BadChangelog.findings;
import static io.posdb.lint.BadChangelog.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 reached by a hand-written or edited changelog: a column narrowed on an existing table (a shorter
 * length, a new NOT NULL, a new CHECK) passes lint only after a halting guard of that very column, as
 * bin/new-changeset writes it (RowsMeetNarrowing): a guard of another column of the same table checks other
 * values. On the real changelog plus one file: an optional guard changeset, then product rebuilt on SQLite, or
 * a PostgreSQL changeset lint reads from its text (a shorter length judged against the declared type before it).
 */
class NarrowingNeedsAGuardOfItsColumnTest {

    /** The line of the rebuild's change in {@link #file} without a guard; a guard adds {@link #GUARD_LINES}. */
    private static final int REBUILD_LINE = 10;
    private static final int GUARD_LINES = 16;
    /** The line of {@link #postgresqlAfter}'s change: the 7th of its changeset, after the file's 2 and the guard. */
    private static final int POSTGRESQL_LINE = 2 + GUARD_LINES + 7;

    @TempDir
    Path dir;

    @Test
    void aShorterLengthWithoutAGuardIsAnErrorAtTheRebuild() throws Exception {
        Path master = productRebuilt(null, "\"name\" VARCHAR(200) NOT NULL", "\"stock\" INT NOT NULL  DEFAULT 0",
                "\"category_id\" INT");

        assertThat(findings(master, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION)).containsExactly(line(REBUILD_LINE,
                Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION, "customChange shortens product.name from 255 to 200 characters "
                        + "without a verification changeset before it (onFail: HALT naming product and name): SQLite "
                        + "keeps a longer value silently, PostgreSQL's upgrade fails on it"));
    }

    @Test
    void aGuardOfAnotherColumnOfTheTableDoesNotVerifyAShorterLength() throws Exception {
        Path master = productRebuilt(guard("stock", "check", "\"stock >= 0\""), "\"name\" VARCHAR(200) NOT NULL",
                "\"stock\" INT NOT NULL  DEFAULT 0", "\"category_id\" INT");

        assertThat(findings(master, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION)).containsExactly(line(
                REBUILD_LINE + GUARD_LINES, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION, "customChange shortens "
                        + "product.name from 255 to 200 characters without a verification changeset before it (onFail: "
                        + "HALT naming product and name): SQLite keeps a longer value silently, PostgreSQL's upgrade "
                        + "fails on it"));
    }

    @Test
    void aGuardOfAnotherColumnOfTheTableDoesNotVerifyANewNotNull() throws Exception {
        Path master = productRebuilt(guard("stock", "check", "\"stock >= 0\""), "\"name\" VARCHAR(255) NOT NULL",
                "\"stock\" INT NOT NULL  DEFAULT 0", "\"category_id\" INT NOT NULL");

        assertThat(findings(master, Rule.ADD_NOT_NULL_CONSTRAINT)).containsExactly(line(REBUILD_LINE + GUARD_LINES,
                Rule.ADD_NOT_NULL_CONSTRAINT, "customChange makes product.category_id NOT NULL, which fails on any row "
                        + "holding NULL"));
    }

    @Test
    void aGuardOfAnotherColumnOfTheTableDoesNotVerifyASetNotNullReadFromItsText() throws Exception {
        // PostgreSQL's own: read from the text, as no scratch database runs it.
        Path master = postgresqlAfter(guard("stock", "check", "\"stock >= 0\""),
                "ALTER TABLE \"product\" ALTER COLUMN \"category_id\" SET NOT NULL");

        assertThat(findings(master, Rule.ADD_NOT_NULL_CONSTRAINT)).containsExactly(line(POSTGRESQL_LINE,
                Rule.ADD_NOT_NULL_CONSTRAINT, "SQL makes product.category_id NOT NULL, which fails on any row holding NULL"));
    }

    @Test
    void aGuardOfAnotherColumnOfTheTableDoesNotVerifyACheckReadFromItsText() throws Exception {
        Path master = postgresqlAfter(guard("category_id", "notNull", "\"true\""),
                "ALTER TABLE \"product\" ADD CONSTRAINT \"ck_product_stock\" CHECK (\"stock\" >= 0 AND price <> '')");

        assertThat(findings(master, Rule.CHECK_WITHOUT_VERIFICATION)).containsExactly(line(POSTGRESQL_LINE,
                Rule.CHECK_WITHOUT_VERIFICATION, "CHECK constraint on product.stock of existing table product without "
                        + "a verification changeset before it naming product and stock"));
    }

    @Test
    void aGuardOfTheColumnVerifiesACheckReadFromItsText() throws Exception {
        Path master = postgresqlAfter(guard("stock", "check", "\"stock >= 0\""),
                "ALTER TABLE \"product\" ADD CONSTRAINT \"ck_product_stock\" CHECK (\"stock\" >= 0)");

        assertThat(findings(master, Rule.CHECK_WITHOUT_VERIFICATION)).isEmpty();
    }

    // A PostgreSQL changeset's shorter length is judged from its text against the declared type before it: SQLite's
    // on the scratch, which for product.name is the VARCHAR(255) both baselines give it.

    @Test
    void aPostgresqlOnlyShorterLengthInSqlWithoutAGuardIsAnErrorAtItsChange() throws Exception {
        Path master = postgresqlAfter("", "ALTER TABLE \"product\" ALTER COLUMN \"name\" TYPE VARCHAR(200)");

        assertThat(findings(master, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION)).containsExactly(line(
                POSTGRESQL_LINE - GUARD_LINES, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION, "SQL shortens product.name "
                        + "from 255 to 200 characters without a verification changeset before it (onFail: HALT naming "
                        + "product and name): SQLite keeps a longer value silently, PostgreSQL's upgrade fails on it"));
    }

    @Test
    void aPostgresqlOnlyModifyDataTypeToAShorterLengthIsAnErrorThoughAnotherColumnOfTheTableIsGuarded()
            throws Exception {
        Path master = postgresqlChangeAfter(guard("stock", "check", "\"stock >= 0\""),
                "- modifyDataType: { tableName: product, columnName: name, newDataType: \"varchar(200)\" }");

        assertThat(findings(master, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION)).containsExactly(line(POSTGRESQL_LINE,
                Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION, "modifyDataType shortens product.name from 255 to 200 "
                        + "characters without a verification changeset before it (onFail: HALT naming product and "
                        + "name): SQLite keeps a longer value silently, PostgreSQL's upgrade fails on it"));
    }

    @Test
    void aPostgresqlOnlyShorterLengthAmongOtherAlterationsIsAnErrorAndItsUsingCastIsNotTakenForTheType()
            throws Exception {
        // The generator's form across kinds: the default dropped, the column cast, the default set again.
        Path master = postgresqlAfter("", "ALTER TABLE product ALTER COLUMN stock DROP DEFAULT, ALTER COLUMN price "
                + "SET DATA TYPE character varying(20) USING price::varchar(80), ALTER COLUMN stock SET DEFAULT 0");

        assertThat(findings(master, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION)).singleElement().asString()
                .contains(BadChangelog.FILE + ":" + (POSTGRESQL_LINE - GUARD_LINES) + ": ")
                .contains("SQL shortens product.price from 40 to 20 characters");
    }

    @Test
    void aGuardOfTheColumnIsWhatLetsAPostgresqlOnlyShorterLengthThrough() throws Exception {
        String sql = "ALTER TABLE \"product\" ALTER COLUMN \"name\" SET DATA TYPE VARCHAR(200)";
        String modifyDataType = "- modifyDataType: { tableName: product, columnName: name, "
                + "newDataType: \"VARCHAR(200)\" }";
        String guard = guard("name", "maxLength", "\"200\"");

        for (String change : List.of("- sql: { sql: '" + sql + "' }", modifyDataType)) {
            String type = change.substring(2, change.indexOf(':'));
            assertThat(errorsOf(postgresqlChangeAfter(dir.resolve(type + "-unguarded"), "", change))).as(type)
                    .extracting(Finding::rule).containsExactly(Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION);
            assertThat(errorsOf(postgresqlChangeAfter(dir.resolve(type + "-guarded"), guard, change))).as(type)
                    .isEmpty();
        }
    }

    @Test
    void aPostgresqlOnlyLengthChangeNeedsAGuardOnlyWhenItIsShorter() throws Exception {
        String[][] changes = {
                {"longer", "ALTER TABLE \"product\" ALTER COLUMN \"name\" TYPE VARCHAR(300)", "passes"},
                {"unlimited", "ALTER TABLE \"product\" ALTER COLUMN \"sku\" TYPE TEXT", "passes"},
                {"the same", "ALTER TABLE product ALTER COLUMN price TYPE character varying(40)", "passes"},
                {"shorter", "ALTER TABLE product ALTER COLUMN price TYPE character varying(39)", "fails"}};
        for (String[] change : changes) {
            List<Finding> errors = errorsOf(postgresqlChangeAfter(dir.resolve(change[0].replace(' ', '-')), "",
                    "- sql: { sql: '" + change[1] + "' }"));

            assertThat(errors).as(change[0]).extracting(Finding::rule).containsExactlyElementsOf(
                    change[2].equals("fails") ? List.of(Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION) : List.of());
        }
    }

    /** The errors lint finds in the test's file. */
    private static List<Finding> errorsOf(Path master) throws Exception {
        return BadChangelog.lint(master).errors().stream().filter(f -> f.file().equals(FILE)).toList();
    }

    /**
     * The real changelog plus one file: the guard, then a PostgreSQL changeset of one {@code sql} change, which lint
     * reads from its text (no scratch database runs it), on line {@link #POSTGRESQL_LINE}.
     */
    private Path postgresqlAfter(String guard, String sql) throws Exception {
        return postgresqlChangeAfter(guard, "- sql: { sql: '" + sql.replace("'", "''") + "' }");
    }

    private Path postgresqlChangeAfter(String guard, String change) throws Exception {
        return postgresqlChangeAfter(dir, guard, change);
    }

    /** As {@link #postgresqlAfter}, with any one change (a YAML list item on one line). */
    private static Path postgresqlChangeAfter(Path dir, String guard, String change) throws Exception {
        return Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME, header() + guard + "  - changeSet:\n"
                + "      id: " + ID + "-postgresql\n      author: posdb\n      dbms: postgresql\n"
                + "      labels: " + Release.label() + "\n      changes:\n"
                + "        " + change + "\n"
                + "      rollback:\n        - empty: {}\n");
    }

    @Test
    void aGuardOfAnotherColumnOfTheTableDoesNotVerifyACheck() throws Exception {
        Path master = productRebuilt(guard("category_id", "notNull", "\"true\""), "\"name\" VARCHAR(255) NOT NULL",
                "\"stock\" INT NOT NULL  DEFAULT 0 CHECK (\"stock\" >= 0)", "\"category_id\" INT");

        assertThat(findings(master, Rule.CHECK_WITHOUT_VERIFICATION)).containsExactly(line(REBUILD_LINE + GUARD_LINES,
                Rule.CHECK_WITHOUT_VERIFICATION, "CHECK constraint on product.stock of existing table product without "
                        + "a verification changeset before it naming product and stock"));
    }

    @Test
    void aGuardOfTheColumnItselfVerifiesEachNarrowing() throws Exception {
        String[][] narrowings = {
                {"name", "maxLength", "\"200\"", "\"name\" VARCHAR(200) NOT NULL", "\"stock\" INT NOT NULL  DEFAULT 0",
                        "\"category_id\" INT"},
                {"category_id", "notNull", "\"true\"", "\"name\" VARCHAR(255) NOT NULL",
                        "\"stock\" INT NOT NULL  DEFAULT 0", "\"category_id\" INT NOT NULL"},
                {"stock", "check", "\"stock >= 0\"", "\"name\" VARCHAR(255) NOT NULL",
                        "\"stock\" INT NOT NULL  DEFAULT 0 CHECK (\"stock\" >= 0)", "\"category_id\" INT"}};
        for (String[] narrowing : narrowings) {
            Path master = productRebuilt(dir.resolve(narrowing[0]), guard(narrowing[0], narrowing[1], narrowing[2]),
                    narrowing[3], narrowing[4], narrowing[5]);

            assertThat(BadChangelog.lint(master).errors()).as(narrowing[0]).filteredOn(f -> f.file().equals(FILE))
                    .isEmpty();
        }
    }

    private Path productRebuilt(String guard, String name, String stock, String categoryId) throws Exception {
        return productRebuilt(dir, guard, name, stock, categoryId);
    }

    /**
     * The real changelog plus one file: the guard changeset when not null, then the rebuild of product with these
     * column lines (the baseline's are {@code "name" VARCHAR(255) NOT NULL}, {@code "stock" INT NOT NULL  DEFAULT 0}
     * and {@code "category_id" INT REFERENCES ...}), and its PostgreSQL counterpart that needs nothing.
     */
    private static Path productRebuilt(Path dir, String guard, String name, String stock, String categoryId)
            throws Exception {
        String rebuild = "  - changeSet:\n"
                + "      id: " + ID + (guard == null ? "" : "-sqlite") + "\n"
                + "      author: posdb\n"
                + "      dbms: sqlite\n"
                + "      labels: " + Release.label() + "\n"
                + "      runInTransaction: false\n"
                + "      changes:\n"
                + "        - customChange:\n"
                + "            class: io.posdb.migration.sqlite.SqliteTableRebuild\n"
                + "            tableName: product\n"
                + "            createTableSql: |\n"
                // A NOT NULL category_id without 0003's ON DELETE SET NULL (SET_NULL_ON_NOT_NULL_COLUMN).
                + product(name, stock, categoryId + " REFERENCES \"category\" (\"id\")"
                        + (categoryId.contains("NOT NULL") ? "" : " ON DELETE SET NULL"))
                + "            rollbackCreateTableSql: |\n"
                + product("\"name\" VARCHAR(255) NOT NULL", "\"stock\" INT NOT NULL  DEFAULT 0",
                        "\"category_id\" INT REFERENCES \"category\" (\"id\") ON DELETE SET NULL")
                + "  - changeSet:\n"
                + "      id: " + ID + "-postgresql\n"
                + "      author: posdb\n"
                + "      dbms: postgresql\n"
                + "      labels: " + Release.label() + "\n"
                + "      changes:\n"
                + "        - empty: {}\n"
                + "      rollback:\n"
                + "        - empty: {}\n";
        return Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME, header()
                + (guard == null ? "" : guard) + rebuild);
    }

    private static String header() {
        return "databaseChangeLog:\n  - logicalFilePath: " + FILE + "\n";
    }

    private static String product(String name, String stock, String categoryId) {
        String indent = "              ";
        return indent + "CREATE TABLE {table} (\n"
                + indent + "    \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                + indent + "    \"sku\" VARCHAR(64) NOT NULL UNIQUE,\n"
                + indent + "    " + name + ",\n"
                + indent + "    \"price\" VARCHAR(40) NOT NULL,\n"
                + indent + "    " + stock + ",\n"
                + indent + "    \"is_active\" INT NOT NULL  DEFAULT 1,\n"
                + indent + "    \"created_at\" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,\n"
                + indent + "    " + categoryId + "\n"
                + indent + ")\n";
    }

    /** A halting guard of product's {@code column}, as bin/new-changeset writes it: {@value #GUARD_LINES} lines. */
    private static String guard(String column, String rule, String value) {
        return "  - changeSet:\n"
                + "      id: " + ID + "\n"
                + "      author: posdb\n"
                + "      labels: " + Release.label() + "\n"
                + "      preConditions:\n"
                + "        - onFail: HALT\n"
                + "        - customPrecondition:\n"
                + "            className: io.posdb.migration.data.RowsMeetNarrowing\n"
                + "            params:\n"
                + "              - param: { name: tableName, value: product }\n"
                + "              - param: { name: columnName, value: " + column + " }\n"
                + "              - param: { name: " + rule + ", value: " + value + " }\n"
                + "      changes:\n"
                + "        - empty: {}\n"
                + "      rollback:\n"
                + "        - empty: {}\n";
    }
}
