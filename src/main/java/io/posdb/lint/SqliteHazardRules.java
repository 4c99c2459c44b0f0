package io.posdb.lint;

import java.util.List;
import java.util.Set;

/**
 * Liquibase change types that SQLite refuses, or that Liquibase carries out on SQLite by
 * copying, dropping and renaming the table: with foreign keys on, dropping the old table
 * cascades (ON DELETE CASCADE empties sale and saleitem). Only in changesets that apply
 * to SQLite ({@code dbms} absent or naming sqlite).
 */
final class SqliteHazardRules implements ChangeSetRules {

    static final Set<String> REBUILDING_OR_REFUSED = Set.of("addForeignKeyConstraint", "dropForeignKeyConstraint",
            "addPrimaryKey", "dropPrimaryKey", "addNotNullConstraint", "dropNotNullConstraint", "modifyDataType",
            "dropColumn", "addUniqueConstraint", "dropUniqueConstraint", "addDefaultValue", "dropDefaultValue",
            "addAutoIncrement", "mergeColumns", "addLookupTable", "renameColumn", "setColumnRemarks");

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        if (!changeSet.appliesTo("sqlite")) {
            return;
        }
        for (LintChange change : changeSet.changes()) {
            if (REBUILDING_OR_REFUSED.contains(change.type())) {
                findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.SQLITE_REBUILDS_TABLE,
                        change.type() + " on " + change.tableName() + " is refused by SQLite or done by Liquibase "
                                + "as copy-drop-rename of the table (cascading deletes) in a changeset that applies "
                                + "to SQLite"));
            }
        }
    }
}
