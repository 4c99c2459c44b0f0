package io.posdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** How many entries of a count's breakdown (a count per pair of values) text shows: a line stays a line. */
    static final int LISTED = 5;

    private AppliedChangeSets() {
    }

    /** Under each changeset's id, what its data change reported (every row: --json gives it whole). */
    static Map<String, Object> reports(List<AppliedChangeSet> applied) {
        return applied.stream().filter(changeSet -> changeSet.report() != null).collect(Collectors.toMap(
                AppliedChangeSet::id, AppliedChangeSet::report, (earlier, later) -> later, LinkedHashMap::new));
    }

    /** One line each, in columns: how it ran (EXECUTED, MARK_RAN, …), its id, and why when Liquibase gave a reason. */
    static String text(List<AppliedChangeSet> applied) {
        if (applied.isEmpty()) {
            return "No pending migrations.";
        }
        List<List<String>> rows = applied.stream().map(changeSet -> List.of(String.valueOf(changeSet.execType()),
                changeSet.id(), changeSet.reason() == null ? "" : changeSet.reason())).toList();
        return Tables.indented("Applied " + applied.size() + " changeset(s):",
                Tables.aligned(rows).stream());
    }

    /**
     * One line per data change that reported: its counts, and where every row is. A report lists rows
     * (thousands on a large shop), which --json gives whole; text shows the counts only.
     */
    static String summaries(Map<String, Object> reports) {
        return Tables.indented("", reports.entrySet().stream().map(report -> report.getKey() + ": "
                + counts(JsonOutput.tree(report.getValue())) + " (each row: posdb audit --changeset " + report.getKey()
                + ")"));
    }

    /**
     * Each number of a report in the words of its field, as the data change's own log line words them: "3 updated,
     * 0 skipped, 0 errors" (an upgrade's), "3 restored from audit, 1 mapped back (admin->primary 1, user->staff 0)"
     * (a rollback's). A count with a breakdown beside it ({@code mapped_back_count} and {@code mapped_back}) shows
     * the breakdown's first {@link #LISTED} entries; the rows and the rest are in --json and the audit.
     */
    private static String counts(JsonNode report) {
        List<String> counts = report.properties().stream().filter(field -> field.getValue().isNumber()).map(field -> {
            String name = field.getKey().replaceFirst("_count$", "");
            JsonNode breakdown = report.path(name);
            return field.getValue().asLong() + " " + name.replace('_', ' ').replaceFirst("^error$", "errors")
                    + (breakdown.isObject() && !breakdown.isEmpty() ? " (" + listed(breakdown) + ")" : "");
        }).toList();
        return counts.isEmpty() ? "reported its work" : String.join(", ", counts);
    }

    /** "admin->primary 1, user->staff 0", at most {@link #LISTED} entries, then how many more there are. */
    private static String listed(JsonNode breakdown) {
        List<String> entries = breakdown.properties().stream().limit(LISTED)
                .map(entry -> entry.getKey() + " " + entry.getValue().asText()).toList();
        int more = breakdown.size() - entries.size();
        return String.join(", ", entries) + (more > 0 ? ", and " + more + " more" : "");
    }
}
