package io.posdb.lint;

import java.util.List;

/**
 * What a lint run found (after suppressions), every suppression it honoured, and each changeset's
 * class for older releases, decided ahead of time from its observed effect and its declaration.
 */
public record LintReport(List<Finding> findings, List<Suppression> suppressions, List<Classified> compatibility) {

    /**
     * A changeset's class ({@code compatible} or {@code breaking}; one marked as ran on the scratch is
     * classed as a data change, its declaration honoured; {@code unknown} where it was not observed).
     */
    public record Classified(String id, String file, String compatibility, List<String> reasons) {

        public String format() {
            return id + ": " + compatibility + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")");
        }
    }

    public List<Finding> errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }

    public boolean clean() {
        return errors().isEmpty();
    }

    /** The report as text lines: findings, then suppressions, then a summary. */
    public List<String> lines() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        findings.forEach(f -> lines.add(f.format()));
        suppressions.forEach(s -> lines.add("suppressed: " + s.format()));
        lines.add("lint: " + errors().size() + " error(s), " + (findings.size() - errors().size()) + " warning(s), "
                + suppressions.size() + " suppression(s)");
        return lines;
    }
}
