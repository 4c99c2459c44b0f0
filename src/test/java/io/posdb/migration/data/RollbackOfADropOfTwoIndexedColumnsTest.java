package io.posdb.migration.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.schema.SchemaCatalog;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rollback of a table rebuild that dropped two columns sharing an index ({@code dropColumns: aisle, bay}, as
 * docs/writing-migrations.md describes): the drop recorded the index for each column (ColumnArchive's definitions
 * row), and the rollback brings the columns back one {@code RestoreArchivedColumn} at a time. Before, the first
 * restore made the index while the other column was still missing, and the rollback failed ("no such column").
 */
@ExtendWith(QuietLogs.class)
class RollbackOfADropOfTwoIndexedColumnsTest {

    private static final String PLACES = "SELECT id || ':' || coalesce(aisle, 'NULL') || ':' || coalesce(bay, 'NULL') "
            + "FROM test_shelf ORDER BY id";
    private static final String INDEX = "SELECT sql FROM sqlite_master WHERE type = 'index' "
            + "AND name = 'ix_test_shelf_place'";

    private static final String FILE = Changelogs.nextNumber() + "-test-shelf.yaml";
    private static final String DROP = Changelogs.nextNumber() + "-drop-test-shelf-place";

    /** The table, its place (aisle, bay) indexed together. */
    private static final String CREATE = """
            databaseChangeLog:
              - changeSet:
                  id: %1$s-test-shelf
                  author: test
                  labels: %2$s
                  changes:
                    - sql:
                        sql: CREATE TABLE test_shelf (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL, aisle INTEGER, bay INTEGER)
                    - sql:
                        sql: CREATE INDEX ix_test_shelf_place ON test_shelf (aisle, bay)
                  rollback:
                    - sql:
                        sql: DROP TABLE test_shelf
            """.formatted(Changelogs.nextNumber(), Release.label());

    /** Then both columns dropped in one rebuild, their values archived; the rollback restores each, then the table. */
    private static final String CREATE_AND_DROP = CREATE + """
              - changeSet:
                  id: %1$s
                  author: test
                  labels: %2$s
                  runInTransaction: false
                  changes:
                    - customChange:
                        class: io.posdb.migration.sqlite.SqliteTableRebuild
                        tableName: test_shelf
                        dropColumns: aisle, bay
                        createTableSql: CREATE TABLE {table} (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL)
                        rollbackCreateTableSql: CREATE TABLE {table} (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL, aisle INTEGER, bay INTEGER)
                  rollback:
                    - customChange:
                        class: io.posdb.migration.data.RestoreArchivedColumn
                        tableName: test_shelf
                        columnName: aisle
                        columnType: INTEGER
                        archivedBy: %1$s
                    - customChange:
                        class: io.posdb.migration.data.RestoreArchivedColumn
                        tableName: test_shelf
                        columnName: bay
                        columnType: INTEGER
                        archivedBy: %1$s
                    - customChange:
                        class: io.posdb.migration.sqlite.SqliteTableRebuild
                        tableName: test_shelf
                        createTableSql: CREATE TABLE {table} (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL, aisle INTEGER, bay INTEGER)
                        rollbackCreateTableSql: CREATE TABLE {table} (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL)
            """.formatted(DROP, Release.label());

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theRollbackPutsBackBothColumnsWithTheirValuesAndTheirIndexOnce(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(
                Changelogs.withExtraChangeSet(dir.resolve("before"), FILE, CREATE))).build());
        execute(file, "INSERT INTO test_shelf (id, label, aisle, bay) VALUES (1, 'glass', 1, 2), (2, 'cups', 1, 3), "
                + "(3, 'plates', NULL, NULL)");
        List<String> places = values(file, PLACES);
        List<String> index = values(file, INDEX);
        SchemaCatalog before;
        try (Connection connection = LegacyDatabases.open(file)) {
            before = SchemaCatalog.read(connection);
        }
        PosDatabaseSettings dropped = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(
                Changelogs.withExtraChangeSet(dir.resolve("dropped"), FILE, CREATE_AND_DROP))).build();
        PosDatabase.upgrade(dropped);
        assertThat(values(file, INDEX)).as("the drop took the index with the columns").isEmpty();

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.rollbackCount(dropped, 1);

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly(DROP);
        assertThat(values(file, PLACES)).as("each row's aisle and bay").isEqualTo(places);
        assertThat(values(file, INDEX)).as("the index, made again once").hasSize(1).isEqualTo(index);
        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(before.differencesFrom(SchemaCatalog.read(connection))).as("the schema before the drop").isEmpty();
        }
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> values(Path file, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
