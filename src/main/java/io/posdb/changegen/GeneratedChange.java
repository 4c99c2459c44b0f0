package io.posdb.changegen;

import io.posdb.schema.Compatibility;
import io.posdb.schema.SchemaCatalog.Column;
import io.posdb.schema.SchemaCatalog.ForeignKey;
import io.posdb.schema.SchemaCatalog.Index;

/**
 * One difference between the entities and the changelog's schema, as the generator will
 * write it: what changed (the changeset's comment and the printed reason) and its kind.
 * Columns are as both sides require them: {@code notNull} includes a primary key's. {@code reference}
 * is the foreign key a new column is added with (a new nullable {@code @ManyToOne}); for a new table, its first
 * foreign key to a table there before it ({@link Compatibility#referencesToOlderTables}), which makes it breaking;
 * for a changed column made NOT NULL, its foreign key with the actions it gets instead of the changelog's SET NULL
 * (SchemaDiff's {@code withoutSetNull}); else null.
 * {@code retypedOnPostgresql}: a changed column's type is altered on PostgreSQL, where SQLite's changes or where
 * PostgreSQL's validation would refuse the column as it is; {@link SchemaDiff} decides it, PostgresAlter writes it.
 */
record GeneratedChange(Kind kind, String table, String column, Column current, Column wanted, Index index,
                       ForeignKey reference, String what, boolean retypedOnPostgresql) {

    enum Kind { NEW_TABLE, NEW_COLUMN, NEW_INDEX, CHANGED_COLUMN, REMOVED_COLUMN, REMOVED_TABLE }

    /**
     * The class the generated changesets declare for older releases (docs/releases.md), the same
     * that posdb observes when a till applies them and that lint checks the declaration against.
     */
    String compatibility() {
        return switch (kind) {
            case NEW_TABLE -> reference != null
                    ? "compatibility: breaking, because " + Compatibility.olderDeletesCheckedAgainst(reference)
                    : "compatibility: compatible, because an older release never reads the new table";
            case NEW_COLUMN -> reference != null
                    ? "compatibility: breaking, because " + Compatibility.olderDeletesCheckedAgainst(reference)
                    // What posdb observes of any CHECK added to a table an older release writes (an enum's values).
                    : wanted.check() != null ? "compatibility: breaking, because the new column comes with a CHECK "
                            + "on the table an older release writes"
                    : "compatibility: compatible, because an older release's rows need no value for it";
            case NEW_INDEX -> index.unique()
                    ? "compatibility: breaking, because an older release may write duplicates the unique index refuses"
                    : "compatibility: compatible, because an index changes no row an older release writes";
            case CHANGED_COLUMN -> "compatibility: breaking, because an older release writes the column as it was";
            case REMOVED_COLUMN, REMOVED_TABLE -> "compatibility: breaking, because an older release still maps it";
        };
    }
}
