package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.PostgresDatabase;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code posdb downgrade} by this release of a newer release's rename of a column (Liquibase's {@code renameColumn},
 * or the {@code ALTER TABLE … RENAME COLUMN} docs/writing-migrations.md shows): the column gets its old name back with
 * every value it holds, those of rows the newer release added included, and the command says so. Before, the undo
 * recorded for it was the table's previous definition, which saw one column removed and another added: the values
 * were archived under the new name and the old column came back empty.
 */
@ExtendWith(QuietLogs.class)
class DowngradeOfARenamedColumnTest {

    private static final String BY_NEW_NAME = "SELECT id || ':' || title FROM product ORDER BY id";
    private static final String BY_OLD_NAME = "SELECT id || ':' || name FROM product ORDER BY id";

    /** The two ways a changeset renames a column, each as 2.1's changeset renaming product.name to title. */
    private static final String RENAME_COLUMN_CHANGE = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-rename-product-name
                  author: test
                  labels: {newer}
                  changes:
                    - renameColumn:
                        tableName: product
                        oldColumnName: name
                        newColumnName: title
            """;
    private static final String RENAME_COLUMN_SQL = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-rename-product-name
                  author: test
                  labels: {newer}
                  changes:
                    - sql:
                        sql: ALTER TABLE product RENAME COLUMN name TO title
            """;
    /** A rename beside another change to the table, which the undo puts back by rebuilding it. */
    private static final String RENAME_BESIDE_AN_ADDED_COLUMN = RENAME_COLUMN_SQL + """
                    - sql:
                        sql: ALTER TABLE product ADD COLUMN test_note VARCHAR(20)
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> journalModesAndRenames() {
        return Stream.of(JournalMode.values()).flatMap(mode -> Stream.of(Arguments.of(mode, RENAME_COLUMN_CHANGE),
                Arguments.of(mode, RENAME_COLUMN_SQL), Arguments.of(mode, RENAME_BESIDE_AN_ADDED_COLUMN)));
    }

    @ParameterizedTest
    @MethodSource("journalModesAndRenames")
    void aDowngradeGivesARenamedColumnItsOldNameBackWithEveryValueItHoldsAndSaysSo(JournalMode mode, String rename)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        Path master = NewerRelease.changelog(dir.resolve("changelog-2.1"), rename);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build());
        execute(file, "INSERT INTO product (sku, title, price) VALUES ('AFTER-RENAME', 'Sold by 2.1', '1.00')");
        List<String> titles = values(file, BY_NEW_NAME);
        assertThat(titles).as("the shop's products and the one 2.1 added").hasSizeGreaterThan(1);

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(values(file, BY_OLD_NAME)).as("every value under the old name, the row added since included")
                .isEqualTo(titles);
        assertThat(values(file, "SELECT COUNT(*) FROM pragma_table_info('product') WHERE name = 'title'"))
                .as("the new name gone").containsExactly("0");
        assertThat(values(file, "SELECT COUNT(*) FROM data_migration_audit WHERE note LIKE 'archived:%'"))
                .as("nothing archived: no value was dropped").containsExactly("0");
        assertThat(downgrade.stdout()).contains("0100-rename-product-name: " + titles.size() + " renamed back "
                + "(product.title->product.name " + titles.size() + ")");
        try (PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
            assertThat(db.applied()).as("nothing pending for this release").isEmpty();
        }
    }

    /**
     * On PostgreSQL too the rename is undone by renaming the column back, in the downgrade's one transaction; before,
     * the server kept no previous definition of the table and the downgrade refused it.
     */
    @Tag("postgres")
    @Test
    void onPostgresqlADowngradeGivesARenamedColumnItsOldNameBackWithEveryValue() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
            PosDatabase.upgrade(settings);
            try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO product (sku, name, price) VALUES ('BEFORE-RENAME', 'Tea', '2.50')");
            }
            Path master = NewerRelease.changelog(dir.resolve("changelog-2.1"), RENAME_COLUMN_CHANGE);
            PosDatabase.upgrade(PosDatabaseSettings.of(database).changelog(ChangelogSource.file(master)).build());
            List<String> titles;
            try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO product (sku, title, price) VALUES ('AFTER-RENAME', 'Coffee', '3')");
                titles = values(connection, "SELECT sku || ':' || title FROM product ORDER BY id");
            }

            assertThat(PosDatabaseMaintenance.downgrade(settings)).singleElement()
                    .satisfies(undone -> assertThat(undone.id()).isEqualTo("0100-rename-product-name"));

            try (Connection connection = database.open()) {
                assertThat(values(connection, "SELECT sku || ':' || name FROM product ORDER BY id")).isEqualTo(titles);
            }
        } finally {
            PostgresServer.drop(database);
        }
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> values(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            return values(connection, sql);
        }
    }

    private static List<String> values(Connection connection, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
