package io.posdb.migration.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import liquibase.exception.CustomChangeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rebuild on the legacy shop, through connections that enforce foreign keys (as the till's do). */
class SqliteTableRebuildTest {

    private static final String CHECKED = """
            CREATE TABLE {table} (
                "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                "username" VARCHAR(50) NOT NULL UNIQUE,
                "name" VARCHAR(100) NOT NULL,
                "pin_hash" VARCHAR(128) NOT NULL,
                "role" VARCHAR(5) NOT NULL DEFAULT 'user' CHECK ("role" IN ('admin', 'user')),
                "is_active" INT NOT NULL  DEFAULT 1,
                "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
                "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP
            )""";
    private static final String LEGACY = CHECKED
            .replace("VARCHAR(5) NOT NULL DEFAULT 'user' CHECK (\"role\" IN ('admin', 'user'))", "VARCHAR(7) NOT NULL DEFAULT 'staff'");

    @TempDir
    Path dir;

    private Path shopWithNewRoles() throws Exception {
        return LegacyDatabases.create(dir.resolve("shop.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA,
                LegacyDatabases.ROLES_ALREADY_MIGRATED);
    }

    private static SqliteTableRebuild rebuild() {
        SqliteTableRebuild change = new SqliteTableRebuild();
        change.setTableName("user");
        change.setCreateTableSql(CHECKED);
        change.setRollbackCreateTableSql(LEGACY);
        return change;
    }

    /** As Liquibase runs a runInTransaction: false changeset: autocommit on. */
    private static void execute(Path file, SqliteTableRebuild change, boolean rollback) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            var database = ChangelogSteps.wrap(connection);
            database.setAutoCommit(true); // what Liquibase does for a runInTransaction: false changeset
            if (rollback) {
                change.rollback(database);
            } else {
                change.execute(database);
            }
        }
    }

    @Test
    void naiveRebuildWithForeignKeysOnDeletesTheSales() throws Exception {
        // Why the procedure exists: create, copy, drop, rename "works" and cascades sales away.
        Path file = shopWithNewRoles();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(CHECKED.replace("{table}", "user_new"));
            statement.execute("INSERT INTO user_new SELECT * FROM \"user\"");
            statement.execute("DROP TABLE \"user\"");
            statement.execute("ALTER TABLE user_new RENAME TO \"user\"");
        }
        assertThat(count(file, "sale")).isZero();
        assertThat(count(file, "saleitem")).isZero();
    }

    @Test
    void rebuildAddsTheConstraintAndKeepsEveryRowWithForeignKeysOn() throws Exception {
        Path file = shopWithNewRoles();
        Map<String, List<String>> before = DatabaseContents.businessRows(file);

        execute(file, rebuild(), false);

        assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            assertThat(pragma(statement, "foreign_keys")).as("foreign keys back on").isEqualTo("1");
            assertThat(connection.getAutoCommit()).isTrue();
            assertThatThrownBy(() -> statement.execute("INSERT INTO \"user\" (username, name, pin_hash, role) "
                    + "VALUES ('x', 'X', 'h', 'staff')")).isInstanceOf(SQLException.class).hasMessageContaining("CHECK");
            statement.execute("INSERT INTO \"user\" (username, name, pin_hash) VALUES ('y', 'Y', 'h')");
            assertThat(string(statement, "SELECT role FROM \"user\" WHERE username = 'y'")).isEqualTo("user");
            assertThatThrownBy(() -> statement.execute("INSERT INTO \"user\" (username, name, pin_hash) "
                    + "VALUES ('y', 'Y2', 'h')")).hasMessageContaining("UNIQUE");
            assertThat(string(statement, "SELECT \"table\" FROM pragma_foreign_key_list('sale')")).isEqualTo("user");
        }
    }

    @Test
    void keepsTheAutoincrementCounterSoDeletedIdsAreNotReused() throws Exception {
        Path file = shopWithNewRoles();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (9, 'gone', 'G', 'h', 'user')");
            statement.execute("DELETE FROM \"user\" WHERE id = 9");
        }

        execute(file, rebuild(), false);

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            assertThat(string(statement, "SELECT seq FROM sqlite_sequence WHERE name = 'user'")).isEqualTo("9");
        }
    }

    @Test
    void rollbackRestoresTheLegacyDefinitionWithTheDataIntact() throws Exception {
        Path file = shopWithNewRoles();
        Map<String, List<String>> before = DatabaseContents.businessRows(file);
        execute(file, rebuild(), false);

        execute(file, rebuild(), true);

        assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"user\" (username, name, pin_hash) VALUES ('z', 'Z', 'h')");
            assertThat(string(statement, "SELECT role FROM \"user\" WHERE username = 'z'")).isEqualTo("staff");
        }
    }

    @Nested
    class FailurePaths {

        @Test
        void rowsThatViolateTheNewDefinitionLeaveEverythingAsItWas() throws Exception {
            Path file = LegacyDatabases.shop(dir.resolve("legacy.db")); // roles still primary/staff
            Map<String, List<String>> before = DatabaseContents.businessRows(file);
            String schemaBefore = DatabaseContents.schema(file).toString();

            assertThatThrownBy(() -> execute(file, rebuild(), false))
                    .isInstanceOf(CustomChangeException.class)
                    .hasMessageContaining("Rebuilding table user failed")
                    .hasMessageContaining("CHECK");

            assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
            assertThat(DatabaseContents.schema(file).toString()).isEqualTo(schemaBefore);
        }

        @Test
        void refusesToRunInsideATransaction() throws Exception {
            Path file = shopWithNewRoles();
            try (Connection connection = LegacyDatabases.open(file)) {
                var database = ChangelogSteps.wrap(connection);
                database.setAutoCommit(false);
                assertThatThrownBy(() -> rebuild().execute(database))
                        .hasMessageContaining("runInTransaction: false");
            }
        }

        @Test
        void rejectsBadParameters() {
            SqliteTableRebuild change = rebuild();
            change.setTableName("user; DROP TABLE sale");
            change.setCreateTableSql("DROP TABLE sale");

            assertThat(change.validate(null).getErrorMessages()).containsExactly(
                    "tableName 'user; DROP TABLE sale' is not a plain identifier",
                    "createTableSql must start with 'CREATE TABLE {table}'");
        }
    }

    private static long count(Path file, String table) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            return Long.parseLong(string(statement, "SELECT COUNT(*) FROM \"" + table + "\""));
        }
    }

    private static String pragma(Statement statement, String pragma) throws SQLException {
        return string(statement, "PRAGMA " + pragma);
    }

    private static String string(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
