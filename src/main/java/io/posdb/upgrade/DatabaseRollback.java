package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.MigrationPlan;
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
public final class DatabaseRollback {

    private static final String SNAPSHOT_LABEL = "rollback";

    private final TillDatabase database;
    private final UpgradeSettings settings;

    public DatabaseRollback(TillDatabase database, UpgradeSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** Rolls back every changeset applied after {@code tag}, and (as Liquibase does) the tagDatabase changeset that set it. */
    public List<AppliedChangeSet> toTag(String tag) throws PosDatabaseException {
        return run(operation("Rolled back to tag " + tag + " successfully"), work("Rolling back to tag " + tag,
                migrations -> migrations.rollbackToTag(tag)));
    }

    /** Rolls back the last {@code count} applied changesets. */
    public List<AppliedChangeSet> count(int count) throws PosDatabaseException {
        return run(operation("Rolled back " + count + " changeset(s) successfully"), work("Rolling back the last " + count
                + " changeset(s)", migrations -> migrations.rollbackCount(count)));
    }

    private List<AppliedChangeSet> run(UpgradeEnvelope.Operation operation, UpgradeEnvelope.Work work)
            throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite) {
            return new UpgradeEnvelope(sqlite, settings).run(operation, work); // the envelope checks newer/edited
        }
        // Liquibase cannot roll back what this release does not know, nor should it run edited changesets.
        DatabaseChecks.refuseAnyNewerOrEdited(database, settings.changelog(), settings.allowNewerDatabase());
        UpgradeRunRecorder record = UpgradeRunRecorder.start(database, UpgradeRun.ROLLBACK, true);
        record.writeStarted(database);
        try {
            List<AppliedChangeSet> rolledBack = work.write(new LiquibaseMigrations(database, settings.changelog())
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

    private static UpgradeEnvelope.Operation operation(String done) {
        return new UpgradeEnvelope.Operation("rollback", "Rollback failed", SNAPSHOT_LABEL, done);
    }

    private interface Step {
        List<AppliedChangeSet> run(LiquibaseMigrations migrations) throws MigrationException;
    }

    private static UpgradeEnvelope.Work work(String toDo, Step step) {
        return new UpgradeEnvelope.Work() {
            @Override
            public Optional<String> toDo(MigrationPlan plan) {
                return Optional.of(toDo); // a rollback always writes: Liquibase reports an unknown tag itself
            }

            @Override
            public List<AppliedChangeSet> write(LiquibaseMigrations migrations) throws MigrationException {
                return step.run(migrations);
            }
        };
    }
}
