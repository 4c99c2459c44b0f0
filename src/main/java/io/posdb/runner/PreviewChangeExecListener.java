package io.posdb.runner;

import liquibase.Scope;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
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

    PreviewChangeExecListener(Database database) {
        this.database = database;
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
