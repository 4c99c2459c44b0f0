package io.posdb.lint;

import io.posdb.database.Engine;
import io.posdb.effect.ChangeSetEffect;
import io.posdb.schema.SchemaCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A foreign key whose ON DELETE SET NULL (or ON UPDATE SET NULL) sits on a NOT NULL column: the changeset applies
 * on every till, and afterwards deleting the row it refers to fails on the NOT NULL (SQLite: "NOT NULL constraint
 * failed"; PostgreSQL alike), in the middle of the shop's day rather than at the upgrade. Decided from the observed
 * catalog after the changeset ({@link ChangeSetEffect#setNullOnNotNull}): one it leaves that was not there before it,
 * on the line of the change that left it. A changeset the scratch database does not run (a {@code dbms: postgresql}
 * one) is judged from its changes as Liquibase read them ({@link LiquibaseChanges.ColumnsRead}): an {@code addForeignKeyConstraint} with SET NULL on a column that the changeset itself
 * makes NOT NULL (its own column constraints, an {@code addNotNullConstraint}) or that is NOT NULL in the catalog
 * before it. Lint runs no PostgreSQL.
 */
final class ForeignKeyRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.observed(changeSet);
        if (effect == null) {
            if (!changeSet.appliesTo(Engine.SQLITE)) {
                checkText(changeSet, context, findings);
            }
            return;
        }
        for (ChangeSetEffect.SetNullOnNotNull key : effect.setNullOnNotNull()) {
            findings.add(finding(changeSet, changeSet.lineOfChange(key.change()), key.table(), key.column(),
                    key.referencedTable(), key.action()));
        }
    }

    /**
     * The changeset's changes in order, as Liquibase read them (one account with the changelog's other rules: a
     * changelog parameter is substituted, however the YAML spells a constraint): the columns it makes NOT NULL or
     * nullable so far, and each foreign key it adds with SET NULL on a column NOT NULL at that point (so far in the
     * changeset, else in the catalog before it), on the line of its change.
     */
    private static void checkText(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        Set<String> notNullHere = new HashSet<>();
        Set<String> nullableHere = new HashSet<>();
        List<LiquibaseChanges.ColumnsRead> read = context.columnsReadByLiquibase(changeSet);
        for (int index = 0; index < read.size(); index++) {
            LiquibaseChanges.ColumnsRead change = read.get(index);
            notNullHere.addAll(change.madeNotNull());
            nullableHere.removeAll(change.madeNotNull());
            nullableHere.addAll(change.madeNullable());
            notNullHere.removeAll(change.madeNullable());
            LiquibaseChanges.ForeignKeyRead key = change.foreignKey();
            String action = key == null ? null : setNullAction(key);
            if (action == null) {
                continue;
            }
            for (String column : key.columns()) {
                String named = LiquibaseChanges.column(key.table(), column);
                SchemaCatalog.Column before = context.columnBefore(key.table(), column, changeSet);
                boolean notNull = notNullHere.contains(named)
                        || !nullableHere.contains(named) && before != null && before.notNull();
                if (notNull) {
                    findings.add(finding(changeSet, lineOf(changeSet, index, change.type()), key.table(), column,
                            key.referencedTable(), action));
                }
            }
        }
    }

    /** The line of the change at {@code index} where the text lists one of that type there, else the changeset's. */
    private static int lineOf(LintChangeSet changeSet, int index, String type) {
        List<LintChange> changes = changeSet.changes();
        return index < changes.size() && changes.get(index).type().equals(type) ? changes.get(index).line()
                : changeSet.line();
    }

    /** "ON DELETE SET NULL", "ON UPDATE SET NULL", both joined by "and" as the observed catalog words it, or null. */
    private static String setNullAction(LiquibaseChanges.ForeignKeyRead key) {
        List<String> actions = Stream.of(setsNull(key.onDelete()) ? "ON DELETE SET NULL" : null,
                setsNull(key.onUpdate()) ? "ON UPDATE SET NULL" : null).filter(Objects::nonNull).toList();
        return actions.isEmpty() ? null : String.join(" and ", actions);
    }

    private static boolean setsNull(String action) {
        return action != null && action.strip().replaceAll("\\s+", " ").equalsIgnoreCase("SET NULL");
    }

    private static Finding finding(LintChangeSet changeSet, int line, String table, String column,
                                   String referencedTable, String action) {
        return changeSet.finding(line, Rule.SET_NULL_ON_NOT_NULL_COLUMN, "changeset " + changeSet.id() + " leaves "
                + action + " on the foreign key of NOT NULL column " + table + "." + column + " (to " + referencedTable
                + "): it applies, and then " + (action.contains("DELETE") ? "deleting" : "changing the key of") + " a "
                + referencedTable + " row that a " + table + " row refers to fails on the NOT NULL");
    }
}
