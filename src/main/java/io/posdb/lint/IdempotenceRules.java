package io.posdb.lint;

import io.posdb.changelog.DataChanges;
import java.util.List;

/**
 * A data change decides whether there is anything to do: preConditions with
 * {@code onFail: MARK_RAN} and an {@code onFailMessage} (the log says why it did nothing).
 * What is a data change is the one account the till records ({@link DataChanges}): every customChange
 * but the table rebuild counts (lint cannot see what Java code writes), and a {@code sql} or {@code sqlFile}
 * change by its statements.
 */
final class IdempotenceRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        LintChange data = changeSet.dataChange(context.readByLiquibase(changeSet)).orElse(null);
        if (data == null) {
            return;
        }
        String message = changeSet.onFailMessage();
        if (!"MARK_RAN".equalsIgnoreCase(changeSet.onFail()) || message == null || message.isBlank()) {
            findings.add(changeSet.finding(data.line(), Rule.DATA_CHANGE_NOT_IDEMPOTENT,
                    "changeset " + changeSet.id() + " changes data (" + data.type() + ") without a precondition "
                            + "with onFail: MARK_RAN and an onFailMessage"));
        }
    }
}
