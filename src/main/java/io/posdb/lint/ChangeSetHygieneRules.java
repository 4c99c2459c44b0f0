package io.posdb.lint;

import io.posdb.changelog.ReleaseLabels;
import io.posdb.database.Engine;
import java.util.Arrays;
import java.util.List;

/**
 * Per changeset: its id is its file's name (a {@code dbms}-specific counterpart may add
 * {@code -postgresql}/{@code -sqlite}), it carries {@code labels: release-X.Y} no newer
 * than the release being built, and a {@code dbms: sqlite} changeset has its PostgreSQL
 * counterpart in the same file; and no changeset repeats an earlier one's file::id::author (on an engine both
 * run on), which Liquibase refuses.
 */
final class ChangeSetHygieneRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        String stem = changeSet.file().stem();
        String id = changeSet.id();
        List<String> dbms = changeSet.dbms();
        boolean named = stem.equals(id) || dbms.size() == 1 && (stem + "-" + dbms.get(0)).equals(id);
        if (!named) {
            findings.add(changeSet.finding(changeSet.lineOf("id"), Rule.ID_NOT_FILE_NAME,
                    "changeset id " + id + " is not its file name " + stem));
        }
        checkLabel(changeSet, context.release(), findings);
        for (LintChangeSet earlier : context.changelog().changeSets()) {
            if (earlier == changeSet) {
                break;
            }
            if (earlier.identifier().equals(changeSet.identifier()) && runTogether(earlier, changeSet)) {
                findings.add(changeSet.finding(changeSet.lineOf("id"), Rule.DUPLICATE_CHANGESET,
                        "changeset " + changeSet.identifier() + " is declared again (first at "
                                + earlier.file().name() + ":" + earlier.line() + "): Liquibase refuses the changelog, "
                                + "and every posdb command with it"));
                break;
            }
        }
        if (changeSet.appliesTo(Engine.SQLITE) && !changeSet.appliesTo(Engine.POSTGRESQL)
                && !hasPostgresqlCounterpart(changeSet, context)) {
            findings.add(changeSet.finding(changeSet.lineOf("dbms"), Rule.SQLITE_WITHOUT_POSTGRESQL,
                    "changeset " + id + " applies to sqlite only and has no dbms: postgresql counterpart in "
                            + changeSet.file().name()));
        }
    }

    private static void checkLabel(LintChangeSet changeSet, String release, List<Finding> findings) {
        ReleaseLabels.check(changeSet.labels(), release,
                () -> changeSet.finding(changeSet.lineOf("labels"), Rule.LABEL_MISSING,
                        "changeset " + changeSet.id() + " has no labels: release-X.Y"),
                label -> changeSet.finding(changeSet.lineOf("labels"), Rule.LABEL_NEWER_THAN_RELEASE,
                        "changeset " + changeSet.id() + " is labelled " + label + ", newer than the release "
                                + "being built (" + release + ")")).ifPresent(findings::add);
    }

    /** Whether both changesets run on one engine: Liquibase sees a duplicate among those it runs, not across dbms. */
    private static boolean runTogether(LintChangeSet one, LintChangeSet other) {
        return Arrays.stream(Engine.values()).anyMatch(engine -> one.appliesTo(engine) && other.appliesTo(engine));
    }

    private static boolean hasPostgresqlCounterpart(LintChangeSet changeSet, LintContext context) {
        return context.changelog().changeSets().stream()
                .anyMatch(other -> other.file() == changeSet.file() && !other.dbms().isEmpty()
                        && other.appliesTo(Engine.POSTGRESQL));
    }
}
