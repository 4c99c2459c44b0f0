package io.posdb.lint;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two comments lint reads: {@code # review-required: <reason>} (an error until a
 * person removes it) and {@code # lint: allow RULE because <reason>} (a suppression on the
 * changeset that owns the comment; without a known rule and a reason it is itself an error).
 */
final class CommentRules {

    private static final Pattern REVIEW = Pattern.compile("^\\s*#\\s*review-required:\\s*(.*)$");
    private static final Pattern ALLOW = Pattern.compile("^\\s*#\\s*lint:\\s*allow\\b\\s*(\\S*)\\s*(.*)$");
    private static final Pattern BECAUSE = Pattern.compile("^because\\s+(\\S.*)$");

    /** Review markers anywhere in the changelog's files. */
    void reviewMarkers(Changelog changelog, List<Finding> findings) {
        for (ChangelogFile file : changelog.files()) {
            List<String> lines = file.lines();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = REVIEW.matcher(lines.get(i));
                if (m.matches()) {
                    findings.add(new Finding(file.name(), i + 1, Rule.REVIEW_REQUIRED,
                            "marked review-required: " + m.group(1).trim()));
                }
            }
        }
    }

    /** The changeset's suppressions; malformed ones become findings. */
    void suppressions(LintChangeSet changeSet, List<Suppression> suppressions, List<Finding> findings) {
        List<String> lines = changeSet.file().lines();
        for (int line = changeSet.firstCommentLine(); line <= Math.min(changeSet.lastCommentLine(), lines.size()); line++) {
            Matcher m = ALLOW.matcher(lines.get(line - 1));
            if (!m.matches()) {
                continue;
            }
            String rule = m.group(1);
            Matcher because = BECAUSE.matcher(m.group(2).trim());
            if (Rule.byId(rule) == null) {
                findings.add(new Finding(changeSet.file().name(), line, Rule.SUPPRESSION_WITHOUT_REASON,
                        "suppression names no known rule: '" + rule + "'"));
            } else if (!because.matches()) {
                findings.add(new Finding(changeSet.file().name(), line, Rule.SUPPRESSION_WITHOUT_REASON,
                        "suppression of " + rule + " on " + changeSet.id() + " gives no reason (because ...)"));
            } else {
                suppressions.add(new Suppression(changeSet.file().name(), line, rule, changeSet.id(),
                        because.group(1).trim()));
            }
        }
    }
}
