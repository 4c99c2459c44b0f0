package io.posdb.changegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the two shapes and decides, per difference, what a till's data allows: what
 * can be generated, and what is refused with its reason (a NOT NULL column without a
 * default on an existing table, anything that may be a rename).
 */
final class SchemaDiff {

    static final String RENAME_RECIPE = "A rename cannot be told apart from a drop plus an add, so the generator "
            + "never guesses it. Write it by hand (README, \"How to write a rename\"): one changeset with a "
            + "renameColumn (or renameTable) change, a precondition that the old name exists, and the entity "
            + "edited in the same commit.";

    final List<SchemaDifference> differences = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();

    SchemaDiff(Map<String, TableShape> current, Map<String, TableShape> wanted) {
        List<String> newTables = wanted.keySet().stream().filter(t -> !current.containsKey(t)).toList();
        List<String> goneTables = current.keySet().stream().filter(t -> !wanted.containsKey(t)).toList();
        if (!newTables.isEmpty() && !goneTables.isEmpty()) {
            refusals.add("table(s) " + goneTables + " disappeared and " + newTables + " appeared: this may be a rename. "
                    + RENAME_RECIPE);
            return;
        }
        newTables.forEach(t -> differences.add(new SchemaDifference(SchemaDifference.Kind.NEW_TABLE, t, null, null,
                null, null, "new entity table " + t)));
        goneTables.forEach(t -> differences.add(new SchemaDifference(SchemaDifference.Kind.REMOVED_TABLE, t, null, null,
                null, null, "entity table " + t + " removed: its rows are kept in archived_" + t)));
        for (TableShape table : wanted.values()) {
            if (current.containsKey(table.name())) {
                compare(current.get(table.name()), table);
            }
        }
    }

    private void compare(TableShape current, TableShape wanted) {
        String t = current.name();
        List<String> added = wanted.columns().keySet().stream().filter(c -> !current.columns().containsKey(c)).toList();
        List<String> gone = current.columns().keySet().stream().filter(c -> !wanted.columns().containsKey(c)).toList();
        if (!added.isEmpty() && !gone.isEmpty()) {
            refusals.add("table " + t + ": column(s) " + gone + " disappeared and " + added + " appeared: this may be a "
                    + "rename. " + RENAME_RECIPE);
            return;
        }
        for (String c : added) {
            ColumnShape column = wanted.columns().get(c);
            if (column.notNull() && column.defaultValue() == null) {
                refusals.add("table " + t + ": new column " + c + " is NOT NULL without a default, and the existing rows "
                        + "have no value for it. Give it a default (@ColumnDefault) or make it nullable, fill it with a "
                        + "data change (bin/new-changeset --data NAME), then make it NOT NULL in a later changeset.");
            } else {
                differences.add(new SchemaDifference(SchemaDifference.Kind.NEW_COLUMN, t, c, null, column,
                        uniqueOn(wanted, c), "new column " + t + "." + c + " " + column.type().toUpperCase(java.util.Locale.ROOT)
                        + (column.notNull() ? " NOT NULL DEFAULT " + column.defaultValue() : " (nullable)")));
            }
        }
        for (String c : gone) {
            differences.add(new SchemaDifference(SchemaDifference.Kind.REMOVED_COLUMN, t, c, current.columns().get(c),
                    null, null, "column " + t + "." + c + " removed from the entity: its values are archived into "
                    + "data_migration_audit, then it is dropped"));
        }
        for (ColumnShape column : wanted.columns().values()) {
            ColumnShape before = current.columns().get(column.name());
            String what = before == null ? "" : before.differenceTo(column);
            if (!what.isEmpty()) {
                differences.add(new SchemaDifference(SchemaDifference.Kind.CHANGED_COLUMN, t, column.name(), before,
                        column, null, "column " + t + "." + column.name() + " changed: " + what.replaceAll("; $", "")));
            }
        }
        for (IndexShape index : wanted.indexes()) {
            boolean onNewColumn = index.columns().stream().anyMatch(added::contains);
            if (!onNewColumn && current.indexOn(index.columns()) == null) {
                differences.add(new SchemaDifference(SchemaDifference.Kind.NEW_INDEX, t, null, null, null, index,
                        (index.unique() ? "new unique index on " : "new index on ") + t + " " + index.columns()));
            }
        }
    }

    /** The unique index the entities want on exactly this (new) column, or null. */
    private static IndexShape uniqueOn(TableShape wanted, String column) {
        IndexShape index = wanted.indexOn(List.of(column));
        return index != null && index.unique() ? index : null;
    }
}
