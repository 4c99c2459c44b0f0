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
 * no pragma: they are taken from the table's CREATE statement. Liquibase's own tables, posdb's
 * ({@code posdb_*}: what each changeset was given, the upgrade records) and SQLite's internal ones
 * are not part of the schema.
 */
final class SqliteCatalogReader {

    private SqliteCatalogReader() {
    }

    /**
     * The schema's objects as SQLite stores them (type, name, table, CREATE text), Liquibase's and posdb's
     * bookkeeping and SQLite's internal objects left out: what the catalog is read from, and what the boot
     * check's one-query digest covers.
     */
    static List<String[]> objects(Connection connection) throws SQLException {
        return PostgresCatalogReader.rows(connection, "SELECT type, name, tbl_name, sql FROM sqlite_master "
                + "WHERE name NOT LIKE 'sqlite_%' AND upper(tbl_name) NOT LIKE 'DATABASECHANGELOG%' "
                + "AND tbl_name NOT LIKE 'posdb\\_%' ESCAPE '\\' ORDER BY type, name");
    }

    static SchemaCatalog read(Connection connection) throws SQLException {
        SchemaCatalog catalog = new SchemaCatalog();
        for (String[] o : objects(connection)) {
            switch (o[0]) {
                case "table" -> catalog.add(table(connection, o[1], o[3]));
                case "index" -> {
                    if (o[3] != null) {
                        catalog.add(new SchemaCatalog.Index(o[1], o[2], indexColumns(connection, o[1]),
                                SqlNormalizer.normalize(o[3]).startsWith("create unique"), o[3]));
                    }
                }
                case "trigger" -> catalog.add(new SchemaCatalog.Trigger(o[1], o[2], o[3]));
                case "view" -> catalog.add(new SchemaCatalog.View(o[1], o[3]));
                default -> {
                }
            }
        }
        return catalog;
    }

    private static SchemaCatalog.Table table(Connection connection, String table, String sql) throws SQLException {
        Map<Integer, String> primaryKey = new TreeMap<>();
        List<String[]> described = new ArrayList<>();
        try (ResultSet rs = pragma(connection, "table_info", table)) {
            while (rs.next()) {
                // A column declared without a type (a table made by hand) has the type "".
                described.add(new String[] {rs.getString("name"), rs.getString("type"),
                        String.valueOf(rs.getInt("notnull") == 1), rs.getString("dflt_value")});
                if (rs.getInt("pk") > 0) {
                    primaryKey.put(rs.getInt("pk"), rs.getString("name"));
                }
            }
        }
        List<String> names = described.stream().map(d -> d[0]).toList();
        List<SchemaCatalog.Check> checks = CheckConstraints.of(sql).stream()
                .map(check -> new SchemaCatalog.Check(CheckConstraints.column(check, names), check)).toList();
        List<SchemaCatalog.Column> columns = new ArrayList<>();
        for (String[] d : described) {
            columns.add(new SchemaCatalog.Column(d[0], d[1] == null ? "" : d[1], Boolean.parseBoolean(d[2]), d[3],
                    SchemaCatalog.Check.on(checks, d[0])));
        }
        return new SchemaCatalog.Table(table, columns, List.copyOf(primaryKey.values()),
                uniqueConstraints(connection, table), checks, foreignKeys(connection, table), sql);
    }

    private static List<List<String>> uniqueConstraints(Connection connection, String table) throws SQLException {
        List<String> unique = new ArrayList<>();
        try (ResultSet rs = pragma(connection, "index_list", table)) {
            while (rs.next()) {
                if ("u".equals(rs.getString("origin"))) {
                    unique.add(rs.getString("name"));
                }
            }
        }
        List<List<String>> constraints = new ArrayList<>();
        for (String index : unique) {
            constraints.add(indexColumns(connection, index));
        }
        return constraints;
    }

    private static List<SchemaCatalog.ForeignKey> foreignKeys(Connection connection, String table) throws SQLException {
        Map<Integer, List<String[]>> keys = new TreeMap<>();
        try (ResultSet rs = pragma(connection, "foreign_key_list", table)) {
            while (rs.next()) {
                keys.computeIfAbsent(rs.getInt("id"), id -> new ArrayList<>()).add(new String[] {rs.getString("from"),
                        rs.getString("table"), rs.getString("to"), rs.getString("on_delete"), rs.getString("on_update")});
            }
        }
        List<SchemaCatalog.ForeignKey> foreignKeys = new ArrayList<>();
        for (List<String[]> key : keys.values()) {
            String[] first = key.get(0);
            // A REFERENCES without a column list names the parent's primary key: SQLite reports no "to".
            foreignKeys.add(new SchemaCatalog.ForeignKey(key.stream().map(k -> k[0]).toList(), first[1],
                    key.stream().map(k -> k[2] == null ? "" : k[2]).toList(), first[3], first[4]));
        }
        return foreignKeys;
    }

    private static List<String> indexColumns(Connection connection, String index) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = pragma(connection, "index_info", index)) {
            while (rs.next()) {
                // An expression's column has no name: the index's definition shows it.
                columns.add(rs.getString("name") == null ? "(expression)" : rs.getString("name"));
            }
        }
        return columns;
    }

    /** Pragma table-valued functions take the name as a bound value. */
    private static ResultSet pragma(Connection connection, String pragma, String argument) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT * FROM pragma_" + pragma + "(?)");
        statement.setString(1, argument);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }
}
