package io.posdb.lint;

import java.util.List;

/**
 * Changesets run in a transaction, so a failure leaves nothing half done. Only a table
 * rebuild needs {@code runInTransaction: false} (PRAGMA foreign_keys has no effect inside one).
 */
final class TransactionRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        if (!changeSet.runsInTransaction() && changeSet.changes().stream().noneMatch(LintChange::isRebuild)) {
            findings.add(changeSet.finding(changeSet.lineOf("runInTransaction"),
                    Rule.NEEDLESS_NO_TRANSACTION, "changeset " + changeSet.id()
                            + " runs outside a transaction but has no table rebuild that needs it"));
        }
    }
}
