package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.DataChanges;
import io.posdb.changelog.LiquibaseScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a changeset changes data has one answer: lint (which asks a data change for a MARK_RAN
 * precondition, reading the YAML) and the account a till records and judges compatibility by
 * ({@link DataChanges#changesData}, reading Liquibase's parsed changeset) agree on every kind of change,
 * and both are right.
 */
class DataChangeAccountTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            an UPDATE                          | true  | - sql: { sql: UPDATE product SET stock = 0 WHERE stock < 0 }
            an UPDATE after a WITH clause      | true  | - sql: { sql: "WITH neg AS (SELECT id FROM product WHERE stock < 0) UPDATE product SET stock = 0 WHERE id IN (SELECT id FROM neg)" }
            a SELECT after a WITH clause       | false | - sql: { sql: "WITH n AS (SELECT 1 AS one) SELECT one FROM n" }
            SQLite's INSERT OR REPLACE         | true  | - sql: { sql: "INSERT OR REPLACE INTO category (name) VALUES ('tea')" }
            PostgreSQL's TRUNCATE              | true  | - sql: { sql: TRUNCATE TABLE archived_notes }
            a DELETE inside a string           | false | - sql: { sql: "CREATE VIEW v_note AS SELECT 'DELETE FROM sale' AS note" }
            a commented UPDATE                 | false | - sql: { sql: "-- UPDATE product SET stock = 0\\nCREATE INDEX ix_product_stock ON product (stock)" }
            a DELETE inside a trigger's body   | false | - sql: { splitStatements: false, sql: "CREATE TRIGGER keep_sales BEFORE DELETE ON sale BEGIN SELECT RAISE(ABORT, 'sales are kept'); DELETE FROM sale WHERE 0; END" }
            an insert change                   | true  | - insert: { tableName: category, columns: [ { column: { name: name, value: tea } } ] }
            a createIndex change               | false | - createIndex: { tableName: product, indexName: ix_product_name, columns: [ { column: { name: name } } ] }
            posdb's table rebuild              | false | - customChange: { class: io.posdb.migration.sqlite.SqliteTableRebuild, tableName: category, createTableSql: "CREATE TABLE {table} (\\"id\\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \\"name\\" VARCHAR(100))" }
            the role remap                     | true  | - customChange: { class: io.posdb.migration.role.RemapLegacyUserRoles, changeSetId: x, tableName: user, idColumn: id, roleColumn: role, labelColumn: name, mapping: "primary=admin", fallback: user }
            an sqlFile creating an index       | false | - sqlFile: { path: index.sql, relativeToChangelogFile: true }
            an sqlFile with an UPDATE          | true  | - sqlFile: { path: update.sql, relativeToChangelogFile: true }
            """)
    void lintAndTheRecordedAccountAgreeOnWhetherAChangeWritesRows(String kind, boolean writesRows, String change)
            throws Exception {
        // An sqlFile is judged by the SQL in its file, as the same SQL in a sql change is.
        Files.writeString(dir.resolve("index.sql"), "CREATE INDEX IF NOT EXISTS ix ON sale (created_at);\n");
        Files.writeString(dir.resolve("update.sql"), "UPDATE product SET stock = 0 WHERE stock < 0;\n");
        Path file = dir.resolve(BadChangelog.FILE_NAME);
        Files.writeString(file, BadChangelog.file(BadChangelog.ID, Release.label(), "        " + change,
                "      rollback:\n        - empty: {}\n"));
        ReadByLiquibase read = readByLiquibase(file);

        assertThat(lintAsksForAMarkRanPrecondition(file, read.changes())).as("lint").isEqualTo(writesRows);
        assertThat(read.changesData()).as("the recorded account").isEqualTo(writesRows);
    }

    private static boolean lintAsksForAMarkRanPrecondition(Path file, LiquibaseChanges read) throws Exception {
        List<Finding> findings = new ArrayList<>();
        Changelog changelog = Changelog.read(file);
        new IdempotenceRules().check(changelog.changeSets().get(0),
                new LintContext(changelog, null, null, Map.of(), read), findings);
        return findings.stream().anyMatch(finding -> finding.rule() == Rule.DATA_CHANGE_NOT_IDEMPOTENT);
    }

    /** Liquibase's reading of the changes, and the account a till records of the changeset. */
    private record ReadByLiquibase(LiquibaseChanges changes, boolean changesData) {
    }

    /** Both inside the scope that read the changelog, as lint and a till ask them: an sqlFile is read through it. */
    private static ReadByLiquibase readByLiquibase(Path file) throws Exception {
        String name = file.getFileName().toString();
        return LiquibaseScope.run(ChangelogSource.file(file), () -> {
            ResourceAccessor resources = Scope.getCurrentScope().getResourceAccessor();
            DatabaseChangeLog parsed = ChangeLogParserFactory.getInstance().getParser(name, resources)
                    .parse(name, new ChangeLogParameters(), resources);
            ChangeSet changeSet = parsed.getChangeSets().get(0);
            return new ReadByLiquibase(LiquibaseChanges.of(parsed), DataChanges.changesData(changeSet));
        });
    }
}
