package io.posdb.runner;

import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.exception.PreconditionFailedException;
import liquibase.executor.ExecutorService;
import liquibase.precondition.FailedPrecondition;
import liquibase.precondition.core.PreconditionContainer;

/**
 * In an update-sql preview, writes why a changeset would be marked as ran (its
 * onFailMessage) as an SQL comment, where {@code update} would log the same reason.
 */
final class PreviewChangeExecListener extends AbstractChangeExecListener {

    private final Database database;

    private PreviewChangeExecListener(Database database) {
        this.database = database;
    }

    /**
     * Makes Liquibase's SQL output mode of {@code liquibase} test the preconditions that decide whether a
     * changeset is marked as ran ({@code onFail: MARK_RAN}) instead of ignoring them (its default,
     * {@code onSqlOutput: IGNORE}, is why Maven's updateSQL and Liquibase's update-sql print the
     * baseline's CREATE TABLEs for a legacy database), and installs this listener. The preconditions look
     * at what the database holds now.
     * Preconditions that halt stay ignored: they check what earlier pending changesets establish
     * (0009 checks 0008's remap), which a preview does not run; update checks them when it runs.
     * Only the parsed changelog in memory is changed: a precondition is not part of a changeset's
     * checksum, and the files stay as released.
     */
    static void prepare(Liquibase liquibase) throws LiquibaseException {
        evaluateInPreview(liquibase.getDatabaseChangeLog().getPreconditions());
        for (ChangeSet changeSet : liquibase.getDatabaseChangeLog().getChangeSets()) {
            evaluateInPreview(changeSet.getPreconditions());
        }
        liquibase.setChangeExecListener(new PreviewChangeExecListener(liquibase.getDatabase()));
    }

    private static void evaluateInPreview(PreconditionContainer preconditions) {
        if (preconditions != null && preconditions.getOnFail() == PreconditionContainer.FailOption.MARK_RAN) {
            preconditions.setOnSqlOutput(PreconditionContainer.OnSqlOutputOption.TEST);
        }
    }

    @Override
    public void preconditionFailed(PreconditionFailedException error, PreconditionContainer.FailOption onFail) {
        if (onFail != PreconditionContainer.FailOption.MARK_RAN) {
            return; // HALT ends the preview with the error, as it would end the update
        }
        String why = error.getFailedPreconditions().stream()
                .map(FailedPrecondition::getMessage)
                .map(String::trim)
                .reduce((a, b) -> a + "; " + b)
                .orElse("precondition not met");
        try {
            Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database)
                    .comment("Not run, update would mark it as ran: " + why);
        } catch (DatabaseException e) {
            throw new IllegalStateException("Cannot write the update-sql preview", e);
        }
    }
}
