package io.posdb.cli;

import io.posdb.changelog.AppliedChangeSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders what an update applied, as text and as JSON fields. */
final class AppliedChangeSets {

    private AppliedChangeSets() {
    }

    /** The applied changesets and, under each changeset's id, what its data migration reported. */
    static Map<String, Object> fields(List<AppliedChangeSet> applied) {
        Map<String, Object> reports = new LinkedHashMap<>();
        for (AppliedChangeSet changeSet : applied) {
            if (changeSet.report() != null) {
                reports.put(changeSet.id(), changeSet.report());
            }
        }
        List<Map<String, Object>> list = applied.stream()
                .map(c -> CommandOutput.fields("id", c.id(), "file", c.file(), "exec_type", c.execType(),
                        "reason", c.reason()))
                .toList();
        return CommandOutput.fields("applied", list, "reports", reports);
    }

    static String text(List<AppliedChangeSet> applied) {
        if (applied.isEmpty()) {
            return "No pending migrations.";
        }
        StringBuilder text = new StringBuilder("Applied " + applied.size() + " changeset(s):");
        for (AppliedChangeSet changeSet : applied) {
            text.append(System.lineSeparator()).append("  ").append(changeSet.execType()).append("  ")
                    .append(changeSet.id());
            if (changeSet.reason() != null) {
                text.append("  (").append(changeSet.reason()).append(')');
            }
        }
        return text.toString();
    }
}
