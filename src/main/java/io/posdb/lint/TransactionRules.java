package io.posdb.lint;

import java.util.List;
import java.util.stream.Stream;

/**
 * Changesets run in a transaction, so a failure leaves nothing half done. Only a table
 * rebuild or a table archive ({@code ArchiveTable}) needs {@code runInTransaction: false} (PRAGMA foreign_keys has
 * no effect inside one), in its changes or in its rollback (which runs under the same setting: a generated new
 * column's rollback on SQLite rebuilds the table).
 */
final class TransactionRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        if (!changeSet.runsInTransaction() && Stream.concat(changeSet.changes().stream(),
                LintChange.of(changeSet.rollback()).stream()).noneMatch(LintChange::needsNoTransaction)) {
            findings.add(changeSet.finding(changeSet.lineOf("runInTransaction"),
                    Rule.NEEDLESS_NO_TRANSACTION, "changeset " + changeSet.id()
                            + " runs outside a transaction but has no table rebuild that needs it"));
        }
    }
}
