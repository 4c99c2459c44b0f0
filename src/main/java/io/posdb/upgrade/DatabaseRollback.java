package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.PlanGuards;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.report.UpgradeRun;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runs.UpgradeRunRecorder;
import java.util.List;
import java.util.Optional;

/**
 * Rolls an SQLite file back inside the same {@link UpgradeEnvelope} as an upgrade (issue 10 §4):
 * the upgrade lock, the file and plan checks, a snapshot ({@code *.before-rollback.snapshot}),
 * all-or-nothing, and the snapshot put back when a changeset's rollback fails or the process
 * dies (the next boot or rollback restores it). Exit codes are those of an upgrade. A server
 * has no file to snapshot: there each changeset's rollback is its own transaction, after the
 * same refusal of a newer or edited database. Both are recorded as upgrades are ({@link UpgradeRunRecorder}).
 */
public record DatabaseRollback(TillDatabase database, UpgradeSettings settings) {

    /** Rolls back every changeset applied after {@code tag}, and (as Liquibase does) the tagDatabase changeset that set it. */
    public List<AppliedChangeSet> toTag(String tag) throws PosDatabaseException {
        return run("Rolling back to tag " + tag, "Rolled back to tag " + tag + " successfully",
                migrations -> migrations.rollbackToTag(tag));
    }

    /** Rolls back the last {@code count} applied changesets. */
    public List<AppliedChangeSet> count(int count) throws PosDatabaseException {
        return run("Rolling back the last " + count + " changeset(s)", "Rolled back " + count + " changeset(s) successfully",
                migrations -> migrations.rollbackCount(count));
    }

    /** {@code toDo} is logged before the rollback writes, {@code done} after it succeeded. */
    private List<AppliedChangeSet> run(String toDo, String done, UpgradeEnvelope.Write step) throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite) {
            // The envelope checks newer/edited; its snapshot is *.before-rollback.snapshot.
            UpgradeEnvelope.Operation operation = new UpgradeEnvelope.Operation("rollback", "Rollback failed",
                    "rollback", done);
            // A rollback always writes: Liquibase reports an unknown tag itself.
            return new UpgradeEnvelope(sqlite, settings).run(operation,
                    plan -> Optional.of(new UpgradeEnvelope.Work(toDo, null, step)));
        }
        // Liquibase cannot roll back what this release does not know (compatible or not), nor should it run
        // edited changesets.
        PlanGuards.refuseAnyNewerOrEdited(DatabaseChecks.plan(database, settings.changelog()), database.description(),
                settings.allowNewerDatabase());
        UpgradeRunRecorder record = UpgradeRunRecorder.start(database, UpgradeRun.ROLLBACK, true);
        record.writeStarted(database);
        try {
            List<AppliedChangeSet> rolledBack = step.run(new LiquibaseMigrations(database, settings.changelog())
                    .recording(record, settings.progress()));
            record.writeFinished(database, UpgradeRun.APPLIED, null);
            return rolledBack;
        } catch (MigrationException e) {
            record.writeFinished(database, UpgradeRun.FAILED, FailedChangeSet.plain(FailureReason.of(e))
                    + " — the changesets rolled back before it stay rolled back, each in its own transaction");
            // The kind the envelope gives the same failure on SQLite, so both engines report it alike.
            throw DatabaseFailures.of(database, e);
        }
    }
}
