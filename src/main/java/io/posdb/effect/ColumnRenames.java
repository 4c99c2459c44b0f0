package io.posdb.effect;

import io.posdb.schema.Compatibility;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaObject;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;
import liquibase.change.core.RenameColumnChange;

/**
 * The columns a change renamed, which keep their values under a new name: declared by the change
 * (Liquibase's {@code renameColumn}, or SQL's {@code ALTER TABLE t RENAME [COLUMN] a TO b}, the rename
 * docs/writing-migrations.md shows) and confirmed by the rows: {@code a} is gone, {@code b} is there,
 * and every row holds under {@code b} the value it held under {@code a}. A declared rename whose values
 * did not arrive is not one (the column is reported removed), and neither is a column dropped beside
 * another added with the same values (nothing declared it): a drop is never taken for a rename.
 */
public record ColumnRenames(List<Rename> renames) {

    private static final String NAME = SqlIdentifiers.NAME_IN_SQL;
    private static final Pattern RENAME_COLUMN = Pattern.compile("(?is)^ALTER\\s+TABLE\\s+" + NAME
            + "\\s+RENAME\\s+(?:COLUMN\\s+)?" + NAME + "\\s+TO\\s+" + NAME + "\\s*;?$");

    /** {@code table} as the catalog names it. */
    public record Rename(String table, String from, String to) {

        /** The rename that undoes this one. */
        public Rename reversed() {
            return new Rename(table, to, from);
        }

        /** The statement that makes it, on SQLite 3.25+ and PostgreSQL: {@link #declaredBy(String)} reads it. */
        public String sql() {
            return "ALTER TABLE " + SqlIdentifiers.quoteAny(table) + " RENAME COLUMN " + SqlIdentifiers.quoteAny(from)
                    + " TO " + SqlIdentifiers.quoteAny(to);
        }

        /** {@code product.title->product.name}, as a report names it. */
        public String text() {
            return table + "." + from + "->" + table + "." + to;
        }
    }

    static ColumnRenames of(Change change, EffectRecorder.Start before, EffectRecorder.Start after) {
        List<Rename> confirmed = new ArrayList<>();
        for (Rename declared : declaredBy(change)) {
            SchemaCatalog.Table was = tableNamed(before.catalog(), declared.table());
            SchemaCatalog.Table is = was == null ? null : after.catalog().table(was.name());
            if (is == null || was.column(declared.from()) == null || is.column(declared.from()) != null
                    || is.column(declared.to()) == null) {
                continue;
            }
            String from = was.column(declared.from()).name();
            String to = is.column(declared.to()).name();
            if (before.rows().sameValues(was.name(), from, after.rows(), to)) {
                confirmed.add(new Rename(was.name(), from, to));
            }
        }
        return new ColumnRenames(List.copyOf(confirmed));
    }

    /** The renames {@code change} says it makes, in order, its rows unread: {@link #of} confirms them. */
    public static List<Rename> declaredBy(Change change) {
        List<Rename> declared = new ArrayList<>();
        if (change instanceof RenameColumnChange rename && rename.getTableName() != null) {
            declared.add(new Rename(rename.getTableName(), rename.getOldColumnName(), rename.getNewColumnName()));
        } else if (change instanceof RawSQLChange sql && sql.getSql() != null) {
            for (String statement : SqlScript.statements(sql)) {
                declaredBy(statement).ifPresent(declared::add);
            }
        }
        return declared;
    }

