package io.posdb.runner;

import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import java.util.stream.Stream;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.executor.ExecutorService;
import liquibase.precondition.ErrorPrecondition;
import liquibase.precondition.core.PreconditionContainer;

/**
 * In an update-sql preview, writes why a changeset would be marked as ran (its
 * onFailMessage) as an SQL comment, where {@code update} would log the same reason; and why a
 * changeset whose precondition reads what the changesets above it create is left out, for
 * {@code update} to decide.
 */
final class PreviewChangeExecListener extends AbstractChangeExecListener {

    private final Database database;
    /** Whether a changeset above would be executed by update: the preview only prints it, so the database differs. */
    private boolean changeSetAboveExecuted;

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
     * checksum, and the files stay as released. A tested precondition that cannot be evaluated is
     * handled in {@link #willRun}.
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

    /**
     * A precondition tested in the preview that errors once a changeset above would have been executed (an empty
     * file: 0008's sqlCheck reads "user", which 0001 creates) reads a database the preview did not build: what
     * update decides there is unknown, so the changeset is left out of the script (Liquibase's onError CONTINUE:
     * not run, not recorded), with a comment saying why ({@link #preconditionErrored}); applied by hand, the
     * script leaves it pending and the next update decides. Before any changeset above is executed, the database
     * is what update would see, so an error there is update's too and ends the preview as it ends the update.
     */
    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database,
                        ChangeSet.RunStatus runStatus) {
        PreconditionContainer preconditions = changeSet.getPreconditions();
        if (changeSetAboveExecuted && preconditions != null
                && preconditions.getOnSqlOutput() == PreconditionContainer.OnSqlOutputOption.TEST
                && preconditions.getOnError() == PreconditionContainer.ErrorOption.HALT) {
            preconditions.setOnError(PreconditionContainer.ErrorOption.CONTINUE);
        }
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ChangeSet.ExecType execType) {
        if (execType == ChangeSet.ExecType.EXECUTED || execType == ChangeSet.ExecType.RERAN) {
            changeSetAboveExecuted = true;
        }
    }

    @Override
    public void preconditionFailed(PreconditionFailedException error, PreconditionContainer.FailOption onFail) {
        if (onFail != PreconditionContainer.FailOption.MARK_RAN) {
            return; // HALT ends the preview with the error, as it would end the update
        }
        comment("Not run, update would mark it as ran: " + joined(error.getFailedPreconditions().stream()
                .map(precondition -> precondition.getMessage().trim()), "precondition not met"));
    }

    @Override
    public void preconditionErrored(PreconditionErrorException error, PreconditionContainer.ErrorOption onError) {
        if (onError != PreconditionContainer.ErrorOption.CONTINUE) {
            return; // HALT ends the preview with the error, as it would end the update
        }
        String why = joined(error.getErrorPreconditions().stream().map(PreviewChangeExecListener::unchecked),
                FailedChangeSet.readable(FailureReason.of(error)));
        comment("Left to update: its precondition reads what the changesets above create, which a preview does not "
                + "run, so update decides there whether to run it or mark it as ran (" + why + ")");
    }

    /** Why each precondition failed or errored, "; " between them, or {@code none} when Liquibase named none. */
    private static String joined(Stream<String> reasons, String none) {
        return reasons.reduce((a, b) -> a + "; " + b).orElse(none);
    }

    /** "sqlCheck: no such table: user": the precondition as the changelog names it, and why it could not be checked. */
    private static String unchecked(ErrorPrecondition precondition) {
        String name = precondition.getPrecondition() == null ? "precondition"
                : precondition.getPrecondition().getName();
        return name + ": " + FailedChangeSet.readable(FailureReason.of(precondition.getCause()));
    }

    private void comment(String text) {
        try {
            Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database).comment(text);
        } catch (DatabaseException e) {
            throw new IllegalStateException("Cannot write the update-sql preview", e);
        }
    }
}
