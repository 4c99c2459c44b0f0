package io.posdb.changegen;

import io.posdb.changegen.GeneratedChange.Kind;
import io.posdb.schema.Compatibility;
import io.posdb.schema.PostgresTypes;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaCatalog.Column;
import io.posdb.schema.SchemaCatalog.ForeignKey;
import io.posdb.schema.SchemaCatalog.Index;
import io.posdb.schema.SchemaCatalog.Table;
import io.posdb.schema.SchemaDifference;
import io.posdb.schema.SchemaObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads the one differ's answer ({@link SchemaCatalog#differencesFrom}, on both schemas as
 * entities declare them: the same differ drift uses) and decides, per difference, what a
 * till's data allows: what can be generated, and what is refused with its reason (a NOT NULL
 * column without a default on an existing table, anything that may be a rename, a foreign key added
 * to existing columns, dropped or retargeted).
 */
final class SchemaDiff {

    static final String RENAME_RECIPE = "A rename cannot be told apart from a drop plus an add, so the generator "
            + "never guesses it. Write it by hand (docs/writing-migrations.md, \"How to write a rename\"): one changeset with a "
            + "renameColumn (or renameTable) change, a precondition that the old name exists, and the entity "
            + "edited in the same commit.";

    final List<GeneratedChange> differences = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();

    private final SchemaCatalog current;
    /** Both schemas as entities declare them: what the differences name, in the typed model ({@link #declared}). */
    private final SchemaCatalog wantedAsDeclared;
    private final SchemaCatalog currentAsDeclared;
    private final PostgresColumnTypes currentOnPostgresql;
    private final HibernateDdl wantedOnPostgresql;

    /**
     * {@code currentOnPostgresql} (the changelog's PostgreSQL changesets) and {@code wantedOnPostgresql} (Hibernate's
     * PostgreSQL DDL) add the columns whose type SQLite's affinity does not tell apart and PostgreSQL's validation
     * does: an int becoming a long or a boolean is one INTEGER to SQLite, a BIGINT or a BOOLEAN to PostgreSQL.
     * Both null: SQLite's side only, without the types only PostgreSQL tells apart.
     */
    SchemaDiff(SchemaCatalog current, SchemaCatalog wanted, PostgresColumnTypes currentOnPostgresql,
               HibernateDdl wantedOnPostgresql) {
        this.current = current;
        this.currentOnPostgresql = currentOnPostgresql;
        this.wantedOnPostgresql = wantedOnPostgresql;
        this.wantedAsDeclared = wanted.asEntitiesDeclareIt(ChangelogSchema::isEntityTable);
        this.currentAsDeclared = current.asEntitiesDeclareIt(ChangelogSchema::isEntityTable);
        List<SchemaDifference> found = wantedAsDeclared.differencesFrom(currentAsDeclared);
        List<String> newTables = tables(found, SchemaDifference.Kind.MISSING);
        List<String> goneTables = tables(found, SchemaDifference.Kind.NOT_IN_EXPECTED);
        if (!newTables.isEmpty() && !goneTables.isEmpty()) {
            refusals.add("table(s) " + goneTables + " disappeared and " + newTables + " appeared: this may be a rename. "
                    + RENAME_RECIPE);
            return;
        }
        // In the entities' order, as the changesets are numbered: a till classes each against the tables before it,
        // the changelog's and those of the earlier files (Compatibility.referencesToOlderTables).
        List<String> tablesBefore = new ArrayList<>(current.tables().keySet());
        for (Table table : wanted.tables().values()) {
            if (newTables.contains(table.name())) {
                ForeignKey toAnOlderTable = Compatibility.referencesToOlderTables(table, tablesBefore).stream()
                        .findFirst().orElse(null);
                differences.add(new GeneratedChange(Kind.NEW_TABLE, table.name(), null, null, null, null,
                        toAnOlderTable, "new entity table " + table.name(), false));
                tablesBefore.add(table.name());
            }
        }
        goneTables.forEach(t -> differences.add(new GeneratedChange(Kind.REMOVED_TABLE, t, null, null, null, null, null,
                "entity table " + t + " removed: its rows are kept in archived_" + t, false)));
        for (Table table : wanted.tables().values()) {
            if (current.table(table.name()) != null) {
                compare(current.table(table.name()), table, found);
            }
        }
    }

