package io.posdb.lint;

import static io.posdb.lint.BadChangelog.FILE;
import static io.posdb.lint.BadChangelog.ID;
import static io.posdb.lint.BadChangelog.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changeset that makes product.category_id NOT NULL and keeps 0003's ON DELETE SET NULL applies, and then every
 * delete of a category a product refers to fails on the NOT NULL: lint fails it at the change that left it, naming
 * the changeset, the table and the column. The same rebuild with the SET NULL replaced lints clean. On the real
 * changelog plus one file: a halting guard of the column (as bin/new-changeset writes it), then the rebuild.
 */
class SetNullOnNotNullColumnLintTest {

    private static final String REFERENCES = "REFERENCES \"category\" (\"id\")";

    @TempDir
    Path dir;

    @Test
    void aColumnMadeNotNullThatKeepsItsOnDeleteSetNullIsAnErrorAtTheRebuildNamingTheChangesetTableAndColumn()
            throws Exception {
        String file = guardThenRebuild("\"category_id\" INT NOT NULL " + REFERENCES + " ON DELETE SET NULL");

        assertThat(errors(file, "setnull")).containsExactly(line(lineOf(file, "- customChange:"),
                Rule.SET_NULL_ON_NOT_NULL_COLUMN, "changeset " + ID + "-sqlite leaves ON DELETE SET NULL on the foreign "
                        + "key of NOT NULL column product.category_id (to category): it applies, and then deleting a "
                        + "category row that a product row refers to fails on the NOT NULL"));
    }

    @Test
    void anOnUpdateSetNullOnTheNotNullColumnIsAnErrorToo() throws Exception {
        String file = guardThenRebuild("\"category_id\" INT NOT NULL " + REFERENCES + " ON UPDATE SET NULL");

        assertThat(errors(file, "onupdate")).singleElement().asString()
                .contains(FILE + ":" + lineOf(file, "- customChange:") + ": SET_NULL_ON_NOT_NULL_COLUMN error: ",
                        "leaves ON UPDATE SET NULL on the foreign key of NOT NULL column product.category_id");
    }

    @Test
    void theSameRebuildWithoutTheSetNullOrWithTheActionTheEntityDeclaresLintsClean() throws Exception {
        for (String action : List.of("", " ON DELETE CASCADE", " ON DELETE RESTRICT")) {
            String file = guardThenRebuild("\"category_id\" INT NOT NULL " + REFERENCES + action);

            assertThat(errors(file, "fixed" + action.replace(' ', '-'))).as(action).isEmpty();
        }
    }

    @Test
    void aNullableColumnKeepsItsSetNull() throws Exception {
        // 0003's own: the column is nullable, and a deleted category leaves its products without one.
        String file = guardThenRebuild("\"category_id\" INT " + REFERENCES + " ON DELETE SET NULL");

        assertThat(errors(file, "nullable"))
                .noneMatch(error -> error.contains(Rule.SET_NULL_ON_NOT_NULL_COLUMN.name()));
    }

    /**
     * A changeset only PostgreSQL runs is not run on lint's scratch SQLite database, so its foreign key is judged from
     * the changelog's text: a NOT NULL column its own columns declare, and one NOT NULL in the catalog of the
     * changesets before it, are errors at the addForeignKeyConstraint; a nullable one keeps its SET NULL.
     */
    @Test
    void aPostgresqlOnlyForeignKeyWithSetNullOnANotNullColumnIsAnErrorAtItsChangeFromTheChangelogsAccountOfTheColumn()
            throws Exception {
        String file = tillNotesThenPostgresqlForeignKey();

        assertThat(errors(file, "postgresql")).filteredOn(error -> error.contains(Rule.SET_NULL_ON_NOT_NULL_COLUMN.name()))
                .containsExactly(
                line(lineOf(file, "- addForeignKeyConstraint: # own column"), Rule.SET_NULL_ON_NOT_NULL_COLUMN,
                        "changeset " + ID + "-postgresql leaves ON DELETE SET NULL on the foreign key of NOT NULL column "
                                + "till_note_line.category_id (to category): it applies, and then deleting a category "
                                + "row that a till_note_line row refers to fails on the NOT NULL"),
                line(lineOf(file, "- addForeignKeyConstraint: # catalog before"), Rule.SET_NULL_ON_NOT_NULL_COLUMN,
                        "changeset " + ID + "-postgresql leaves ON UPDATE SET NULL on the foreign key of NOT NULL column "
                                + "till_note.category_id (to category): it applies, and then changing the key of a "
                                + "category row that a till_note row refers to fails on the NOT NULL"));
    }

