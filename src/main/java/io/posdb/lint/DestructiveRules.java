package io.posdb.lint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Business data is never deleted: dropTable, dropColumn, delete, destructive SQL and a
 * table rebuild that loses a column are errors unless they go through the archive path
 * (a rebuild's {@code dropColumns}, which archives the values first).
 */
final class DestructiveRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        for (LintChange change : changeSet.changes()) {
            String table = change.tableName();
            switch (change.type()) {
                case "dropTable" -> findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.DROP_TABLE,
                        "dropTable deletes table " + table + " with its rows"));
                case "dropColumn" -> findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.DROP_COLUMN,
                        "dropColumn deletes column " + table + "." + columnOf(change) + " and its values"));
                case "delete" -> findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.DELETE_ROWS,
                        "delete removes rows from " + table));
                case "sql" -> SqlText.of(change).destructions().forEach(d -> findings.add(
                        ChangeSetRules.finding(changeSet, change.line(), Rule.DESTRUCTIVE_SQL,
                                "SQL " + d.what() + " " + d.table())));
                default -> {
                    if (change.isRebuild()) {
                        checkRebuild(changeSet, change, context, findings);
                    }
                }
            }
        }
    }

    private static String columnOf(LintChange change) {
        String column = change.body().text("columnName");
        return column != null ? column : String.join(",", KnownTables.columnNames(change));
    }

    /** Columns the table had (earlier changesets, else the rollback definition) that the new one lacks. */
    private static void checkRebuild(LintChangeSet changeSet, LintChange change, LintContext context,
                                     List<Finding> findings) {
        String create = change.body().text("createTableSql");
        if (create == null) {
            return;
        }
        List<String> before = context.tables().columnsOf(change.tableName());
        if (before == null && change.body().text("rollbackCreateTableSql") != null) {
            before = CreateTableColumns.of(change.body().text("rollbackCreateTableSql"));
        }
        if (before == null) {
            return;
        }
        List<String> dropped = new ArrayList<>(before);
        dropped.removeAll(CreateTableColumns.of(create));
        dropped.removeAll(archived(change));
        for (String column : dropped) {
            findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.REBUILD_DROPS_COLUMN,
                    "SqliteTableRebuild of " + change.tableName() + " drops column " + column
                            + " without archiving it (not in dropColumns)"));
        }
    }

    private static List<String> archived(LintChange change) {
        String dropColumns = change.body().text("dropColumns");
        return dropColumns == null ? List.of() : Arrays.stream(dropColumns.split(","))
                .map(s -> s.trim().replace("\"", "").toLowerCase(Locale.ROOT)).toList();
    }
}