    private void compare(Table currentTable, Table wanted, List<SchemaDifference> found) {
        String t = currentTable.name();
        List<String> added = columns(found, SchemaDifference.Kind.MISSING, t);
        List<String> gone = columns(found, SchemaDifference.Kind.NOT_IN_EXPECTED, t);
        if (!added.isEmpty() && !gone.isEmpty()) {
            refusals.add("table " + t + ": column(s) " + gone + " disappeared and " + added + " appeared: this may be a "
                    + "rename. " + RENAME_RECIPE);
            return;
        }
        for (String c : added) {
            Column wantedColumn = required(wanted, wanted.column(c));
            ForeignKey reference = wanted.foreignKeys().stream().filter(k -> k.columns().equals(List.of(c)))
                    .findFirst().orElse(null);
            if (wantedColumn.notNull() && wantedColumn.defaultValue() == null) {
                refusals.add("table " + t + ": new column " + c + " is NOT NULL without a default, and the existing rows "
                        + "have no value for it" + (reference == null ? ". Give it a default (@ColumnDefault) or make it"
                        : " (no " + reference.referencedTable() + " row to refer to). Make it") + " nullable, fill it "
                        + "with a data change (bin/new-changeset --data NAME), then make it NOT NULL in a later changeset.");
            } else if (reference != null && wantedColumn.defaultValue() != null) {
                // https://www.sqlite.org/lang_altertable.html: with foreign keys on, a column added with a REFERENCES
                // clause must default to NULL; a rebuild could give it another default, but not the generator.
                refusals.add("table " + t + ": new column " + c + " refers to " + reference.referencedTable() + " and "
                        + "has the default " + wantedColumn.defaultValue() + ": SQLite adds a column with a foreign key "
                        + "only with the default NULL. Add it nullable without a default, fill it with a data change "
                        + "(bin/new-changeset --data NAME), then make it NOT NULL in a later changeset.");
            } else {
                differences.add(new GeneratedChange(Kind.NEW_COLUMN, t, c, null, wantedColumn, uniqueOn(found, t, c),
                        reference, "new column " + t + "." + c + " " + wantedColumn.type().toUpperCase(Locale.ROOT)
                        + (wantedColumn.notNull() ? " NOT NULL DEFAULT " + wantedColumn.defaultValue() : " (nullable)")
                        + (reference == null ? "" : " referring to " + reference.referencedTable() + "("
                        + String.join(",", reference.referencedColumns()) + ")"
                        + (reference.onDelete() == null ? "" : " ON DELETE " + reference.onDelete())), false));
            }
        }
        for (String c : gone) {
            differences.add(new GeneratedChange(Kind.REMOVED_COLUMN, t, c, required(currentTable, currentTable.column(c)), null,
                    null, null, "column " + t + "." + c + " removed from the entity: its values are archived into "
                    + "data_migration_audit, then it is dropped", false));
        }
        List<String> changed = columns(found, SchemaDifference.Kind.CHANGED, t);
        for (Column wantedColumn : wanted.columns()) {
            String c = wantedColumn.name();
            String onPostgresql = currentTable.column(c) == null ? null : retypedOnPostgresql(t, c);
            if (changed.contains(c) || onPostgresql != null) {
                Column before = required(currentTable, currentTable.column(c));
                Column after = required(wanted, wantedColumn);
                ForeignKey had = currentTable.foreignKeyOn(c);
                ForeignKey reference = after.notNull() && !before.notNull()
                        ? withoutSetNull(t, had, wanted.foreignKeyOn(c)) : null;
                differences.add(new GeneratedChange(Kind.CHANGED_COLUMN, t, c, before, after, null, reference, "column "
                        + t + "." + c + " changed: " + (changed.contains(c) ? what(before, after) : onPostgresql)
                        + (reference == null ? "" : actionsChanged(had, reference)),
                        onPostgresql != null || !before.comparableType().equals(after.comparableType())));
            }
        }
        foreignKeys(t, found, added, gone);
        for (SchemaDifference d : found) {
            Index index = index(d, t);
            if (index != null && index.columns().stream().noneMatch(added::contains) && !uniqueAlready(index)) {
                differences.add(new GeneratedChange(Kind.NEW_INDEX, t, null, null, null, index, null, (index.unique()
                        ? "new unique index on " : "new index on ") + t + " " + index.columns(), false));
            }
        }
    }

