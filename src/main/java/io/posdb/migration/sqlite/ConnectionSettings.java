package io.posdb.migration.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connection settings a table rebuild changes and must give back, as they were.
 * <p>{@code foreign_keys} goes OFF so that dropping the old table cascades nowhere.
 * {@code legacy_alter_table} goes ON because since SQLite 3.26 a RENAME re-parses every
 * view and trigger of the schema, and one that names the table (a view on "user", a
 * trigger on "sale" reading "user") fails it while the old table is gone; the legacy
 * rename leaves them untouched, and they fit again once the new table has the old name.
 * Django's SQLite schema editor sets it for the same reason.
 */
record ConnectionSettings(boolean foreignKeys, boolean legacyAlterTable) {

    static ConnectionSettings read(Connection connection) throws SQLException {
        return new ConnectionSettings(on(connection, "foreign_keys"), on(connection, "legacy_alter_table"));
    }

    /** Both pragmas only take effect outside a transaction: the caller checked autocommit is on. */
    void prepareForRebuild(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = OFF");
            statement.execute("PRAGMA legacy_alter_table = ON");
        }
    }

    /** Back to autocommit, then the pragmas as they were (the order matters: see above). */
    void restore(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA legacy_alter_table = " + (legacyAlterTable ? "ON" : "OFF"));
            statement.execute("PRAGMA foreign_keys = " + (foreignKeys ? "ON" : "OFF"));
        }
    }

    private static boolean on(Connection connection, String pragma) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }
}
