package io.posdb.lint;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per changeset: its id is its file's name (a {@code dbms}-specific counterpart may add
 * {@code -postgresql}/{@code -sqlite}), it carries {@code labels: release-X.Y} no newer
 * than the release being built, and a {@code dbms: sqlite} changeset has its PostgreSQL
 * counterpart in the same file.
 */
final class ChangeSetHygieneRules implements ChangeSetRules {

    static final Pattern RELEASE_LABEL = Pattern.compile("release-(\\d+)\\.(\\d+)");

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        String stem = changeSet.file().stem();
        String id = changeSet.id();
        List<String> dbms = changeSet.dbms();
        boolean named = stem.equals(id) || dbms.size() == 1 && (stem + "-" + dbms.get(0)).equals(id);
        if (!named) {
            findings.add(ChangeSetRules.finding(changeSet, changeSet.lineOf("id"), Rule.ID_NOT_FILE_NAME,
                    "changeset id " + id + " is not its file name " + stem));
        }
        checkLabel(changeSet, context.release(), findings);
        if (dbms.equals(List.of("sqlite")) && !hasPostgresqlCounterpart(changeSet, context)) {
            findings.add(ChangeSetRules.finding(changeSet, changeSet.lineOf("dbms"), Rule.SQLITE_WITHOUT_POSTGRESQL,
                    "changeset " + id + " applies to sqlite only and has no dbms: postgresql counterpart in "
                            + changeSet.file().name()));
        }
    }

    private static void checkLabel(LintChangeSet changeSet, String release, List<Finding> findings) {
        String labels = changeSet.labels();
        Matcher label = RELEASE_LABEL.matcher(labels == null ? "" : labels);
        if (!label.find()) {
            findings.add(ChangeSetRules.finding(changeSet, changeSet.lineOf("labels"), Rule.LABEL_MISSING,
                    "changeset " + changeSet.id() + " has no labels: release-X.Y"));
            return;
        }
        if (compare(label.group(1) + "." + label.group(2), release) > 0) {
            findings.add(ChangeSetRules.finding(changeSet, changeSet.lineOf("labels"), Rule.LABEL_NEWER_THAN_RELEASE,
                    "changeset " + changeSet.id() + " is labelled " + label.group() + ", newer than the release "
                            + "being built (" + release + ")"));
        }
    }

    /** Compares release numbers X.Y[.Z] by their first two parts. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 2; i++) {
            int difference = Integer.compare(part(x, i), part(y, i));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int index) {
        try {
            return index < parts.length ? Integer.parseInt(parts[index].replaceAll("\\D.*", "")) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasPostgresqlCounterpart(LintChangeSet changeSet, LintContext context) {
        return context.changelog().changeSets().stream()
                .anyMatch(other -> other.file() == changeSet.file() && other.dbms().contains("postgresql"));
    }
}
