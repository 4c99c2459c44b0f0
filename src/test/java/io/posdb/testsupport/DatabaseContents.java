package io.posdb.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what a database holds in a form tests can compare: every row of the business
 * tables with SQLite's own literal of each value ({@code quote()}), so '2.50' as text and
 * 2.5 as a number differ; and the schema, normalised.
 */
public final class DatabaseContents {

    public static final List<String> BUSINESS_TABLES = List.of("user", "category", "product", "sale", "saleitem");

    private DatabaseContents() {
    }

    /** Table name → rows (in rowid order), each row the quoted literal of every column. */
    public static Map<String, List<String>> businessRows(Path file) throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file)) {
            for (String table : BUSINESS_TABLES) {
                rows.put(table, rows(connection, table));
            }
        }
        return rows;
    }

    /**
     * Every table's rows (Liquibase's history and the audit included), by table name: what a
     * restore must give back. A restore through SQLite's backup API is not a byte copy (the
     * header's change counter differs), so tests compare this and {@link #schema}, not bytes.
     */
    public static Map<String, List<String>> allRows(Path file) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                rows.put(table, rows(connection, table));
            }
        }
        return rows;
    }

    /**
     * The business tables' columns now, leaving out the named {@code table.column}s. Rows read
     * over these columns ({@link #businessRows(Path, Map)}) before and after an upgrade compare
     * what the test is about: a column a later release adds is not a change to existing rows.
     */
    public static Map<String, List<String>> businessColumns(Path file, String... tableDotColumns) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file)) {
            for (String table : BUSINESS_TABLES) {
                List<String> kept = new ArrayList<>(columns(connection, table));
                kept.removeAll(java.util.Arrays.stream(tableDotColumns).filter(c -> c.startsWith(table + "."))
                        .map(c -> c.substring(table.length() + 1)).toList());
                columns.put(table, kept);
            }
        }
        return columns;
    }

    /** Each table's rows over exactly the given columns (see {@link #businessColumns}). */
    public static Map<String, List<String>> businessRows(Path file, Map<String, List<String>> columnsByTable)
            throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file)) {
            for (Map.Entry<String, List<String>> table : columnsByTable.entrySet()) {
                rows.put(table.getKey(), rowsOf(connection, table.getKey(), table.getValue()));
            }
        }
        return rows;
    }

    public static List<String> rows(Connection connection, String table) throws SQLException {
        return rows(connection, table, List.of());
    }

    /** Every business table's rows, leaving out the named {@code table.column}s (e.g. {@code user.role}). */
    public static Map<String, List<String>> businessRowsExcept(Path file, String... tableDotColumns)
            throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file)) {
            for (String table : BUSINESS_TABLES) {
                List<String> excluded = java.util.Arrays.stream(tableDotColumns)
                        .filter(c -> c.startsWith(table + ".")).map(c -> c.substring(table.length() + 1)).toList();
                rows.put(table, rows(connection, table, excluded));
            }
        }
        return rows;
    }

    public static List<String> rows(Connection connection, String table, List<String> excludedColumns)
            throws SQLException {
        List<String> columns = new ArrayList<>(columns(connection, table));
        columns.removeAll(excludedColumns);
        return rowsOf(connection, table, columns);
    }

    private static List<String> rowsOf(Connection connection, String table, List<String> columns) throws SQLException {
        String select = "SELECT " + String.join(" || '|' || ",
                columns.stream().map(c -> "quote(\"" + c + "\")").toList())
                + " FROM \"" + table + "\" ORDER BY rowid";
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(select)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    public static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        return columns;
    }

    /**
     * The schema of the application's tables and indexes, Liquibase's own tables left out:
     * each object's SQL with whitespace collapsed, plus what SQLite reports for columns,
     * indexes and foreign keys.
     */
    public static Map<String, String> schema(Path file) throws SQLException {
        Map<String, String> schema = new TreeMap<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master "
                    + "WHERE name NOT LIKE 'DATABASECHANGELOG%' AND name <> 'sqlite_sequence'")) {
                while (rs.next()) {
                    String sql = rs.getString("sql");
                    schema.put(rs.getString("type") + " " + rs.getString("name"),
                            sql == null ? "(auto)" : sql.replaceAll("\\s+", " ").trim());
                    if ("table".equals(rs.getString("type"))) {
                        tables.add(rs.getString("name"));
                    }
                }
            }
            for (String table : tables) {
                for (String pragma : List.of("table_info", "index_list", "foreign_key_list")) {
                    schema.put(pragma + " " + table, pragmaRows(connection, pragma, table));
                }
            }
        }
        return schema;
    }

    private static String pragmaRows(Connection connection, String pragma, String table) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA " + pragma + "(\"" + table + "\")")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    text.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                text.append('\n');
            }
        }
        return text.toString();
    }
}