    /**
     * The PostgreSQL-only changeset is judged as Liquibase reads it, as a server runs it: an action given by a
     * changelog parameter ({@code onDelete: ${...}}) is the SET NULL the parameter says, not the text {@code ${...}}.
     */
    @Test
    void aPostgresqlOnlyForeignKeyWhoseSetNullAChangelogParameterGivesIsAnErrorAsLiquibaseReadsIt() throws Exception {
        String file = "databaseChangeLog:\n"
                + "  - logicalFilePath: " + FILE + "\n"
                + "  - property: { name: on_category_deleted, value: SET NULL }\n"
                + "  - changeSet:\n"
                + "      id: " + ID + "-postgresql\n"
                + "      author: posdb\n"
                + "      dbms: postgresql\n"
                + "      labels: " + Release.label() + "\n"
                + "      changes:\n"
                + "        - createTable:\n"
                + "            tableName: till_note_line\n"
                + "            columns:\n"
                + "              - column: { name: id, type: INT, constraints: { primaryKey: true, nullable: false } }\n"
                + "              - column: { name: category_id, type: INT, constraints: { nullable: false } }\n"
                + "        - addForeignKeyConstraint:\n"
                + "            constraintName: fk_till_note_line_category\n"
                + "            baseTableName: till_note_line\n"
                + "            baseColumnNames: category_id\n"
                + "            referencedTableName: category\n"
                + "            referencedColumnNames: id\n"
                + "            onDelete: ${on_category_deleted}\n"
                + "      rollback:\n"
                + "        - dropTable: { tableName: till_note_line }\n";

        assertThat(errors(file, "parameter")).filteredOn(error -> error.contains(Rule.SET_NULL_ON_NOT_NULL_COLUMN.name()))
                .containsExactly(line(lineOf(file, "- addForeignKeyConstraint:"), Rule.SET_NULL_ON_NOT_NULL_COLUMN,
                        "changeset " + ID + "-postgresql leaves ON DELETE SET NULL on the foreign key of NOT NULL column "
                                + "till_note_line.category_id (to category): it applies, and then deleting a category "
                                + "row that a till_note_line row refers to fails on the NOT NULL"));
    }

    /**
     * A table made on both engines (till_note: category_id NOT NULL, note_category_id nullable), then a PostgreSQL-only
     * changeset that makes till_note_line (category_id NOT NULL) and adds three foreign keys with SET NULL: on its own
     * NOT NULL column, on till_note's NOT NULL one, on till_note's nullable one.
     */
    private static String tillNotesThenPostgresqlForeignKey() {
        return "databaseChangeLog:\n"
                + "  - logicalFilePath: " + FILE + "\n"
                + "  - changeSet:\n"
                + "      id: " + ID + "\n"
                + "      author: posdb\n"
                + "      labels: " + Release.label() + "\n"
                + "      changes:\n"
                + "        - createTable:\n"
                + "            tableName: till_note\n"
                + "            columns:\n"
                + "              - column: { name: id, type: INT, constraints: { primaryKey: true, nullable: false } }\n"
                + "              - column: { name: category_id, type: INT, constraints: { nullable: false } }\n"
                + "              - column: { name: note_category_id, type: INT }\n"
                + "  - changeSet:\n"
                + "      id: " + ID + "-postgresql\n"
                + "      author: posdb\n"
                + "      dbms: postgresql\n"
                + "      labels: " + Release.label() + "\n"
                + "      changes:\n"
                + "        - createTable:\n"
                + "            tableName: till_note_line\n"
                + "            columns:\n"
                + "              - column: { name: id, type: INT, constraints: { primaryKey: true, nullable: false } }\n"
                + "              - column: { name: category_id, type: INT, constraints: { nullable: false } }\n"
                + "        - addForeignKeyConstraint: # own column\n"
                + "            constraintName: fk_till_note_line_category\n"
                + "            baseTableName: till_note_line\n"
                + "            baseColumnNames: category_id\n"
                + "            referencedTableName: category\n"
                + "            referencedColumnNames: id\n"
                + "            onDelete: SET NULL\n"
                + "        - addForeignKeyConstraint: # catalog before\n"
                + "            constraintName: fk_till_note_category\n"
                + "            baseTableName: till_note\n"
                + "            baseColumnNames: category_id\n"
                + "            referencedTableName: category\n"
                + "            referencedColumnNames: id\n"
                + "            onUpdate: SET NULL\n"
                + "        - addForeignKeyConstraint: # nullable\n"
                + "            constraintName: fk_till_note_note_category\n"
                + "            baseTableName: till_note\n"
                + "            baseColumnNames: note_category_id\n"
                + "            referencedTableName: category\n"
                + "            referencedColumnNames: id\n"
                + "            onDelete: SET NULL\n"
                + "      rollback:\n"
                + "        - dropTable: { tableName: till_note_line }\n";
    }

