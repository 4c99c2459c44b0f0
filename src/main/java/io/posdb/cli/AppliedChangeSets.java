package io.posdb.cli;

import io.posdb.changelog.AppliedChangeSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an upgrade or a rollback applied, as the results of boot, update, rehearse and rollback
 * carry it: one {@link Entry} per changeset, and under each changeset's id what its data change
 * reported; with the text a person reads of both.
 */
final class AppliedChangeSets {

    private AppliedChangeSets() {
    }

    /** One applied (or rolled-back) changeset; its data change's report is in the result's {@code reports}. */
    record Entry(String id, String file, String execType, String reason) {
    }

    static List<Entry> entries(List<AppliedChangeSet> applied) {
        return applied.stream().map(c -> new Entry(c.id(), c.file(), c.execType(), c.reason())).toList();
    }

    /** Under each changeset's id, what its data change reported (every row: --json gives it whole). */
    static Map<String, Object> reports(List<AppliedChangeSet> applied) {
        Map<String, Object> reports = new LinkedHashMap<>();
        for (AppliedChangeSet changeSet : applied) {
            if (changeSet.report() != null) {
                reports.put(changeSet.id(), changeSet.report());
            }
        }
        return reports;
    }

    static String text(List<Entry> applied) {
        if (applied.isEmpty()) {
            return "No pending migrations.";
        }
        StringBuilder text = new StringBuilder("Applied " + applied.size() + " changeset(s):");
        for (Entry changeSet : applied) {
            text.append(System.lineSeparator()).append("  ").append(changeSet.execType()).append("  ")
                    .append(changeSet.id());
            if (changeSet.reason() != null) {
                text.append("  (").append(changeSet.reason()).append(')');
            }
        }
        return text.toString();
    }

    /**
     * One line per data change that reported: its counts, and where every row is. A report lists rows
     * (thousands on a large shop), which --json gives whole; text shows the counts only.
     */
    static String summaries(Map<String, Object> reports) {
        StringBuilder text = new StringBuilder();
        reports.forEach((id, report) -> {
            List<String> counts = new ArrayList<>();
            JsonOutput.tree(report).properties().forEach(field -> {
                if (field.getKey().endsWith("_count") && field.getValue().isNumber()) {
                    counts.add(field.getValue().asLong() + " " + field.getKey().substring(0,
                            field.getKey().length() - "_count".length()));
                }
            });
            text.append(System.lineSeparator()).append("  ").append(id).append(": ")
                    .append(counts.isEmpty() ? "reported its work" : String.join(", ", counts))
                    .append(" (each row: posdb audit --changeset ").append(id).append(')');
        });
        return text.toString();
    }
}
