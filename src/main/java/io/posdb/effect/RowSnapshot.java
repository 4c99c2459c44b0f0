package io.posdb.effect;

import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every row of every table of a scratch SQLite database, as text, keyed by primary key (a rebuild
 * may renumber rowids of a table without one, so the key is the rowid only where there is no
 * primary key). The scratch holds a few seeded rows per table: reading them all is cheap.
 */
record RowSnapshot(Map<String, Map<String, Map<String, String>>> tables) {

    /** The rows of every table of {@code catalog}, the catalog of the database behind {@code connection}. */
    static RowSnapshot read(Connection connection, SchemaCatalog catalog) throws SQLException {
        Map<String, Map<String, Map<String, String>>> tables = new TreeMap<>();
        for (SchemaCatalog.Table table : catalog.tables().values()) {
            tables.put(table.name(), rows(connection, table.name(), table.primaryKey()));
        }
        return new RowSnapshot(tables);
    }

    private static Map<String, Map<String, String>> rows(Connection connection, String table, List<String> key)
            throws SQLException {
        String keySql = key.isEmpty() ? "rowid" : String.join(" || '|' || ", key.stream().map(SqlIdentifiers::quoteAny).toList());
        return Jdbc.rows(connection, "SELECT " + keySql + ", * FROM " + SqlIdentifiers.quoteAny(table), List.of(),
                rs -> {
                    Map<String, String> row = new TreeMap<>();
                    for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                    }
                    return Map.entry(String.valueOf(rs.getString(1)), row);
                }).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, last) -> last,
                        LinkedHashMap::new));
    }

    /** Whether {@code otherTable} of {@code other} holds exactly the rows of {@code table} here (a renamed table). */
    boolean sameRows(String table, RowSnapshot other, String otherTable) {
        return tables.containsKey(table) && tables.get(table).equals(other.tables.get(otherTable));
    }

    /**
     * Whether every row of {@code table} holds in {@code after}, under {@code newColumn}, the value it holds here
     * under {@code column}, and no row came or went (a renamed column).
     */
    boolean sameValues(String table, String column, RowSnapshot after, String newColumn) {
        Map<String, Map<String, String>> old = tables.get(table);
        Map<String, Map<String, String>> now = after.tables.get(table);
        return old != null && now != null && old.keySet().equals(now.keySet()) && old.entrySet().stream()
                .allMatch(row -> Objects.equals(row.getValue().get(column), now.get(row.getKey()).get(newColumn)));
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
            TableRows rows = compare(table, tables.getOrDefault(table, Map.of()), after.tables.get(table), false);
            if (!rows.isEmpty()) {
                changes.put(table, rows);
            }
        }
        return changes;
    }

    /**
     * Rows of {@code now} not in {@code old} (inserted), rows of {@code old} not in {@code now}
     * (deleted), and the columns of the rows in both whose values differ; a column {@code now} lacks
     * counts as changed only when {@code goneColumnsChanged} (a rollback must give it back, while a
     * changeset that removes a column is reported as a removal, not as changed values).
     */
    private static TableRows compare(String table, Map<String, Map<String, String>> old,
                                     Map<String, Map<String, String>> now, boolean goneColumnsChanged) {
        int inserted = (int) now.keySet().stream().filter(k -> !old.containsKey(k)).count();
        int deleted = (int) old.keySet().stream().filter(k -> !now.containsKey(k)).count();
        TreeSet<String> changed = new TreeSet<>();
        old.forEach((key, row) -> {
            Map<String, String> newRow = now.get(key);
            if (newRow != null) {
                row.forEach((column, value) -> {
                    if ((goneColumnsChanged || newRow.containsKey(column)) && !Objects.equals(value, newRow.get(column))) {
                        changed.add(column);
                    }
                });
            }
        });
        return new TableRows(table, inserted, deleted, List.copyOf(changed));
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
                if (lower.equals(SqlIdentifiers.AUDIT_TABLE) && row.get("table_name") != null) {
                    archived.add(row.get("table_name"));
                    if (row.get("column_name") != null) {
                        archived.add(row.get("table_name") + "." + row.get("column_name"));
                    }
                } else if (lower.startsWith(SqlIdentifiers.ARCHIVE_TABLE_PREFIX)) {
                    String of = table.substring(SqlIdentifiers.ARCHIVE_TABLE_PREFIX.length());
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
            if (SqlIdentifiers.isPosdbArchive(table)) {
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
            TableRows difference = compare(table, expected, actual, true);
            if (difference.deleted() > 0) {
                problems.add(table + ": " + difference.deleted() + " row(s) not given back");
            }
            if (difference.inserted() > 0) {
                problems.add(table + ": " + difference.inserted() + " row(s) the changeset wrote are still there");
            }
            if (!difference.changedColumns().isEmpty()) {
                problems.add(table + ": values of " + String.join(", ", difference.changedColumns()) + " not given back");
            }
        }
        return problems;
    }
}