    /** The errors lint finds in the test's file, the changelog made in a folder of its own. */
    private List<String> errors(String file, String folder) throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir.resolve(folder), BadChangelog.FILE_NAME, file);
        return BadChangelog.lint(master).errors().stream().filter(f -> f.file().equals(FILE)).map(Finding::format)
                .toList();
    }

    private static int lineOf(String file, String text) {
        List<String> lines = file.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not a line of " + file);
    }

    /**
     * The file: RowsMeetNarrowing's guard of product.category_id's NOT NULL, then the rebuild of product with this
     * category_id line (the rollback gives back 0003's), and its PostgreSQL counterpart.
     */
    private static String guardThenRebuild(String categoryId) {
        return "databaseChangeLog:\n"
                + "  - logicalFilePath: " + FILE + "\n"
                + "  - changeSet:\n"
                + "      id: " + ID + "\n"
                + "      author: posdb\n"
                + "      labels: " + Release.label() + "\n"
                + "      preConditions:\n"
                + "        - onFail: HALT\n"
                + "        - customPrecondition:\n"
                + "            className: io.posdb.migration.data.RowsMeetNarrowing\n"
                + "            params:\n"
                + "              - param: { name: tableName, value: product }\n"
                + "              - param: { name: columnName, value: category_id }\n"
                + "              - param: { name: notNull, value: \"true\" }\n"
                + "      changes:\n"
                + "        - empty: {}\n"
                + "      rollback:\n"
                + "        - empty: {}\n"
                + "  - changeSet:\n"
                + "      id: " + ID + "-sqlite\n"
                + "      author: posdb\n"
                + "      dbms: sqlite\n"
                + "      labels: " + Release.label() + "\n"
                + "      runInTransaction: false\n"
                + "      changes:\n"
                + "        - customChange:\n"
                + "            class: io.posdb.migration.sqlite.SqliteTableRebuild\n"
                + "            tableName: product\n"
                + "            createTableSql: |\n"
                + product(categoryId)
                + "            rollbackCreateTableSql: |\n"
                + product("\"category_id\" INT " + REFERENCES + " ON DELETE SET NULL")
                + "  - changeSet:\n"
                + "      id: " + ID + "-postgresql\n"
                + "      author: posdb\n"
                + "      dbms: postgresql\n"
                + "      labels: " + Release.label() + "\n"
                + "      changes:\n"
                + "        - empty: {}\n"
                + "      rollback:\n"
                + "        - empty: {}\n";
    }

    private static String product(String categoryId) {
        String indent = "              ";
        return indent + "CREATE TABLE {table} (\n"
                + indent + "    \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                + indent + "    \"sku\" VARCHAR(64) NOT NULL UNIQUE,\n"
                + indent + "    \"name\" VARCHAR(255) NOT NULL,\n"
                + indent + "    \"price\" VARCHAR(40) NOT NULL,\n"
                + indent + "    \"stock\" INT NOT NULL  DEFAULT 0,\n"
                + indent + "    \"is_active\" INT NOT NULL  DEFAULT 1,\n"
                + indent + "    \"created_at\" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,\n"
                + indent + "    " + categoryId + "\n"
                + indent + ")\n";
    }
}
