package io.posdb.cli;

import io.posdb.changelog.AppliedChangeSet;
import java.util.ArrayList;
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

    /**
     * One line for what a data change reported: its counts, and where every row is. The report itself
     * lists rows (thousands on a large shop), which --json gives whole; text shows the counts only.
     */
    static String summary(AppliedChangeSet changeSet) {
        List<String> counts = new ArrayList<>();
        JsonOutput.tree(changeSet.report()).fields().forEachRemaining(field -> {
            if (field.getKey().endsWith("_count") && field.getValue().isNumber()) {
                counts.add(field.getValue().asLong() + " " + field.getKey().substring(0,
                        field.getKey().length() - "_count".length()));
            }
        });
        return "  " + changeSet.id() + ": " + (counts.isEmpty() ? "reported its work" : String.join(", ", counts))
                + " (each row: posdb audit --changeset " + changeSet.id() + ")";
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
