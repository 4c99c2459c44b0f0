package io.posdb.migration;

import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * How a column's values are kept before the column goes: one {@code data_migration_audit} row per
 * non-NULL value (row key, old value, note {@code archived: ...}), which {@code RestoreArchivedColumn}
 * and a downgrade read back. One statement for the SQLite rebuild, posdb downgrade's undo and the
 * changesets the generator writes (there as SQL text, with the values as literals); the restore
 * that reads them back, the same two ways.
 */
public final class ColumnArchive {

    /** What every archive row's note starts with; restores and lint recognise archive rows by it. */
    public static final String NOTE_PREFIX = "archived: ";

    private ColumnArchive() {
    }

    /** Archives the values now, every value bound; returns how many rows were written. */
    public static int archive(Connection connection, String changeSetId, String table, String key, String column,
                              String why) throws SQLException {
        try (PreparedStatement insert = Jdbc.prepare(connection, statement(table, key, column, "?", "?", "?",
                "?"), List.of(changeSetId, table, column, NOTE_PREFIX + why))) {
            return insert.executeUpdate();
        }
    }

    /** The same statement as text for a changelog, its values as SQL literals. */
    public static String sql(String changeSetId, String table, String key, String column, String why) {
        return statement(table, key, column, SqlIdentifiers.literal(changeSetId), SqlIdentifiers.literal(table),
                SqlIdentifiers.literal(column), SqlIdentifiers.literal(NOTE_PREFIX + why));
    }

    /**
     * Puts archived values back into the column (which must exist again): each row its latest archive
     * row's value, cast to {@code type}; rows without one keep what they have. Returns the rows set.
     */
    public static int restore(Connection connection, String changeSetId, String table, String key, String column,
                              String type) throws SQLException {
        // The archive rows are named twice: in the value's subquery and in the EXISTS that picks the rows.
        try (PreparedStatement fill = Jdbc.prepare(connection, restoreStatement(table, key, column, type, "?",
                "?", "?"), List.of(changeSetId, table, column, changeSetId, table, column))) {
            return fill.executeUpdate();
        }
    }

    /** The same restore as text for a changelog, its values as SQL literals. */
    public static String restoreSql(String changeSetId, String table, String key, String column, String type) {
        return restoreStatement(table, key, column, type, SqlIdentifiers.literal(changeSetId),
                SqlIdentifiers.literal(table), SqlIdentifiers.literal(column));
    }

    /**
     * The rows of {@code table} (their {@code key}, in its order) that the restore would leave without a value: no
     * archive row of {@code changeSetId} holds one for them (a row added after the column was dropped, or one whose
     * value was NULL). Every row when nothing was ever archived.
     */
    public static List<String> rowsWithoutValue(Connection connection, String changeSetId, String table, String key,
                                                String column) throws SQLException {
        String keyColumn = SqlIdentifiers.quoteAny(table) + "." + SqlIdentifiers.quoteAny(key);
        String rows = "SELECT CAST(" + keyColumn + " AS VARCHAR) FROM " + SqlIdentifiers.quoteAny(table);
        if (!Jdbc.tableExists(connection, "data_migration_audit")) {
            return Jdbc.rows(connection, rows + " ORDER BY " + keyColumn, List.of(), rs -> rs.getString(1));
        }
        return Jdbc.rows(connection, rows + " WHERE NOT EXISTS (SELECT 1" + archived(table, key, "?", "?", "?") + ") ORDER BY " + keyColumn,
                List.of(changeSetId, table, column), rs -> rs.getString(1));
    }

    private static String restoreStatement(String table, String key, String column, String type, String changeSetId,
                                           String tableName, String columnName) {
        String archived = archived(table, key, changeSetId, tableName, columnName);
        return "UPDATE " + SqlIdentifiers.quoteAny(table) + " SET " + SqlIdentifiers.quoteAny(column)
                + " = (SELECT CAST(a.old_value AS " + type + ")" + archived + " ORDER BY a.id DESC LIMIT 1) "
                + "WHERE EXISTS (SELECT 1" + archived + ")";
    }

    /** The archive rows of a changeset's column, for the row of {@code table} the enclosing statement is at. */
    private static String archived(String table, String key, String changeSetId, String tableName, String columnName) {
        return " FROM \"data_migration_audit\" a WHERE a.changeset_id = " + changeSetId + " AND a.table_name = "
                + tableName + " AND a.column_name = " + columnName + " AND a.row_id = CAST("
                + SqlIdentifiers.quoteAny(table) + "." + SqlIdentifiers.quoteAny(key) + " AS VARCHAR) "
                + "AND a.note LIKE 'archived:%'";
    }

    /** VARCHAR without a length: TEXT on SQLite, never truncated on PostgreSQL. */
    private static String statement(String table, String key, String column, String changeSetId, String tableName,
                                    String columnName, String note) {
        String q = SqlIdentifiers.quoteAny(column);
        return "INSERT INTO \"data_migration_audit\" (changeset_id, table_name, row_id, column_name, old_value, "
                + "new_value, note) SELECT " + changeSetId + ", " + tableName + ", CAST(" + SqlIdentifiers.quoteAny(key)
                + " AS VARCHAR), " + columnName + ", CAST(" + q + " AS VARCHAR), NULL, " + note + " FROM "
                + SqlIdentifiers.quoteAny(table) + " WHERE " + q + " IS NOT NULL ORDER BY " + SqlIdentifiers.quoteAny(key);
    }
}
