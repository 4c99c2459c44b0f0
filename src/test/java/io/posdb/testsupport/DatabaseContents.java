package io.posdb.testsupport;

import io.posdb.schema.SchemaCatalog;

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

    /**
     * The condition on sqlite_master that leaves out posdb's own tables ({@code posdb_*}, with their
     * indexes), the one place the comparisons of "the database as it was" leave them out.
     */
    private static final String POSDB_TABLES = "tbl_name NOT LIKE 'posdb\\_%' ESCAPE '\\'";

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
     * posdb's own bookkeeping ({@link #POSDB_TABLES}: the upgrade runs' record) is left out: a
     * failed attempt's record is written after the restore on purpose, and tests check it on its own.
     */
    public static Map<String, List<String>> allRows(Path file) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                    + POSDB_TABLES)) {
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
     * The schema as the one catalog reads it ({@link SchemaCatalog}: every table, column, key,
     * CHECK, index, trigger and view, Liquibase's and posdb's own tables left out; each object's label to its
     * normalised attributes), plus each object's CREATE text as SQLite keeps it (whitespace
     * collapsed), so that a column order or a cosmetic change counts too: what a restore must give back.
     */
    public static Map<String, String> schema(Path file) throws SQLException {
        Map<String, String> schema = new TreeMap<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            SchemaCatalog.read(connection).objects().forEach(o -> schema.put(o.label(), o.attributes().toString()));
            try (ResultSet rs = statement.executeQuery("SELECT type, name, sql FROM sqlite_master "
                    + "WHERE name NOT LIKE 'DATABASECHANGELOG%' AND name <> 'sqlite_sequence' AND " + POSDB_TABLES)) {
                while (rs.next()) {
                    String sql = rs.getString("sql");
                    schema.put("sql of " + rs.getString("type") + " " + rs.getString("name"),
                            sql == null ? "(auto)" : sql.replaceAll("\\s+", " ").trim());
                }
            }
        }
        return schema;
    }
}
