package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
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
 * The archive of a dropped column and its restore name a row by the same key ({@code ColumnArchive.keyColumn}), on a
 * table whose id is not SQLite's rowid (a TEXT primary key): {@code posdb downgrade} of a newer release's drop gives
 * each row its own value back. Before, the rebuild archived by rowid and the downgrade restored by id, which matched
 * no row: every value came back NULL.
 */
@ExtendWith(QuietLogs.class)
class DowngradeFindsArchivedValuesByTheTablesKeyTest {

    private static final String NOTES = "SELECT id || ':' || coalesce(note, 'NULL') FROM test_bin ORDER BY id";

    /** The older release: the project's changelog and a table keyed by a TEXT id. */
    private static final String OLDER = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-test-bin
                  author: test
                  changes:
                    - sql:
                        sql: CREATE TABLE test_bin (id TEXT PRIMARY KEY, label VARCHAR(20) NOT NULL, note VARCHAR(20))
            """;

    /** The newer release drops the note, archiving its values. */
    private static final String NEWER = OLDER + """
              - changeSet:
                  id: 0101-drop-test-bin-note
                  author: test
                  runInTransaction: false
                  changes:
                    - customChange:
                        class: io.posdb.migration.sqlite.SqliteTableRebuild
                        tableName: test_bin
                        dropColumns: note
                        createTableSql: CREATE TABLE {table} (id TEXT PRIMARY KEY, label VARCHAR(20) NOT NULL)
                        rollbackCreateTableSql: CREATE TABLE {table} (id TEXT PRIMARY KEY, label VARCHAR(20) NOT NULL, note VARCHAR(20))
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void eachRowOfATableKeyedByATextIdGetsItsOwnArchivedValueBack(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings older = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(
                Changelogs.withExtraChangeSet(dir.resolve("older"), "0100-test-bin.yaml", OLDER))).build();
        PosDatabase.upgrade(older);
        // Inserted out of key order: rowid and id do not agree.
        execute(file, "INSERT INTO test_bin (id, label, note) VALUES ('B', 'bolts', 'b-note'), ('A', 'anchors', "
                + "'a-note'), ('C', 'cables', NULL)");
        List<String> atTheDrop = values(file, NOTES);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(
                Changelogs.withExtraChangeSet(dir.resolve("newer"), "0100-test-bin.yaml", NEWER))).build());

        PosDatabaseMaintenance.downgrade(older);

        assertThat(values(file, NOTES)).as("each row its own value, by its id").isEqualTo(atTheDrop)
                .containsExactly("A:a-note", "B:b-note", "C:NULL");
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
