package io.posdb.lint;

import java.util.List;

/** What a lint run found (after suppressions) and every suppression it honoured. */
public record LintReport(List<Finding> findings, List<Suppression> suppressions) {

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
