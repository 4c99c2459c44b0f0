package io.posdb.runner;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.precondition.core.PreconditionContainer;

/**
 * Makes Liquibase's SQL output mode test the preconditions that decide whether a changeset is
 * marked as ran ({@code onFail: MARK_RAN}) instead of ignoring them (its default,
 * {@code onSqlOutput: IGNORE}, is why Maven's updateSQL and Liquibase's update-sql print the
 * baseline's CREATE TABLEs for a legacy database). They look at what the database holds now.
 * Preconditions that halt stay ignored: they check what earlier pending changesets establish
 * (0009 checks 0008's remap), which a preview does not run; update checks them when it runs.
 * Only the parsed changelog in memory is changed: a precondition is not part of a changeset's
 * checksum, and the files stay as released.
 */
final class PreviewPreconditions {

    private PreviewPreconditions() {
    }

    static void evaluateInPreview(DatabaseChangeLog changeLog) {
        test(changeLog.getPreconditions());
        for (ChangeSet changeSet : changeLog.getChangeSets()) {
            test(changeSet.getPreconditions());
        }
    }

    private static void test(PreconditionContainer preconditions) {
        if (preconditions != null && preconditions.getOnFail() == PreconditionContainer.FailOption.MARK_RAN) {
            preconditions.setOnSqlOutput(PreconditionContainer.OnSqlOutputOption.TEST);
        }
    }
}
