package io.posdb.runner;

import io.posdb.changelog.DataChanges;
import io.posdb.schema.Compatibility;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.SqlIdentifiers;
import java.sql.SQLException;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.UnexpectedLiquibaseException;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.migration.ReportingChange;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet.ExecType;
import liquibase.changelog.ChangeSet.RunStatus;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.FailedPrecondition;
import liquibase.precondition.core.PreconditionContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each changeset as Liquibase runs (or rolls back) it and records what happened to it. */
final class RecordingChangeExecListener extends AbstractChangeExecListener {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseMigrations.class);

    private final List<AppliedChangeSet> applied = new ArrayList<>();
    /** The catalog before the changeset that is about to run (the one after the previous changeset). */
    private SchemaCatalog before;
    private String lastPreconditionMessage;
    private String rollingBack;

    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, RunStatus runStatus) {
        lastPreconditionMessage = null;
        if (before == null) {
            before = catalog(database, changeSet);
        }
        // As the old backend's start-up log reads: "Running migration: <what it does>".
        String comment = changeSet.getComments();
        if (comment == null || comment.isBlank()) {
            log.info("Running migration: {}", changeSet.getId());
        } else {
            log.info("Running migration: {} ({})", changeSet.getId(), comment.strip());
        }
    }

    /** One line as each changeset's rollback starts: operators (and crash tests) see where a rollback is. */
    @Override
    public void willRollback(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        rollingBack = changeSet.getId();
        log.info("Rolling back migration: {}", changeSet.getId());
    }

    /** The changeset whose rollback started and did not finish (the one that failed), if any. */
    String rollingBack() {
        return rollingBack;
    }

    @Override
    public void preconditionFailed(PreconditionFailedException error, PreconditionContainer.FailOption onFail) {
        // Only MARK_RAN reaches a recorded outcome; HALT ends the update with an exception.
        // Liquibase's own message is a generic "Preconditions Failed"; the failed
        // preconditions carry the changeset's onFailMessage (why it was marked as ran).
        lastPreconditionMessage = error.getFailedPreconditions().stream()
                .map(FailedPrecondition::getMessage)
                .reduce((a, b) -> a + "; " + b)
                .orElse(error.getMessage());
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ExecType execType) {
        String reason = null;
        if (execType == ExecType.MARK_RAN) {
            reason = lastPreconditionMessage == null ? "precondition not met" : lastPreconditionMessage.trim();
            log.info("Migration {} marked as ran: {}", changeSet.getId(), reason);
        }
        applied.add(new AppliedChangeSet(changeSet.getId(), changeSet.getFilePath(), execType.value, reason,
                execType == ExecType.EXECUTED ? reportOf(changeSet) : null));
        record(changeSet, database, execType);
    }

    /**
     * Records what the database was given (issue 21 §2), on the changeset's own connection and in
     * its transaction: Liquibase calls {@code ran} before it writes DATABASECHANGELOG and commits.
     * One catalog read per changeset: the catalog after one is the catalog before the next.
     */
    private void record(ChangeSet changeSet, Database database, ExecType execType) {
        SchemaCatalog after = catalog(database, changeSet);
        boolean changedData = execType == ExecType.EXECUTED && DataChanges.changesData(changeSet);
        Compatibility compatibility = Compatibility.of(before, after, changedData, changeSet.getComments());
        try {
            ChangeSetRecords.record(SqlIdentifiers.jdbc(database), changeSet.getId(), changeSet.getAuthor(),
                    changeSet.getFilePath(), compatibility, ChangeSetRecords.undo(before, after,
                            database instanceof SQLiteDatabase, changedData, changeSet.getId()));
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Cannot record changeset " + changeSet.getId() + " in "
                    + ChangeSetRecords.TABLE + ": " + e.getMessage(), e);
        }
        log.debug("Changeset {} is {} with older releases", changeSet.getId(), compatibility.text());
        before = after;
    }

    private static SchemaCatalog catalog(Database database, ChangeSet changeSet) {
        try {
            return SchemaCatalog.read(SqlIdentifiers.jdbc(database));
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Cannot read the schema around changeset " + changeSet.getId()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        rollingBack = null;
        log.info("Rolled back migration: {}", changeSet.getId());
        try {
            ChangeSetRecords.forget(SqlIdentifiers.jdbc(database), changeSet.getId(), changeSet.getAuthor(),
                    changeSet.getFilePath());
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Cannot remove the record of changeset " + changeSet.getId()
                    + " from " + ChangeSetRecords.TABLE + ": " + e.getMessage(), e);
        }
        applied.add(new AppliedChangeSet(changeSet.getId(), changeSet.getFilePath(), "ROLLED_BACK", null,
                reportOf(changeSet)));
    }

    private static Object reportOf(ChangeSet changeSet) {
        for (Change change : changeSet.getChanges()) {
            if (change instanceof CustomChangeWrapper wrapper
                    && wrapper.getCustomChange() instanceof ReportingChange reporting) {
                return reporting.report();
            }
        }
        return null;
    }

    List<AppliedChangeSet> applied() {
        return List.copyOf(applied);
    }
}