    /** The rename one SQL statement makes ({@code ALTER TABLE t RENAME [COLUMN] a TO b}), if it is one. */
    public static Optional<Rename> declaredBy(String statement) {
        Matcher m = RENAME_COLUMN.matcher(SqlScript.withoutComments(statement).strip());
        return m.matches() ? Optional.of(new Rename(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /**
     * The renames {@code declared} (a changeset's, in order) made, as the catalogs before and after it show them, for
     * its recorded undo: a chain ({@code a} to {@code b}, then {@code b} to {@code c}) as one rename, names as the
     * catalogs spell them, kept where the table is in both, the old name only before and the new one only after. The
     * rows are not read (the recorder has only the catalogs): the engine's rename keeps every value, and a changeset
     * that also changed the values changed rows, which its record says apart ({@code restoreAudited}, or refused).
     */
    public static List<Rename> inCatalogs(List<Rename> declared, SchemaCatalog before, SchemaCatalog after) {
        List<Rename> chained = new ArrayList<>();
        for (Rename rename : declared) {
            int earlier = IntStream.range(0, chained.size()).filter(i -> chained.get(i).table()
                    .equalsIgnoreCase(rename.table()) && chained.get(i).to().equalsIgnoreCase(rename.from()))
                    .findFirst().orElse(-1);
            if (earlier < 0) {
                chained.add(rename);
            } else {
                chained.set(earlier, new Rename(rename.table(), chained.get(earlier).from(), rename.to()));
            }
        }
        List<Rename> confirmed = new ArrayList<>();
        for (Rename rename : chained) {
            SchemaCatalog.Table was = tableNamed(before, rename.table());
            SchemaCatalog.Table is = was == null ? null : after.table(was.name());
            if (is != null && was.column(rename.from()) != null && is.column(rename.from()) == null
                    && is.column(rename.to()) != null && was.column(rename.to()) == null) {
                confirmed.add(new Rename(was.name(), was.column(rename.from()).name(), is.column(rename.to()).name()));
            }
        }
        return List.copyOf(confirmed);
    }

    private static SchemaCatalog.Table tableNamed(SchemaCatalog catalog, String name) {
        return catalog.tables().values().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** {@code table.column} is a renamed column's old name. */
    boolean renamedFrom(String table, String column) {
        return renames.stream().anyMatch(r -> r.table().equalsIgnoreCase(table) && r.from().equalsIgnoreCase(column));
    }

    /** {@code table.column} is a renamed column's new name. */
    boolean renamedTo(String table, String column) {
        return renames.stream().anyMatch(r -> r.table().equalsIgnoreCase(table) && r.to().equalsIgnoreCase(column));
    }

    /**
     * {@code observed} with each rename said as one ({@link Compatibility#renamed}) instead of its old column removed
     * and its new one added, where the new column is still there after the changeset: the class stays, an older
     * release reads the old name, but its fix is another (add a column, copy, drop later). A unique constraint or
     * CHECK that moved with the column is not new either (as {@link EffectRecorder} reads a change's effect).
     */
    Compatibility named(Compatibility observed, SchemaCatalog before, SchemaCatalog after) {
        List<String> reasons = new ArrayList<>(observed.reasons());
        for (Rename rename : renames) {
            SchemaCatalog.Table table = tableNamed(after, rename.table());
            int removed = indexOf(reasons, "column " + rename.table() + "." + rename.from() + " removed");
            if (table == null || table.column(rename.to()) == null || removed < 0) {
                continue;
            }
            reasons.set(removed, Compatibility.renamed(rename.table(), rename.from(), table.column(rename.to()).name()));
            reasons.removeIf(reason -> reason.equalsIgnoreCase("column " + rename.table() + "." + rename.to() + " added"));
        }
        reasons.removeIf(reason -> reason.endsWith(" added") && movedWithARename(
                reason.substring(0, reason.length() - " added".length()), before, after));
        return new Compatibility(observed.level(), reasons);
    }

    /**
     * A unique constraint, CHECK or foreign key added under a label that, before the renames, names an object already
     * there.
     */
    boolean movedWithARename(String label, SchemaCatalog before, SchemaCatalog after) {
        String labelBefore = labelBefore(label, after);
        return labelBefore != null && before.get(labelBefore) != null;
    }

    private static int indexOf(List<String> reasons, String reason) {
        return IntStream.range(0, reasons.size()).filter(i -> reasons.get(i).equalsIgnoreCase(reason)).findFirst()
                .orElse(-1);
    }

    /**
     * The catalog label the object {@code after} has under {@code label} had before the renames: a unique constraint,
     * CHECK or foreign key is named by its columns ({@code unique constraint on category(title)} was {@code …
     * category(name)}), read from what it is in {@code after}'s typed model, never replaced in the label's text (a
     * column may be named as its table, or as a word of the label). Null for another object or where no rename
     * touches it.
     */
    private String labelBefore(String label, SchemaCatalog after) {
        SchemaObject object = after.get(label);
        Object model = after.typed(label);
        if (object == null || object.table() == null) {
            return null;
        }
        String table = object.table();
        String before = switch (object.kind()) {
            case UNIQUE_CONSTRAINT -> model instanceof List<?> columns ? SchemaCatalog.uniqueConstraintLabel(table,
                    columns.stream().map(column -> nameBefore(table, (String) column)).toList()) : null;
            case CHECK -> model instanceof SchemaCatalog.Check check
                    ? SchemaCatalog.checkLabel(table, nameBefore(table, check.column())) : null;
            case FOREIGN_KEY -> model instanceof SchemaCatalog.ForeignKey key ? SchemaCatalog.foreignKeyLabel(table,
                    key.columns().stream().map(column -> nameBefore(table, column)).toList()) : null;
            default -> null;
        };
        return before == null || before.equalsIgnoreCase(label) ? null : before;
    }

    /** The name {@code table.column} had before the renames, the last undone first. */
    private String nameBefore(String table, String column) {
        String name = column;
        for (int i = renames.size() - 1; i >= 0; i--) {
            Rename rename = renames.get(i);
            if (rename.table().equalsIgnoreCase(table) && rename.to().equalsIgnoreCase(name)) {
                name = rename.from();
            }
        }
        return name;
    }
}