    /**
     * {@code type A -> B on PostgreSQL} where the column's type there, as the changelog's PostgreSQL changesets give
     * it, is one Hibernate's validation refuses for the entities' ({@link PostgresTypes#validates}): the change alters
     * the type on PostgreSQL whether SQLite sees a change or not (an int becoming a long or a boolean is one INTEGER to
     * SQLite). Null where it validates, or where the changesets do not say the type (left to drift). Decided here
     * once: the change carries it ({@code retypedOnPostgresql}) and PostgresAlter writes what it says.
     */
    private String retypedOnPostgresql(String t, String c) {
        String found = currentOnPostgresql == null ? null : currentOnPostgresql.known(t, c);
        String type = found == null ? null : wantedOnPostgresql.columnType(t, c);
        return type == null || PostgresTypes.validates(found, type) ? null
                : "type " + found + " -> " + type + " on PostgreSQL";
    }

    /**
     * A foreign key the entities and the changelog's schema do not agree on is refused, never "no changes": SQLite
     * cannot add, drop or retarget one in place (it is part of the table's definition), and the generator does
     * not know the actions (ON DELETE ...) a hand-written rebuild gives it. One on a column the same run drops
     * goes with the column's line; one on a single new column too: SQLite's ADD COLUMN takes its REFERENCES
     * clause, or the column is refused for its own reason.
     */
    private void foreignKeys(String t, List<SchemaDifference> found, List<String> added, List<String> gone) {
        for (SchemaDifference d : found) {
            if (d.objectKind() != SchemaObject.Kind.FOREIGN_KEY || !t.equals(d.table())) {
                continue;
            }
            List<String> columns = onColumns(d);
            if (d.kind() == SchemaDifference.Kind.NOT_IN_EXPECTED && gone.containsAll(columns)
                    || d.kind() == SchemaDifference.Kind.MISSING && columns.size() == 1 && added.containsAll(columns)) {
                continue;
            }
            String what = switch (d.kind()) {
                case MISSING -> "the entities have " + d.object() + " and the changelog's schema does not"
                        + (added.containsAll(columns) ? " (on new columns)" : "");
                case NOT_IN_EXPECTED -> "the changelog's schema has " + d.object() + " and the entities do not";
                case CHANGED -> d.object() + " refers to " + d.actual() + " in the changelog's schema and to "
                        + d.expected() + " in the entities";
            };
            refusals.add("table " + t + ": " + what + ". Write that change by hand as a table rebuild "
                    + "(io.posdb.migration.sqlite.SqliteTableRebuild, 0010 is the model) with the REFERENCES clause "
                    + "and its ON DELETE action, and ALTER TABLE ... ADD/DROP CONSTRAINT on PostgreSQL.");
        }
    }

    /**
     * The foreign key of a column the entities make NOT NULL, with the actions such a column allows, or null where
     * its actions stay as the changelog has them. ON DELETE SET NULL (or ON UPDATE SET NULL) on a NOT NULL column
     * applies, and then fails every delete of a row it refers to on the NOT NULL: never what a developer who made
     * the {@code @ManyToOne} non-optional meant. The SET NULL gives way to the action the entity declares
     * ({@code @OnDelete}), else to none: SQL's default NO ACTION, which refuses to delete a row still referred to, as
     * a new column's REFERENCES is written without {@code @OnDelete}. Entities cannot declare ON UPDATE: its SET NULL
     * gives way to NO ACTION, any other action stays. An entity declaring {@code @OnDelete(SET_NULL)} on the NOT NULL
     * column is refused: the entity contradicts itself, and either way would be a guess. Null too where the entities
     * have no foreign key on the column (refused by {@link #foreignKeys}).
     */
    private ForeignKey withoutSetNull(String t, ForeignKey had, ForeignKey declared) {
        if (had == null || declared == null || !had.setsNull()) {
            return null;
        }
        if (declared.setsNullOnDelete()) {
            refusals.add("table " + t + ": column " + had.columns().get(0) + " becomes NOT NULL and its entity "
                    + "declares @OnDelete(action = SET_NULL) for its foreign key to " + declared.referencedTable()
                    + ": a NOT NULL column cannot be set to NULL. Declare another action (CASCADE, or none for NO "
                    + "ACTION), or keep the @ManyToOne optional.");
            return null;
        }
        String onUpdate = had.setsNullOnUpdate() || NO_ACTION.equals(had.onUpdate()) ? null : had.onUpdate();
        return new ForeignKey(declared.columns(), declared.referencedTable(), declared.referencedColumns(),
                declared.onDelete(), onUpdate);
    }

