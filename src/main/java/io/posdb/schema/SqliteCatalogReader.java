package io.posdb.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an SQLite schema from sqlite_master and the table pragmas. CHECK constraints have
 * no pragma: they are taken from the table's CREATE statement. Liquibase's own tables and
 * SQLite's internal ones are not part of the schema.
 */
final class SqliteCatalogReader {

    private SqliteCatalogReader() {
    }

    static SchemaCatalog read(Connection connection) throws SQLException {
        SchemaCatalog catalog = new SchemaCatalog();
        List<String[]> objects = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT type, name, tbl_name, sql FROM "
                + "sqlite_master WHERE name NOT LIKE 'sqlite_%' AND upper(tbl_name) NOT LIKE 'DATABASECHANGELOG%' "
                + "ORDER BY type, name");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        for (String[] o : objects) {
            switch (o[0]) {
                case "table" -> table(connection, o[1], o[3], catalog);
                case "index" -> {
                    if (o[3] != null) {
                        index(connection, o[1], o[2], o[3], catalog);
                    }
                }
                case "trigger" -> catalog.add(SchemaObject.of("trigger " + o[1], "table", o[2],
                        "definition", SqlNormalizer.normalize(o[3])));
                case "view" -> catalog.add(SchemaObject.of("view " + o[1], "definition", SqlNormalizer.normalize(o[3])));
                default -> {
                }
            }
        }
        return catalog;
    }

    private static void table(Connection connection, String table, String sql, SchemaCatalog catalog)
            throws SQLException {
        catalog.add(SchemaObject.of("table " + table));
        Map<Integer, String> primaryKey = new TreeMap<>();
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = pragma(connection, "table_info", table)) {
            while (rs.next()) {
                String column = rs.getString("name");
                columns.add(column);
                catalog.add(SchemaObject.part(table, "column " + table + "." + column,
                        "type", rs.getString("type").toUpperCase(Locale.ROOT).replaceAll("\\s+", " "),
                        "not null", String.valueOf(rs.getInt("notnull") == 1),
                        "default", SqlNormalizer.normalize(rs.getString("dflt_value"))));
                if (rs.getInt("pk") > 0) {
                    primaryKey.put(rs.getInt("pk"), column);
                }
            }
        }
        if (!primaryKey.isEmpty()) {
            catalog.add(SchemaObject.part(table, "primary key of " + table, "columns", String.join(",", primaryKey.values())));
        }
        uniqueConstraints(connection, table, catalog);
        foreignKeys(connection, table, catalog);
        for (String check : CheckConstraints.of(sql)) {
            catalog.add(SchemaObject.part(table, "CHECK on " + table + "." + CheckConstraints.column(check, columns),
                    "expression", SqlNormalizer.normalize(check)));
        }
    }

    private static void uniqueConstraints(Connection connection, String table, SchemaCatalog catalog)
            throws SQLException {
        List<String> unique = new ArrayList<>();
        try (ResultSet rs = pragma(connection, "index_list", table)) {
            while (rs.next()) {
                if ("u".equals(rs.getString("origin"))) {
                    unique.add(rs.getString("name"));
                }
            }
        }
        for (String index : unique) {
            catalog.add(SchemaObject.part(table, "unique constraint on " + table + "(" + indexColumns(connection, index) + ")"));
        }
    }

    private static void foreignKeys(Connection connection, String table, SchemaCatalog catalog) throws SQLException {
        Map<Integer, String[]> keys = new TreeMap<>();
        try (ResultSet rs = pragma(connection, "foreign_key_list", table)) {
            while (rs.next()) {
                String[] key = keys.computeIfAbsent(rs.getInt("id"), id -> new String[] {"", "", "", "", ""});
                key[0] += (key[0].isEmpty() ? "" : ",") + rs.getString("from");
                key[1] = rs.getString("table");
                key[2] += (key[2].isEmpty() ? "" : ",") + rs.getString("to");
                key[3] = rs.getString("on_delete");
                key[4] = rs.getString("on_update");
            }
        }
        for (String[] key : keys.values()) {
            catalog.add(SchemaObject.part(table, "foreign key " + table + "(" + key[0] + ")",
                    "references", key[1] + "(" + key[2] + ")", "on delete", key[3], "on update", key[4]));
        }
    }

    private static void index(Connection connection, String name, String table, String sql, SchemaCatalog catalog)
            throws SQLException {
        catalog.add(SchemaObject.of("index " + name, "table", table, "columns", indexColumns(connection, name),
                "definition", SqlNormalizer.normalize(sql)));
    }

    private static String indexColumns(Connection connection, String index) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = pragma(connection, "index_info", index)) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        return String.join(",", columns);
    }

    /** Pragma table-valued functions take the name as a bound value. */
    private static ResultSet pragma(Connection connection, String pragma, String argument) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT * FROM pragma_" + pragma + "(?)");
        statement.setString(1, argument);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }
}
