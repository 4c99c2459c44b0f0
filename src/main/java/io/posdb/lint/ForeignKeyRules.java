package io.posdb.lint;

import io.posdb.effect.ChangeSetEffect;
import java.util.List;

/**
 * A foreign key whose ON DELETE SET NULL (or ON UPDATE SET NULL) sits on a NOT NULL column: the changeset applies
 * on every till, and afterwards deleting the row it refers to fails on the NOT NULL (SQLite: "NOT NULL constraint
 * failed"; PostgreSQL alike), in the middle of the shop's day rather than at the upgrade. Decided from the observed
 * catalog after the changeset ({@link ChangeSetEffect#setNullOnNotNull}): one it leaves that was not there before it,
 * on the line of the change that left it. A changeset lint reads only as text (a {@code dbms: postgresql} one) is
 * not judged: its SQLite counterpart, observed, is.
 */
final class ForeignKeyRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.observed(changeSet);
        if (effect == null) {
            return;
        }
        for (ChangeSetEffect.SetNullOnNotNull key : effect.setNullOnNotNull()) {
            findings.add(changeSet.finding(changeSet.lineOfChange(key.change()), Rule.SET_NULL_ON_NOT_NULL_COLUMN,
                    "changeset " + changeSet.id() + " leaves " + key.action() + " on the foreign key of NOT NULL "
                            + "column " + key.table() + "." + key.column() + " (to " + key.referencedTable() + "): it "
                            + "applies, and then " + (key.action().contains("DELETE") ? "deleting" : "changing the key "
                            + "of") + " a " + key.referencedTable() + " row that a " + key.table() + " row refers to "
                            + "fails on the NOT NULL"));
        }
    }
}
