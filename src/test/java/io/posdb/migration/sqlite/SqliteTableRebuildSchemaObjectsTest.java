package io.posdb.migration.sqlite;

import static io.posdb.migration.sqlite.Rebuilds.assertConnectionRestored;
import static io.posdb.migration.sqlite.Rebuilds.query;
import static io.posdb.migration.sqlite.Rebuilds.roleConstraint;
import static io.posdb.migration.sqlite.Rebuilds.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import liquibase.exception.CustomChangeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What else lives in the schema around the rebuilt table: its own indexes and triggers
 * (dropped with it, so recreated), views and other tables' triggers that name it (left in
 * place, and they must still work), and a foreign key of the table to itself.
 */
class SqliteTableRebuildSchemaObjectsTest {

    private static final String[] AROUND_USER = {
        "CREATE INDEX \"idx_user_name\" ON \"user\" (\"name\")",
        "CREATE TRIGGER \"user_touch\" AFTER UPDATE OF \"name\" ON \"user\" "
                + "BEGIN UPDATE \"user\" SET \"updated_at\" = '2030-01-01 00:00:00' WHERE \"id\" = NEW.\"id\"; END",
        "CREATE VIEW \"sales_by_cashier\" AS SELECT u.\"username\", COUNT(s.\"id\") AS sales "
                + "FROM \"user\" u LEFT JOIN \"sale\" s ON s.\"cashier_id\" = u.\"id\" GROUP BY u.\"id\"",
        "CREATE TRIGGER \"sale_needs_active_cashier\" BEFORE INSERT ON \"sale\" "
                + "WHEN (SELECT \"is_active\" FROM \"user\" WHERE \"id\" = NEW.\"cashier_id\") = 0 "
                + "BEGIN SELECT RAISE(ABORT, 'inactive cashier'); END",
    };

    @TempDir
    Path dir;

    private Path shopWithObjectsAroundUser() throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("shop.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA,
                LegacyDatabases.ROLES_ALREADY_MIGRATED);
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, AROUND_USER);
        }
        return file;
    }

    @Test
    void keepsIndexesTriggersAndViewsAndTheyStillWork() throws Exception {
        Path file = shopWithObjectsAroundUser();
        Map<String, String> before = DatabaseContents.schema(file);
        String sales = "SELECT group_concat(username || '=' || sales) FROM sales_by_cashier";
        String salesBefore;
        try (Connection connection = LegacyDatabases.open(file)) {
            salesBefore = query(connection, sales);

            Rebuilds.execute(connection, roleConstraint());

            assertThat(query(connection, sales)).isEqualTo(salesBefore);
            run(connection, "UPDATE \"user\" SET \"name\" = 'Anna K.' WHERE \"id\" = 2");
            assertThat(query(connection, "SELECT updated_at FROM \"user\" WHERE id = 2")).isEqualTo("2030-01-01 00:00:00");
            assertThatThrownBy(() -> run(connection, "INSERT INTO sale (receipt_no, total, payment_method, cashier_id) "
                    + "VALUES ('R-X', '1.00', 'cash', 3)")).hasMessageContaining("inactive cashier");
        }
        Map<String, String> after = DatabaseContents.schema(file);
        for (String name : new String[] {"index idx_user_name", "trigger user_touch", "view sales_by_cashier",
                "trigger sale_needs_active_cashier", "table sale"}) {
            assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
        }
    }

    @Test
    void aSelfReferenceWrittenAsThePlaceholderPointsToTheTableAfterTheRename() throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("tree.db"));
        SqliteTableRebuild change = new SqliteTableRebuild();
        change.setTableName("node");
        change.setCreateTableSql("CREATE TABLE {table} (\"id\" INTEGER PRIMARY KEY, \"label\" TEXT NOT NULL CHECK (\"label\" <> ''), "
                + "\"parent_id\" INTEGER REFERENCES {table} (\"id\") ON DELETE CASCADE)");
        change.setRollbackCreateTableSql("CREATE TABLE {table} (\"id\" INTEGER PRIMARY KEY, \"label\" TEXT NOT NULL, "
                + "\"parent_id\" INTEGER REFERENCES {table} (\"id\") ON DELETE CASCADE)");
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, "CREATE TABLE node (id INTEGER PRIMARY KEY, label TEXT NOT NULL, "
                    + "parent_id INTEGER REFERENCES node (id) ON DELETE CASCADE)",
                    "INSERT INTO node VALUES (1, 'root', NULL), (2, 'leaf', 1)");

            Rebuilds.execute(connection, change);

            assertConnectionRestored(connection);
            assertThat(query(connection, "SELECT \"table\" FROM pragma_foreign_key_list('node')")).isEqualTo("node");
            assertThat(query(connection, "SELECT COUNT(*) FROM node")).isEqualTo("2");
        }
    }

    @Test
    void aHandMadeViewThatAlreadyFailedBeforeTheRebuildDoesNotStopIt() throws Exception {
        // Made by hand over a table dropped since: SQLite keeps the view and reads the file.
        Path file = shopWithObjectsAroundUser();
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, "CREATE TABLE promo (code TEXT)", "CREATE VIEW promo_codes AS SELECT code FROM promo",
                    "DROP TABLE promo");

            Rebuilds.execute(connection, roleConstraint());

            assertConnectionRestored(connection);
            assertThat(query(connection, "SELECT sql FROM sqlite_master WHERE name = 'user'")).contains("CHECK");
            assertThat(query(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' AND name = 'promo_codes'"))
                    .as("the view is left as it was").isEqualTo("1");
        }
    }

    @Nested
    class FailurePaths {

        @Test
        void aViewThatNoLongerWorksStopsTheRebuildAndIsNamed() throws Exception {
            Path file = shopWithObjectsAroundUser();
            SqliteTableRebuild change = roleConstraint();
            // The previous definition has nickname, the new one lacks it, and a view reads it (it holds no
            // value, so it may go).
            change.setRollbackCreateTableSql(Rebuilds.CHECKED.substring(0, Rebuilds.CHECKED.lastIndexOf(')'))
                    + ",\n    nickname VARCHAR(20)\n)");
            try (Connection connection = LegacyDatabases.open(file)) {
                run(connection, "ALTER TABLE \"user\" ADD COLUMN nickname VARCHAR(20)",
                        "CREATE VIEW user_pins AS SELECT username, nickname FROM \"user\"");
                Map<String, String> before = DatabaseContents.schema(file);

                assertThatThrownBy(() -> Rebuilds.execute(connection, change))
                        .isInstanceOf(CustomChangeException.class)
                        .hasMessageContaining("Rebuilding table user failed, nothing was changed: view user_pins no longer works");
                assertConnectionRestored(connection);
                assertThat(DatabaseContents.schema(file)).isEqualTo(before);
            }
        }
    }
}