    private static final String NO_ACTION = "NO ACTION";

    /** What becomes of the SET NULL actions, for the changeset's comment: {@code ; its foreign key's ON DELETE ...}. */
    private static String actionsChanged(ForeignKey had, ForeignKey becomes) {
        List<String> changed = new ArrayList<>();
        if (had.setsNullOnDelete()) {
            changed.add("ON DELETE SET NULL becomes " + (becomes.onDelete() == null
                    ? "NO ACTION (the entity declares no @OnDelete; a NOT NULL column cannot be set to NULL)"
                    : becomes.onDelete() + " (the entity's @OnDelete)"));
        }
        if (had.setsNullOnUpdate()) {
            changed.add("ON UPDATE SET NULL becomes NO ACTION (a NOT NULL column cannot be set to NULL)");
        }
        return "; its foreign key's " + String.join(", its ", changed);
    }

    /** A plain index the entities want where the changelog already has a unique one on the same columns serves. */
    private boolean uniqueAlready(Index wanted) {
        Table table = current.table(wanted.table());
        return !wanted.unique() && (table.uniqueConstraints().contains(wanted.columns()) || current.indexes().stream()
                .anyMatch(i -> i.unique() && i.table().equals(wanted.table()) && i.columns().equals(wanted.columns())));
    }

    /** The column as the table requires it: NOT NULL when declared so or part of the primary key. */
    private static Column required(Table table, Column column) {
        return new Column(column.name(), column.type(), table.requiresValue(column), column.defaultValue(),
                column.check());
    }

    private static String what(Column before, Column after) {
        return String.join("; ", Stream.of(
                before.comparableType().equals(after.comparableType()) ? null
                        : "type " + before.type() + " -> " + after.type(),
                before.notNull() == after.notNull() ? null : after.notNull() ? "becomes NOT NULL" : "becomes nullable",
                after.check() != null && !before.sameCheck(after.check()) ? "CHECK " + after.check() : null)
                .filter(Objects::nonNull).toList());
    }

    /** The tables the differ found with this kind. */
    private static List<String> tables(List<SchemaDifference> found, SchemaDifference.Kind kind) {
        return found.stream().filter(d -> d.kind() == kind && d.objectKind() == SchemaObject.Kind.TABLE)
                .map(SchemaDifference::name).toList();
    }

    /**
     * What the object a difference names is in the typed model of the schema that has it: the entities' (missing
     * from the changelog's, or changed) or the changelog's (not in the entities'). Its parts are read from there,
     * never back from its name: a quoted name may hold the {@code ,} or {@code )} the name is written with.
     */
    private Object declared(SchemaDifference d) {
        SchemaCatalog having = d.kind() == SchemaDifference.Kind.NOT_IN_EXPECTED ? currentAsDeclared : wantedAsDeclared;
        return Objects.requireNonNull(having.typed(d.object()), () -> d.object() + " has no typed model");
    }

    /** The columns of {@code table} the differ found with this kind, by their names. */
    private List<String> columns(List<SchemaDifference> found, SchemaDifference.Kind kind, String table) {
        return found.stream().filter(d -> d.kind() == kind && d.objectKind() == SchemaObject.Kind.COLUMN
                && table.equals(d.table())).map(d -> ((Column) declared(d)).name()).toList();
    }

    /** The columns a foreign key or index the differ found is on. */
    private List<String> onColumns(SchemaDifference d) {
        Object declared = declared(d);
        return declared instanceof ForeignKey key ? key.columns() : ((Index) declared).columns();
    }

    /** The index the entities want on {@code table} that the changelog lacks, from a difference. */
    private Index index(SchemaDifference d, String table) {
        boolean anIndex = d.objectKind() == SchemaObject.Kind.UNIQUE_INDEX_ON
                || d.objectKind() == SchemaObject.Kind.INDEX_ON;
        return d.kind() == SchemaDifference.Kind.MISSING && table.equals(d.table()) && anIndex ? (Index) declared(d)
                : null;
    }

    /** The unique index the entities want on exactly this (new) column, or null. */
    private Index uniqueOn(List<SchemaDifference> found, String table, String column) {
        return found.stream().map(d -> index(d, table))
                .filter(i -> i != null && i.unique() && i.columns().equals(List.of(column))).findFirst().orElse(null);
    }
}
