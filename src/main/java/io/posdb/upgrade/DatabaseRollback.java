package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.PlanGuards;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.ChangeSetRollbackFailed;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runs.UpgradeRunRecorder;
import io.posdb.upgrade.postgres.PostgresUpgrade;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolls an SQLite file back inside the same {@link UpgradeEnvelope} as an upgrade (issue 10 §4):
 * the upgrade lock, the file and plan checks, a snapshot ({@code *.before-rollback.snapshot}),
 * all-or-nothing, and the snapshot put back when a changeset's rollback fails or the process
 * dies (the next boot or rollback restores it). Exit codes are those of an upgrade. A server
 * has no file to snapshot: there, under the upgrade's advisory lock ({@link PostgresUpgrade#rollback}),
 * the whole rollback is one transaction, after the same refusal of a newer or edited
 * database. On both, a changeset Liquibase cannot undo is refused under the lock before anything is written, in
 * the same words ({@link #refuseUnlessUndoable}), as its rollback would fail on reaching it. Both are recorded as
 * upgrades are ({@link UpgradeRunRecorder}).
 */
public record DatabaseRollback(TillDatabase database, UpgradeSettings settings) {

    /** How a rollback's failure starts, on a file (its envelope's operation) and on a server alike. */
    private static final String FAILED = "Rollback failed";

    /**
     * Rolls back every changeset applied after {@code tag}, and (as Liquibase does) the tagDatabase changeset that
     * set it. A tag the history lacks is refused before anything is written ({@link PlanGuards#refuseMissingTag}),
     * on SQLite before the upgrade lock is taken: the folder is left byte for byte as it was.
     */
    public List<AppliedChangeSet> toTag(String tag) throws PosDatabaseException {
        return run("Rolling back to tag " + tag, "Rolled back to tag " + tag + " successfully",
                Map.of(UpgradeRunRecorder.ROLLBACK_TAG, tag),
                applied -> PlanGuards.refuseMissingTag(applied, tag, database.description()),
                migrations -> migrations.refuseRollbackToTagThatCannotRun(tag),
                migrations -> migrations.rollbackToTag(tag));
    }

    /**
     * Rolls back the last {@code count} applied changesets. More than the history holds (none at all on a legacy
     * shop or an empty file) is refused as a missing tag is ({@link PlanGuards#refuseCountBeyondHistory}).
     */
    public List<AppliedChangeSet> count(int count) throws PosDatabaseException {
        return run("Rolling back the last " + count + " changeset(s)", "Rolled back " + count + " changeset(s) successfully",
                Map.of(UpgradeRunRecorder.ROLLBACK_COUNT, String.valueOf(count)),
                applied -> PlanGuards.refuseCountBeyondHistory(applied, count, database.description()),
                migrations -> migrations.refuseRollbackCountThatCannotRun(count),
                migrations -> migrations.rollbackCount(count));
    }

    /** Refuses a rollback that would meet a changeset Liquibase cannot undo, before anything is written. */
    @FunctionalInterface
    private interface UndoableCheck {
        void refuseUnlessUndoable(LiquibaseMigrations migrations) throws MigrationException;
    }

    /**
     * {@code toDo} is logged before the rollback writes, {@code done} after it succeeded; {@code target} checks the
     * applied history before anything is written, and {@code undoable} the changesets it would undo;
     * {@code named} is that target as the marker keeps it, so that the doctor can name the same rollback exactly if
     * this one is killed.
     */
    private List<AppliedChangeSet> run(String toDo, String done, Map<String, String> named,
                                       PlanGuards.RollbackTarget target, UndoableCheck undoable,
                                       LiquibaseMigrations.Write step)
            throws PosDatabaseException {
        // One refusal for both engines, before anything is written: the history must meet the target, then every
        // changeset the rollback would meet must be one Liquibase can undo.
        PlanGuards.RollbackTarget refused = applied -> {
            target.refuseUnless(applied);
            refuseUnlessUndoable(undoable);
        };
        if (database instanceof SqliteDatabase sqlite) {
            // The envelope checks newer/edited; its snapshot is *.before-rollback.snapshot.
            UpgradeEnvelope.Operation operation = new UpgradeEnvelope.Operation("rollback", FAILED,
                    "rollback", done, null, named);
            // The target is checked before the lock too (UpgradeEnvelope.Decision#refuse), so this refusal writes
            // nothing, not even the lock file's holder; under the lock it is checked again (after any restore of an
            // interrupted run, which changes the history).
            return new UpgradeEnvelope(sqlite, settings).run(operation, new UpgradeEnvelope.Decision() {
                @Override
                public void refuse(MigrationPlan plan) throws PosDatabaseException {
                    refused.refuseUnless(history(sqlite));
                }

                @Override
                public Optional<UpgradeEnvelope.Work> decide(MigrationPlan plan) {
                    return Optional.of(new UpgradeEnvelope.Work(toDo, null, step, UpgradeEnvelope.Check.NONE));
                }
            });
        }
        // The same refusal as on a file, under the advisory lock: the one transaction would meet the changeset only
        // after undoing the newer ones and recording the run, to fail and leave a failed attempt in the record.
        return new PostgresUpgrade((PostgresDatabase) database, settings.changelog(), settings.lockWait(),
                settings.allowNewerDatabase(), false, settings.progress())
                .rollback(toDo, done, refused, step);
    }

    /**
     * A changeset Liquibase cannot undo is refused in the words, with the exit code and the changeset's name and file,
     * that its rollback would fail with on reaching it ({@link ChangeSetRollbackFailed}), but before the snapshot is
     * taken (on a file) or the transaction begun (on a server) and the run recorded: the database is left as it was,
     * so the failure says it was not changed instead of restored or undone.
     */
    private void refuseUnlessUndoable(UndoableCheck undoable) throws PosDatabaseException {
        try {
            undoable.refuseUnlessUndoable(new LiquibaseMigrations(database, settings.changelog()));
        } catch (ChangeSetRollbackFailed e) {
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, FAILED + " on " + database.description()
                    + ": " + FailureReason.of(e) + " — the database was not changed: the rollback was refused before it "
                    + "wrote anything", AfterFailure.UNCHANGED, e);
        } catch (MigrationException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    private static List<HistoryEntry> history(SqliteDatabase sqlite) throws PosDatabaseException {
        try {
            return new MigrationRecords(sqlite).history();
        } catch (SQLException e) {
            throw DatabaseFailures.of(sqlite, e);
        }
    }
}
