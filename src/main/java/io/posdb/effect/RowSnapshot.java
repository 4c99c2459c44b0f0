package io.posdb.effect;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every row of every table of a scratch SQLite database, as text, keyed by primary key (a rebuild
 * may renumber rowids of a table without one, so the key is the rowid only where there is no
 * primary key). The scratch holds a few seeded rows per table: reading them all is cheap.
 */
final class RowSnapshot {

    /** Where archived data goes: rows written there are kept, not lost. */
    static final String AUDIT_TABLE = "data_migration_audit";
    static final String ARCHIVE_PREFIX = "archived_";

    private final Map<String, Map<String, Map<String, String>>> tables;

    private RowSnapshot(Map<String, Map<String, Map<String, String>>> tables) {
        this.tables = tables;
    }

    static RowSnapshot read(Connection connection) throws SQLException {
        Map<String, Map<String, Map<String, String>>> tables = new TreeMap<>();
        for (String table : tableNames(connection)) {
            tables.put(table, rows(connection, table));
        }
        return new RowSnapshot(tables);
    }

    /** The tables of the database that hold business data or archives (not Liquibase's, not SQLite's). */
    static List<String> tableNames(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name FROM sqlite_master WHERE type = "
                + "'table' AND name NOT LIKE 'sqlite_%' AND lower(name) NOT LIKE 'databasechangelog%' "
                + "AND name NOT LIKE 'posdb\\_%' ESCAPE '\\' ORDER BY name");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Map<String, Map<String, String>> rows(Connection connection, String table) throws SQLException {
        List<String> key = primaryKey(connection, table);
        String keySql = key.isEmpty() ? "rowid" : String.join(" || '|' || ", key.stream().map(SqlIdentifiers::quoteAny).toList());
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + keySql + ", * FROM "
                + SqlIdentifiers.quoteAny(table));
             ResultSet rs = statement.executeQuery()) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 2; i <= width; i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
                rows.put(String.valueOf(rs.getString(1)), row);
            }
        }
        return rows;
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        Map<Integer, String> key = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, pk FROM pragma_table_info(?)")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(2) > 0) {
                        key.put(rs.getInt(2), rs.getString(1));
                    }
                }
            }
        }
        return new ArrayList<>(key.values());
    }

    boolean has(String table) {
        return tables.containsKey(table);
    }

    int count(String table) {
        Map<String, Map<String, String>> rows = tables.get(table);
        return rows == null ? 0 : rows.size();
    }

    /** Whether {@code otherTable} of {@code other} holds exactly the rows of {@code table} here (a renamed table). */
    boolean sameRows(String table, RowSnapshot other, String otherTable) {
        return tables.containsKey(table) && tables.get(table).equals(other.tables.get(otherTable));
    }

    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        tables.forEach((table, rows) -> counts.put(table, rows.size()));
        return counts;
    }

    /**
     * Per table, what happened between this snapshot and {@code after}; tables nothing happened to
     * are left out, and so are tables gone afterwards (the catalog says whether they were dropped
     * or renamed).
     */
    Map<String, TableRows> changesTo(RowSnapshot after) {
        Map<String, TableRows> changes = new TreeMap<>();
        for (String table : after.tables.keySet()) {
            Map<String, Map<String, String>> old = tables.getOrDefault(table, Map.of());
            Map<String, Map<String, String>> now = after.tables.getOrDefault(table, Map.of());
            int inserted = (int) now.keySet().stream().filter(k -> !old.containsKey(k)).count();
            int deleted = (int) old.keySet().stream().filter(k -> !now.containsKey(k)).count();
            TreeSet<String> changed = new TreeSet<>();
            old.forEach((key, row) -> {
                Map<String, String> newRow = now.get(key);
                if (newRow != null) {
                    row.forEach((column, value) -> {
                        if (newRow.containsKey(column) && !Objects.equals(value, newRow.get(column))) {
                            changed.add(column);
                        }
                    });
                }
            });
            TableRows rows = new TableRows(table, inserted, deleted, List.copyOf(changed));
            if (!rows.isEmpty()) {
                changes.put(table, rows);
            }
        }
        return changes;
    }

    /**
     * What rows written since this snapshot archive: {@code table} for rows of a table (an
     * {@code archived_<table>} table, or audit rows naming the table) and {@code table.column}
     * for a column's values (audit rows naming both).
     */
    List<String> archivedBy(RowSnapshot after) {
        TreeSet<String> archived = new TreeSet<>();
        after.tables.forEach((table, rows) -> {
            Map<String, Map<String, String>> old = tables.getOrDefault(table, Map.of());
            String lower = table.toLowerCase(Locale.ROOT);
            rows.forEach((key, row) -> {
                if (old.containsKey(key)) {
                    return;
                }
                if (lower.equals(AUDIT_TABLE) && row.get("table_name") != null) {
                    archived.add(row.get("table_name"));
                    if (row.get("column_name") != null) {
                        archived.add(row.get("table_name") + "." + row.get("column_name"));
                    }
                } else if (lower.startsWith(ARCHIVE_PREFIX)) {
                    String of = table.substring(ARCHIVE_PREFIX.length());
                    archived.add(of);
                    row.keySet().forEach(column -> archived.add(of + "." + column));
                }
            });
        });
        return List.copyOf(archived);
    }

    /** Rows of this snapshot (tables other than archives) missing or different in {@code later}, in words. */
    List<String> notRestoredIn(RowSnapshot later) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(tables.keySet());
        names.addAll(later.tables.keySet());
        for (String table : names) {
            if (isArchive(table)) {
                continue;
            }
            Map<String, Map<String, String>> expected = tables.getOrDefault(table, Map.of());
            Map<String, Map<String, String>> actual = later.tables.get(table);
            if (actual == null) {
                if (!expected.isEmpty()) {
                    problems.add(table + ": its " + expected.size() + " row(s) are gone");
                }
                continue;
            }
            long missing = expected.keySet().stream().filter(k -> !actual.containsKey(k)).count();
            long extra = actual.keySet().stream().filter(k -> !expected.containsKey(k)).count();
            TreeSet<String> changed = new TreeSet<>();
            expected.forEach((key, row) -> {
                Map<String, String> now = actual.get(key);
                if (now != null) {
                    row.forEach((column, value) -> {
                        if (!Objects.equals(value, now.get(column))) {
                            changed.add(column);
                        }
                    });
                }
            });
            if (missing > 0) {
                problems.add(table + ": " + missing + " row(s) not given back");
            }
            if (extra > 0) {
                problems.add(table + ": " + extra + " row(s) the changeset wrote are still there");
            }
            if (!changed.isEmpty()) {
                problems.add(table + ": values of " + String.join(", ", changed) + " not given back");
            }
        }
        return problems;
    }

    static boolean isArchive(String table) {
        String lower = table.toLowerCase(Locale.ROOT);
        return lower.equals(AUDIT_TABLE) || lower.startsWith(ARCHIVE_PREFIX);
    }
}
