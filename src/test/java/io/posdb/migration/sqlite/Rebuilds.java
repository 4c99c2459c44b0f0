package io.posdb.migration.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.ChangelogSteps;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import liquibase.database.Database;

/** The role constraint rebuild of changeset 0010, and how the tests call it and look at the result. */
final class Rebuilds {

    static final String CHECKED = """
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
    /** The legacy definition, byte for byte as the fixture (and changeset 0010's rollbackCreateTableSql) has it. */
    static final String LEGACY = CHECKED.replace(
            "VARCHAR(5) NOT NULL DEFAULT 'user' CHECK (\"role\" IN ('admin', 'user'))", "VARCHAR(7) NOT NULL  DEFAULT 'staff' /* PRIMARY: primary\\nSTAFF: staff */");

    private Rebuilds() {
    }

    static SqliteTableRebuild roleConstraint() {
        SqliteTableRebuild change = new SqliteTableRebuild();
        change.setTableName("user");
        change.setCreateTableSql(CHECKED);
        change.setRollbackCreateTableSql(LEGACY);
        return change;
    }

    /** Runs the change on {@code connection} as Liquibase runs a runInTransaction: false changeset: autocommit on. */
    static void execute(Connection connection, SqliteTableRebuild change) throws Exception {
        change.execute(validated(connection, change));
    }

    static void rollback(Connection connection, SqliteTableRebuild change) throws Exception {
        change.rollback(validated(connection, change));
    }

    private static Database validated(Connection connection, SqliteTableRebuild change) throws Exception {
        Database database = ChangelogSteps.wrap(connection);
        database.setAutoCommit(true);
        assertThat(change.validate(database).getErrorMessages()).isEmpty();
        return database;
    }

    /** The first column of the first row, as text; null when there is no row. */
    static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void run(Connection connection, String... sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** What step 12 must give back on the very connection the change ran on. */
    static void assertConnectionRestored(Connection connection) throws SQLException {
        assertThat(connection.getAutoCommit()).as("autocommit").isTrue();
        assertThat(query(connection, "PRAGMA foreign_keys")).as("foreign_keys").isEqualTo("1");
        assertThat(query(connection, "PRAGMA legacy_alter_table")).as("legacy_alter_table").isEqualTo("0");
    }
}
