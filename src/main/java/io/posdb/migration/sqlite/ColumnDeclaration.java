package io.posdb.migration.sqlite;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A live column as {@code ALTER TABLE ... ADD COLUMN} can declare it again: name, type,
 * NOT NULL, DEFAULT and a single-column REFERENCES, read from SQLite's own pragmas. Columns
 * added after a release were added with ADD COLUMN, so this is all they can have; anything
 * ADD COLUMN refuses makes the rebuild fail (and change nothing) rather than lose the column.
 */
record ColumnDeclaration(String name, String sql) {

    static List<ColumnDeclaration> of(Connection connection, String table) throws SQLException {
        Map<String, String> references = references(connection, table);
        List<ColumnDeclaration> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA table_info(" + SqlIdentifiers.quoteAny(table) + ")")) {
            while (rs.next()) {
                String name = rs.getString("name");
                StringBuilder sql = new StringBuilder(SqlIdentifiers.quoteAny(name));
                String type = rs.getString("type");
                if (type != null && !type.isBlank()) {
                    sql.append(' ').append(type);
                }
                if (rs.getInt("notnull") == 1) {
                    sql.append(" NOT NULL");
                }
                String defaultValue = rs.getString("dflt_value");
                if (defaultValue != null) {
                    sql.append(" DEFAULT ").append(defaultValue); // already an SQL literal or expression
                }
                if (references.containsKey(name)) {
                    sql.append(references.get(name));
                }
                columns.add(new ColumnDeclaration(name, sql.toString()));
            }
        }
        return columns;
    }

    /** Single-column foreign keys by column (a composite key cannot be declared on one column). */
    private static Map<String, String> references(Connection connection, String table) throws SQLException {
        Map<String, String> byColumn = new HashMap<>();
        Map<Integer, Integer> columnsPerKey = new HashMap<>();
        List<String[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA foreign_key_list(" + SqlIdentifiers.quoteAny(table) + ")")) {
            while (rs.next()) {
                columnsPerKey.merge(rs.getInt("id"), 1, Integer::sum);
                rows.add(new String[] {rs.getString("id"), rs.getString("from"), rs.getString("table"),
                        rs.getString("to"), rs.getString("on_update"), rs.getString("on_delete")});
            }
        }
        for (String[] row : rows) {
            if (columnsPerKey.get(Integer.parseInt(row[0])) == 1) {
                byColumn.put(row[1], " REFERENCES " + SqlIdentifiers.quoteAny(row[2])
                        + (row[3] == null ? "" : " (" + SqlIdentifiers.quoteAny(row[3]) + ")")
                        + " ON UPDATE " + row[4] + " ON DELETE " + row[5]);
            }
        }
        return byColumn;
    }
}
