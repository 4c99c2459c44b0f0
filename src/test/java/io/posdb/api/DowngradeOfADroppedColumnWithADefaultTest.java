package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.AppliedChangeSet;
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
 * {@code posdb downgrade} of a newer release's drop of a nullable column with a default (a table rebuild naming it in
 * {@code dropColumns}, which archives its values through {@code ColumnArchive}): each row gets back what it held, NULL
 * included, and only a row added after the drop takes the default. Before, the archive kept the non-NULL values only,
 * so a row that held NULL could not be told from a row added since, and got the default.
 */
@ExtendWith(QuietLogs.class)
class DowngradeOfADroppedColumnWithADefaultTest {

    private static final String NOTES = "SELECT id || ':' || coalesce(note, 'NULL') FROM test_shelf ORDER BY id";

    /** The older release: the project's changelog and a table whose note is nullable with a default. */
    private static final String OLDER = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-test-shelf
                  author: test
                  changes:
                    - sql:
                        sql: CREATE TABLE test_shelf (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL, note VARCHAR(20) DEFAULT 'none')
            """;

    /** The newer release drops the note, archiving its values. */
    private static final String NEWER = OLDER + """
              - changeSet:
                  id: 0101-drop-test-shelf-note
                  author: test
                  runInTransaction: false
                  changes:
                    - customChange:
                        class: io.posdb.migration.sqlite.SqliteTableRebuild
                        tableName: test_shelf
                        dropColumns: note
                        createTableSql: CREATE TABLE {table} (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL)
                        rollbackCreateTableSql: CREATE TABLE {table} (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL, note VARCHAR(20) DEFAULT 'none')
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void rowsThatHeldNullGetNullBackAndOnlyRowsAddedSinceTheDropTakeTheDefault(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings older = PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(
                Changelogs.withExtraChangeSet(dir.resolve("older"), "0100-test-shelf.yaml", OLDER))).build();
        PosDatabase.upgrade(older);
        execute(file, "INSERT INTO test_shelf (id, label, note) VALUES (1, 'glass', 'fragile'), (2, 'cups', NULL), "
                + "(3, 'plates', 'none')");
        execute(file, "INSERT INTO test_shelf (id, label) VALUES (4, 'bowls')");
        List<String> atTheDrop = values(file, NOTES);
        assertThat(atTheDrop).as("a value, a NULL, the default's value written, the default")
                .containsExactly("1:fragile", "2:NULL", "3:none", "4:none");
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(
                Changelogs.withExtraChangeSet(dir.resolve("newer"), "0100-test-shelf.yaml", NEWER))).build());
        execute(file, "INSERT INTO test_shelf (id, label) VALUES (5, 'added since the drop')");

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(older);

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("0101-drop-test-shelf-note");
        List<String> expected = new ArrayList<>(atTheDrop);
        expected.add("5:none");
        assertThat(values(file, NOTES)).as("each row what it held, NULL included; the row added since the default")
                .isEqualTo(expected);
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
