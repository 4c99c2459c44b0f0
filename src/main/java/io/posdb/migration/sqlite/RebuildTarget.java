package io.posdb.migration.sqlite;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import liquibase.exception.CustomChangeException;

/**
 * The table a {@link SqliteTableRebuild} works on: whether the connection and the table are
 * ready for the rebuild, and the definition with its {@code {table}} placeholders filled in.
 */
final class RebuildTarget {

    static final String TABLE_PLACEHOLDER = "{table}";
    static final String TEMPORARY_PREFIX = "posdb_rebuild_";

    private final String tableName;

    RebuildTarget(String tableName) {
        this.tableName = tableName;
    }

    /** Autocommit on (else PRAGMA foreign_keys would silently do nothing) and an existing table. */
    void requireReady(Connection connection, String task) throws CustomChangeException {
        try {
            if (!connection.getAutoCommit()) {
                throw new CustomChangeException(task + ": the connection is inside a transaction, where PRAGMA "
                        + "foreign_keys has no effect and dropping the table would cascade; declare "
                        + "runInTransaction: false on the changeset that uses SqliteTableRebuild");
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                statement.setString(1, tableName);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        throw new CustomChangeException(task + ": tableName '" + tableName + "' is not a table of this database");
                    }
                }
            }
        } catch (SQLException e) {
            throw new CustomChangeException(task + ": cannot read the connection state: " + e.getMessage(), e);
        }
    }

    /** The first {table} becomes the temporary name, any other the final name (see the class comment). */
    String temporaryDefinition(String definition) {
        int first = definition.indexOf(TABLE_PLACEHOLDER);
        String rest = definition.substring(first + TABLE_PLACEHOLDER.length())
                .replace(TABLE_PLACEHOLDER, SqlIdentifiers.quote(tableName));
        return definition.substring(0, first) + SqlIdentifiers.quote(TEMPORARY_PREFIX + tableName) + rest;
    }
}
