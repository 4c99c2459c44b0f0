package io.posdb.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables the changesets before the current one create, with their columns (as the
 * SQLite changesets define them): a table created earlier is an existing table, which may
 * hold rows; a rebuild is compared with the table's previous shape.
 */
final class KnownTables {

    private final Map<String, List<String>> columns = new HashMap<>();

    /** Unknown tables count as existing: lint cannot prove they are empty. */
    boolean existsBefore(String table, LintChangeSet current) {
        return !createdBy(current).contains(key(table));
    }

    /** The columns the table had before, or null when the changelog never defined it. */
    List<String> columnsOf(String table) {
        return columns.get(key(table));
    }

    void record(LintChangeSet changeSet) {
        for (LintChange change : changeSet.changes()) {
            switch (change.type()) {
                case "createTable" -> columns.put(key(change.tableName()), columnNames(change));
                case "addColumn" -> columns.computeIfAbsent(key(change.tableName()), t -> new ArrayList<>())
                        .addAll(columnNames(change));
                case "sql" -> recordSql(change, changeSet);
                default -> {
                    if (change.isRebuild() && change.body().text("createTableSql") != null) {
                        columns.put(key(change.tableName()), CreateTableColumns.of(change.body().text("createTableSql")));
                    }
                }
            }
        }
    }

    private void recordSql(LintChange change, LintChangeSet changeSet) {
        for (SqlText.CreatedTable created : SqlText.of(change).createdTables()) {
            if (changeSet.appliesTo("sqlite") || !columns.containsKey(key(created.table()))) {
                columns.put(key(created.table()), created.columns());
            }
        }
    }

    private static List<String> createdBy(LintChangeSet changeSet) {
        List<String> created = new ArrayList<>();
        for (LintChange change : changeSet.changes()) {
            if (change.type().equals("createTable") && change.tableName() != null) {
                created.add(key(change.tableName()));
            }
            SqlText.of(change).createdTables().forEach(t -> created.add(key(t.table())));
        }
        return created;
    }

    static List<String> columnNames(LintChange change) {
        List<String> names = new ArrayList<>();
        for (YamlNode item : change.body().get("columns").items()) {
            String name = item.get("column").text("name");
            if (name != null) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String key(String table) {
        return table == null ? "" : table.toLowerCase(Locale.ROOT);
    }
}
