package io.posdb.migration.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A table's AUTOINCREMENT counter (its sqlite_sequence row). DROP TABLE deletes it and
 * the copy sets it to the highest id copied, so a deleted last row's id would be handed
 * out again: the counter is read before the drop and written back after the rename.
 */
record AutoincrementCounter(String table, Long value) {

    static AutoincrementCounter read(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return new AutoincrementCounter(table, rs.next() ? rs.getLong(1) : null);
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return new AutoincrementCounter(table, null); // no AUTOINCREMENT table was ever written to
            }
            throw e;
        }
    }

    void restore(Connection connection) throws SQLException {
        if (value == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE sqlite_sequence SET seq = ? WHERE name = ?")) {
            update.setLong(1, value);
            update.setString(2, table);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")) {
            insert.setString(1, table);
            insert.setLong(2, value);
            insert.executeUpdate();
        }
    }
}
