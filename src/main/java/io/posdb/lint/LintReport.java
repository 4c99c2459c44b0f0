package io.posdb.lint;

import io.posdb.schema.Compatibility;
import java.nio.file.Path;
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

        /**
         * The line lint prints; a data change not declared says how to declare it, and a rename how to keep older
         * releases working: advice only a developer can act on.
         */
        public String format() {
            List<String> said = reasons.stream().map(reason -> reason.equals(Compatibility.CHANGES_DATA) ? reason
                    + " (declare 'compatibility: compatible, because ...' in the changeset's comment if an older "
                    + "release accepts the new values)" : Compatibility.isRename(reason) ? reason + " (an older "
                    + "release reads the old name: to keep it working, add the new column and copy the values, and "
                    + "drop the old column in a later release)" : reason).toList();
            return id + ": " + compatibility + (said.isEmpty() ? "" : " (" + String.join("; ", said) + ")");
        }
    }

    /**
     * The report a person reads: each finding and suppression on the file lint read for {@code master} (an
     * editor jumps to {@code file:line}), not the changelog's name for it, which is the same for every copy.
     */
    public LintReport locatedIn(Path master) {
        return new LintReport(findings.stream().map(f -> f.locatedIn(master)).toList(),
                suppressions.stream().map(s -> s.locatedIn(master)).toList(), compatibility);
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
