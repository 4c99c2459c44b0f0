package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A changeset whose change wrote rows without auditing them is one {@code posdb downgrade} refuses to go back past (a
 * till records it as {@code unauditedRowsChanged}): lint warns of it ahead of time, DATA_CHANGE_NOT_DOWNGRADABLE, at
 * the change's line, from what the change did on its scratch database. Lint's warning and a till's record agree on
 * every kind of change: the same changelog is applied to a real legacy shop file, and its record read back.
 */
@ExtendWith(QuietLogs.class)
class DataChangeNotDowngradableLintTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            an update change                  | true  | - update: { tableName: product, columns: [ { column: { name: stock, valueNumeric: -4242 } } ] }
            an insert change                  | true  | - insert: { tableName: category, columns: [ { column: { name: name, value: tea } } ] }
            an sql UPDATE                     | true  | - sql: { sql: "UPDATE product SET stock = -4242" }
            an update keeping every value     | true  | - update: { tableName: product, columns: [ { column: { name: stock, valueComputed: stock } } ] }
            an sql UPDATE keeping every value | true  | - sql: { sql: "UPDATE product SET stock = stock" }
            an sql UPDATE matching no row     | false | - sql: { sql: "UPDATE product SET stock = 0 WHERE 0 = 1" }
            an audited value change           | false | - customChange: { class: io.posdb.migration.role.RemapLegacyUserRoles, changeSetId: {id}, tableName: user, idColumn: id, roleColumn: role, labelColumn: name, mapping: "primary=admin,staff=user", fallback: user }
            an sql INSERT into its new table  | false | - sql: { sql: "CREATE TABLE product_stock (product_id INTEGER PRIMARY KEY, quantity INT); INSERT INTO product_stock (product_id, quantity) SELECT id, stock FROM product" }
            an sql INSERT into an old table   | true  | - sql: { sql: "CREATE TABLE product_stock (product_id INTEGER PRIMARY KEY, quantity INT); INSERT INTO category (name) VALUES ('tea')" }
            a createIndex change              | false | - createIndex: { tableName: product, indexName: ix_product_name, columns: [ { column: { name: name } } ] }
            """)
    void lintWarnsExactlyWhenATillRecordsTheChangeSetAsChangingRowsUnaudited(String kind, boolean unaudited,
            String change) throws Exception {
        // An audited change writes its audit rows under its changeset's id, which it is given.
        Path master = BadChangelog.with(Files.createDirectories(dir.resolve("changelog")), "        "
                        + change.replace("{id}", BadChangelog.ID),
                "      rollback:\n        - empty: {}\n");

        List<Finding> warned = BadChangelog.lint(master).findings().stream()
                .filter(f -> f.rule() == Rule.DATA_CHANGE_NOT_DOWNGRADABLE).toList();

        assertThat(warned).as("lint's warnings").hasSize(unaudited ? 1 : 0);
        if (unaudited) {
            assertThat(warned.get(0).format()).as("a warning at the change's line, naming the changeset")
                    .startsWith(BadChangelog.FILE + ":8: DATA_CHANGE_NOT_DOWNGRADABLE warning: changeset "
                            + BadChangelog.ID + "'s ")
                    .contains("unauditedRowsChanged", "posdb downgrade refuses to go back past it");
        }
        assertThat(recordedUndo(master, BadChangelog.ID)).as("what a till records of the changeset")
                .satisfies(undo -> assertThat(undo.contains("unauditedRowsChanged")).isEqualTo(unaudited));
    }

    /** A warning fails nothing: the project's changelog (its released changesets) lints clean, without one. */
    @Test
    void theProjectsChangelogHasNoDataChangeADowngradeRefuses() throws Exception {
        assertThat(Rule.DATA_CHANGE_NOT_DOWNGRADABLE.severity()).isEqualTo(Severity.WARNING);
        LintReport report = BadChangelog.lint(Changelogs.copyOfProjectChangelog(dir.resolve("project")));
        assertThat(report.findings()).noneMatch(f -> f.rule() == Rule.DATA_CHANGE_NOT_DOWNGRADABLE);
        assertThat(report.clean()).as(String.join("\n", report.lines())).isTrue();
    }

    /** The undo a till records for changeset {@code id} when it applies {@code master} to a legacy shop file. */
    private String recordedUndo(Path master, String id) throws Exception {
        Path shop = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("pos.db"), JournalMode.WAL);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(shop).changelog(ChangelogSource.file(master)).build());
        try (Connection connection = LegacyDatabases.open(shop);
             PreparedStatement query = connection.prepareStatement("SELECT undo FROM posdb_changeset WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("changeset " + id + " recorded").isTrue();
                return rs.getString(1);
            }
        }
    }
}
