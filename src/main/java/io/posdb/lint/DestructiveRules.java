package io.posdb.lint;

import io.posdb.effect.ChangeEffect;
import io.posdb.effect.ChangeSetEffect;
import io.posdb.migration.sqlite.SqliteTableRebuild;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Business data is never deleted: a dropped table, a removed column whose values were not
 * archived, rows deleted from a table that existed before are errors unless they go through the
 * archive path (a rebuild's {@code dropColumns}, data_migration_audit, an archived_* table).
 * Where the changeset ran on the scratch database this is decided from its observed effect, change
 * by change (each finding on its change's line); the text is read only for a changeset that did not
 * run there (another engine's, skipped by its precondition, failed).
 */
final class DestructiveRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.observed(changeSet);
        if (effect != null) {
            observed(changeSet, effect, findings);
        } else {
            text(changeSet, context, findings);
        }
    }

    private static void observed(LintChangeSet changeSet, ChangeSetEffect effect, List<Finding> findings) {
        List<LintChange> changes = changeSet.changes();
        for (ChangeEffect change : effect.changes()) {
            LintChange written = changeSet.written(changes, change);
            int line = written.line();
            String type = written.type();
            boolean sql = type.equals("sql") || type.equals("sqlFile");
            for (String table : change.droppedTables()) {
                findings.add(sql ? changeSet.finding(line, Rule.DESTRUCTIVE_SQL, "SQL drops table " + table)
                        : changeSet.finding(line, Rule.DROP_TABLE, type + " deletes table " + table
                                + " with its rows"));
            }
            for (String tableColumn : change.removedColumns()) {
                String table = tableColumn.substring(0, tableColumn.indexOf('.'));
                String column = tableColumn.substring(tableColumn.indexOf('.') + 1);
                if (change.archivedColumn(table, column) || effect.archivedColumn(table, column)) {
                    continue;
                }
                findings.add(written.isRebuild() ? rebuildDrops(changeSet, line, table, column)
                        : sql ? changeSet.finding(line, Rule.DESTRUCTIVE_SQL,
                                "SQL drops column " + column + " of " + table)
                        : changeSet.finding(line, Rule.DROP_COLUMN,
                                type + " deletes column " + table + "." + column + " and its values"));
            }
            for (String table : change.deletedFrom()) {
                if (!effect.existedBefore(table) || effect.archivedInto(table)) {
                    continue;
                }
                findings.add(sql ? changeSet.finding(line, Rule.DESTRUCTIVE_SQL, "SQL deletes rows from " + table)
                        : changeSet.finding(line, Rule.DELETE_ROWS,
                        type + (type.equals("delete") ? " removes rows from " : " deletes rows from ") + table));
            }
        }
    }

    private static Finding rebuildDrops(LintChangeSet changeSet, int line, String table, String column) {
        return changeSet.finding(line, Rule.REBUILD_DROPS_COLUMN, "SqliteTableRebuild of " + table
                + " drops column " + column + " without archiving it (not in dropColumns)");
    }

    /** A changeset that did not run on the scratch database: what its text says it does. */
    private static void text(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        for (LintChange change : changeSet.changes()) {
            String table = change.tableName();
            switch (change.type()) {
                case "dropTable" -> findings.add(changeSet.finding(change.line(), Rule.DROP_TABLE,
                        "dropTable deletes table " + table + " with its rows"));
                case "dropColumn" -> findings.add(changeSet.finding(change.line(), Rule.DROP_COLUMN,
                        "dropColumn deletes column " + table + "." + columnOf(change) + " and its values"));
                case "delete" -> findings.add(changeSet.finding(change.line(), Rule.DELETE_ROWS,
                        "delete removes rows from " + table));
                case "sql" -> SqlText.of(change).destructions().forEach(d -> findings.add(
                        changeSet.finding(change.line(), Rule.DESTRUCTIVE_SQL, "SQL " + d.what() + " " + d.table())));
                default -> {
                    if (change.isRebuild()) {
                        textRebuild(changeSet, change, context, findings);
                    }
                }
            }
        }
    }

    private static String columnOf(LintChange change) {
        String column = change.body().text("columnName");
        return column != null ? column : String.join(",", change.columnNames());
    }

    /** The columns a rebuild's definition defines; null when SQLite does not run it on its own (it needs other tables). */
    private static List<String> columnsOf(String definition) {
        try {
            return SqliteTableRebuild.columnsOf(definition);
        } catch (SQLException e) {
            return null; // nothing to compare with
        }
    }

    /** Columns the table had (the catalog before, else the rollback definition) that the new definition lacks. */
    private static void textRebuild(LintChangeSet changeSet, LintChange change, LintContext context,
                                    List<Finding> findings) {
        String create = change.body().text("createTableSql");
        List<String> after = create == null ? null : columnsOf(create);
        if (after == null) {
            return;
        }
        List<String> before = context.columnsBefore(change.tableName(), changeSet);
        if (before == null && change.body().text("rollbackCreateTableSql") != null) {
            before = columnsOf(change.body().text("rollbackCreateTableSql"));
        }
        if (before == null) {
            return;
        }
        List<String> dropped = new ArrayList<>(before);
        dropped.removeIf(c -> after.stream().anyMatch(c::equalsIgnoreCase)
                || archived(change).contains(c.toLowerCase(Locale.ROOT)));
        for (String column : dropped) {
            findings.add(rebuildDrops(changeSet, change.line(), change.tableName(), column));
        }
    }

    private static List<String> archived(LintChange change) {
        String dropColumns = change.body().text("dropColumns");
        return dropColumns == null ? List.of() : Arrays.stream(dropColumns.split(","))
                .map(s -> s.trim().replace("\"", "").toLowerCase(Locale.ROOT)).toList();
    }
}
