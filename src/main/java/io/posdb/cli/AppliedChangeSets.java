package io.posdb.cli;

import io.posdb.changelog.AppliedChangeSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an upgrade or a rollback applied, as the results of boot, update, rehearse and rollback
 * carry it: each {@link AppliedChangeSet} (its report left out: {@link JsonOutput}), and under each
 * changeset's id what its data change reported; with the text a person reads of both.
 */
final class AppliedChangeSets {

    private AppliedChangeSets() {
    }

    /** Under each changeset's id, what its data change reported (every row: --json gives it whole). */
    static Map<String, Object> reports(List<AppliedChangeSet> applied) {
        return applied.stream().filter(changeSet -> changeSet.report() != null).collect(Collectors.toMap(
                AppliedChangeSet::id, AppliedChangeSet::report, (earlier, later) -> later, LinkedHashMap::new));
    }

    static String text(List<AppliedChangeSet> applied) {
        return applied.isEmpty() ? "No pending migrations." : Tables.indented("Applied " + applied.size()
                + " changeset(s):", applied.stream().map(changeSet -> changeSet.execType() + "  " + changeSet.id()
                + (changeSet.reason() == null ? "" : "  (" + changeSet.reason() + ")")));
    }

    /**
     * One line per data change that reported: its counts, and where every row is. A report lists rows
     * (thousands on a large shop), which --json gives whole; text shows the counts only.
     */
    static String summaries(Map<String, Object> reports) {
        return Tables.indented("", reports.entrySet().stream().map(report -> {
            // "3 updated, 0 skipped, 0 errors": the words the data change's own log line uses.
            List<String> counts = JsonOutput.tree(report.getValue()).properties().stream()
                    .filter(field -> field.getKey().endsWith("_count") && field.getValue().isNumber())
                    .map(field -> field.getValue().asLong() + " " + field.getKey().replaceFirst("_count$", "")
                            .replaceFirst("^error$", "errors")).toList();
            return report.getKey() + ": " + (counts.isEmpty() ? "reported its work" : String.join(", ", counts))
                    + " (each row: posdb audit --changeset " + report.getKey() + ")";
        }));
    }
}
