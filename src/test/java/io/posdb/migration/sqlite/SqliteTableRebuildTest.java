package io.posdb.migration.sqlite;

import static io.posdb.migration.sqlite.Rebuilds.CHECKED;
import static io.posdb.migration.sqlite.Rebuilds.assertConnectionRestored;
import static io.posdb.migration.sqlite.Rebuilds.query;
import static io.posdb.migration.sqlite.Rebuilds.roleConstraint;
import static io.posdb.migration.sqlite.Rebuilds.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.migration.ScratchDatabase;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role constraint rebuild on the legacy shop, through connections that enforce foreign keys (as the till's do). */
class SqliteTableRebuildTest {

    @TempDir
    Path dir;

    private Path shopWithNewRoles() throws Exception {
        return LegacyDatabases.create(dir.resolve("shop.db"), LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA,
                LegacyDatabases.ROLES_ALREADY_MIGRATED);
    }

    @Test
    void naiveRebuildWithForeignKeysOnDeletesSales() throws Exception {
        // Why the procedure exists: create, copy, drop, rename "works" and cascades the sales away.
        Path file = shopWithNewRoles();
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, CHECKED.replace("{table}", "user_new"), "INSERT INTO user_new SELECT * FROM \"user\"",
                    "DROP TABLE \"user\"", "ALTER TABLE user_new RENAME TO \"user\"");

            assertThat(query(connection, "SELECT COUNT(*) FROM \"user\"")).isEqualTo("3");
            assertThat(query(connection, "SELECT COUNT(*) FROM sale")).isEqualTo("0");
            assertThat(query(connection, "SELECT COUNT(*) FROM saleitem")).isEqualTo("0");
        }
    }

    @Test
    void addsTheRoleConstraintAndKeepsEveryRowWithForeignKeysOn() throws Exception {
        Path file = shopWithNewRoles();
        Map<String, List<String>> before = DatabaseContents.businessRows(file);
        SqliteTableRebuild change = roleConstraint();

        try (Connection connection = LegacyDatabases.open(file)) {
            String sequence = query(connection, "SELECT seq FROM sqlite_sequence WHERE name = 'user'");
            Rebuilds.execute(connection, change);

            assertConnectionRestored(connection);
            assertThat(query(connection, "SELECT seq FROM sqlite_sequence WHERE name = 'user'")).isEqualTo(sequence);
            assertThat(query(connection, "SELECT \"table\" FROM pragma_foreign_key_list('sale')")).isEqualTo("user");
            assertThat(query(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'posdb_rebuild%'")).isEqualTo("0");
        }
        assertThat(change.getConfirmationMessage()).isEqualTo("table user rebuilt: 3 rows");
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
    }

    @Test
    void aRebuildOfAScratchDatabaseConfirmsNoRowCountThatWouldReadAsAShopsTableEmptied() throws Exception {
        Path file = shopWithNewRoles();
        SqliteTableRebuild change = roleConstraint();

        try (Connection connection = LegacyDatabases.open(file)) {
            liquibase.Scope.child(ScratchDatabase.SCOPE_VALUE, true, () -> Rebuilds.execute(connection, change));
        }
        assertThat(change.getConfirmationMessage()).isEqualTo("table user rebuilt in a scratch database");
    }

    @Test
    void theRebuiltTableRefusesLegacyRolesDefaultsToUserAndKeepsUsernamesUnique() throws Exception {
        Path file = shopWithNewRoles();
        try (Connection connection = LegacyDatabases.open(file)) {
            Rebuilds.execute(connection, roleConstraint());

            assertThatThrownBy(() -> run(connection, "INSERT INTO \"user\" (username, name, pin_hash, role) "
                    + "VALUES ('x', 'X', 'h', 'staff')")).isInstanceOf(SQLException.class).hasMessageContaining("CHECK constraint failed");
            run(connection, "INSERT INTO \"user\" (username, name, pin_hash) VALUES ('y', 'Y', 'h')");
            assertThat(query(connection, "SELECT role FROM \"user\" WHERE username = 'y'")).isEqualTo("user");
            assertThatThrownBy(() -> run(connection, "INSERT INTO \"user\" (username, name, pin_hash) VALUES ('y', 'Y2', 'h')"))
                    .hasMessageContaining("UNIQUE constraint failed: user.username");
        }
    }

    @Test
    void keepsTheAutoincrementCounterSoTheIdOfADeletedLastUserIsNotReused() throws Exception {
        Path file = shopWithNewRoles();
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, "INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (9, 'gone', 'G', 'h', 'user')",
                    "DELETE FROM \"user\" WHERE id = 9");

            Rebuilds.execute(connection, roleConstraint());

            assertThat(query(connection, "SELECT seq FROM sqlite_sequence WHERE name = 'user'")).isEqualTo("9");
            run(connection, "INSERT INTO \"user\" (username, name, pin_hash) VALUES ('new', 'N', 'h')");
            assertThat(query(connection, "SELECT id FROM \"user\" WHERE username = 'new'")).isEqualTo("10");
        }
    }

    @Test
    void rollbackRestoresTheLegacyDefinitionWithTheDataIntact() throws Exception {
        Path file = shopWithNewRoles();
        Map<String, List<String>> before = DatabaseContents.businessRows(file);
        Map<String, String> legacySchema = DatabaseContents.schema(file);
        try (Connection connection = LegacyDatabases.open(file)) {
            Rebuilds.execute(connection, roleConstraint());

            Rebuilds.rollback(connection, roleConstraint());

            assertConnectionRestored(connection);
            run(connection, "INSERT INTO \"user\" (username, name, pin_hash, role) VALUES ('s', 'S', 'h', 'staff')",
                    "INSERT INTO \"user\" (username, name, pin_hash) VALUES ('z', 'Z', 'h')");
            assertThat(query(connection, "SELECT role FROM \"user\" WHERE username = 'z'")).isEqualTo("staff");
            run(connection, "DELETE FROM \"user\" WHERE username IN ('s', 'z')");
        }
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
        assertThat(DatabaseContents.schema(file)).isEqualTo(legacySchema);
    }

    @Test
    void rowsThatAlreadyReferredToMissingRowsAreKeptAndDoNotStopTheRebuild() throws Exception {
        // A sale whose cashier was deleted in the sqlite3 shell, where foreign keys are off: SQLite reads the
        // file, the till ran on it, and the rebuild of user did not cause it.
        Path file = shopWithNewRoles();
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, "PRAGMA foreign_keys = OFF", "INSERT INTO sale (id, receipt_no, total, payment_method, "
                    + "cashier_id) VALUES (6, 'R-X', '1.00', 'cash', 99)", "PRAGMA foreign_keys = ON");
        }
        Map<String, List<String>> before = DatabaseContents.businessRows(file);

        try (Connection connection = LegacyDatabases.open(file)) {
            Rebuilds.execute(connection, roleConstraint());

            assertConnectionRestored(connection);
            assertThat(query(connection, "SELECT sql FROM sqlite_master WHERE name = 'user'")).contains("CHECK");
            assertThat(query(connection, "SELECT COUNT(*) FROM pragma_foreign_key_check")).isEqualTo("1");
        }
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
    }

    @Nested
    class FailurePaths {

        @Test
        void rowsThatViolateTheNewDefinitionLeaveEverythingAsItWas() throws Exception {
            Path file = LegacyDatabases.shop(dir.resolve("legacy.db")); // roles still primary/staff
            Map<String, List<String>> before = DatabaseContents.businessRows(file);
            Map<String, String> schemaBefore = DatabaseContents.schema(file);

            try (Connection connection = LegacyDatabases.open(file)) {
                assertThatThrownBy(() -> Rebuilds.execute(connection, roleConstraint()))
                        .isInstanceOf(CustomChangeException.class)
                        .hasMessageStartingWith("Rebuilding table user failed, nothing was changed:")
                        .hasMessageContaining("CHECK constraint failed")
                        .hasCauseInstanceOf(SQLException.class);
                assertConnectionRestored(connection);
            }
            assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
            assertThat(DatabaseContents.schema(file)).isEqualTo(schemaBefore);
        }

        @Test
        void referencesTheRebuildWouldBreakStopTheCommitAndAreNamed() throws Exception {
            Path file = shopWithNewRoles();
            Map<String, String> schemaBefore = DatabaseContents.schema(file);
            Map<String, List<String>> rowsBefore = DatabaseContents.businessRows(file);
            SqliteTableRebuild managed = roleConstraint(); // every user gets manager 99, who does not exist
            managed.setCreateTableSql(CHECKED.replace("\"updated_at\" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP",
                    "\"updated_at\" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,\n"
                            + "    \"manager_id\" INTEGER DEFAULT 99 REFERENCES {table} (\"id\")"));

            try (Connection connection = LegacyDatabases.open(file)) {
                assertThatThrownBy(() -> Rebuilds.execute(connection, managed))
                        .isInstanceOf(CustomChangeException.class)
                        .hasMessageContaining("Rebuilding table user failed")
                        .hasMessageContaining("row 1 of table user refers to a missing row of user");
                assertConnectionRestored(connection);
            }
            assertThat(DatabaseContents.schema(file)).isEqualTo(schemaBefore);
            assertThat(DatabaseContents.businessRows(file)).isEqualTo(rowsBefore);
        }

        @Test
        void refusesToRunInsideATransaction() throws Exception {
            try (Connection connection = LegacyDatabases.open(shopWithNewRoles())) {
                Database database = ChangelogSteps.wrap(connection);
                database.setAutoCommit(false);

                assertThatThrownBy(() -> roleConstraint().execute(database))
                        .isInstanceOf(CustomChangeException.class)
                        .hasMessageContaining("inside a transaction")
                        .hasMessageContaining("declare runInTransaction: false");
                assertThat(query(connection, "PRAGMA foreign_keys")).isEqualTo("1");
            }
        }

        @Test
        void refusesATableThatDoesNotExist() throws Exception {
            SqliteTableRebuild change = roleConstraint();
            change.setTableName("till");
            try (Connection connection = LegacyDatabases.open(shopWithNewRoles())) {
                assertThatThrownBy(() -> Rebuilds.execute(connection, change))
                        .hasMessage("Rebuilding table till: tableName 'till' is not a table of this database");
            }
        }

        @Test
        void rejectsBadParametersNamingEach() {
            SqliteTableRebuild change = new SqliteTableRebuild();
            change.setTableName("user; DROP TABLE sale");
            change.setCreateTableSql("CREATE TABLE \"user\" (id INTEGER)");
            change.setRollbackCreateTableSql("  ");

            assertThat(change.validate(null).getErrorMessages()).containsExactly(
                    "tableName 'user; DROP TABLE sale' is not a plain identifier",
                    "createTableSql must start with 'CREATE TABLE {table} (' ({table} stands for the table name)",
                    "rollbackCreateTableSql is required: the full CREATE TABLE {table} (...) statement");
        }
    }
}
