package io.posdb.lint;

import java.util.List;
import java.util.Set;

/**
 * A data change decides whether there is anything to do: preConditions with
 * {@code onFail: MARK_RAN} and an {@code onFailMessage} (the log says why it did nothing).
 * Every customChange counts as a data change: lint cannot see what Java code writes.
 */
final class IdempotenceRules implements ChangeSetRules {

    private static final Set<String> DATA_CHANGES = Set.of("update", "insert", "delete", "loadData",
            "loadUpdateData", "customChange");

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        LintChange data = changeSet.changes().stream()
                .filter(c -> DATA_CHANGES.contains(c.type()) || SqlText.of(c).writesRows())
                .findFirst().orElse(null);
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
