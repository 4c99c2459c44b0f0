package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.PlanGuards;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.DatabaseFailures;
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
 * database. Both are recorded as upgrades are ({@link UpgradeRunRecorder}).
 */
public record DatabaseRollback(TillDatabase database, UpgradeSettings settings) {

    /**
     * Rolls back every changeset applied after {@code tag}, and (as Liquibase does) the tagDatabase changeset that
     * set it. A tag the history lacks is refused before anything is written ({@link PlanGuards#refuseMissingTag}),
     * on SQLite before the upgrade lock is taken: the folder is left byte for byte as it was.
     */
    public List<AppliedChangeSet> toTag(String tag) throws PosDatabaseException {
        return run("Rolling back to tag " + tag, "Rolled back to tag " + tag + " successfully",
                Map.of(UpgradeRunRecorder.ROLLBACK_TAG, tag),
                applied -> PlanGuards.refuseMissingTag(applied, tag, database.description()),
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
                migrations -> migrations.rollbackCount(count));
    }

    /**
     * {@code toDo} is logged before the rollback writes, {@code done} after it succeeded; {@code target} checks the
     * applied history before anything is written; {@code named} is that target as the marker keeps it, so that the
     * doctor can name the same rollback exactly if this one is killed.
     */
    private List<AppliedChangeSet> run(String toDo, String done, Map<String, String> named,
                                       PlanGuards.RollbackTarget target, LiquibaseMigrations.Write step)
            throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite) {
            // The envelope checks newer/edited; its snapshot is *.before-rollback.snapshot.
            UpgradeEnvelope.Operation operation = new UpgradeEnvelope.Operation("rollback", "Rollback failed",
                    "rollback", done, null, named);
            // The target is checked before the lock too (UpgradeEnvelope.Decision#refuse), so this refusal writes
            // nothing, not even the lock file's holder; under the lock it is checked again (after any restore of an
            // interrupted run, which changes the history).
            return new UpgradeEnvelope(sqlite, settings).run(operation, new UpgradeEnvelope.Decision() {
                @Override
                public void refuse(MigrationPlan plan) throws PosDatabaseException {
                    target.refuseUnless(history(sqlite));
                }

                @Override
                public Optional<UpgradeEnvelope.Work> decide(MigrationPlan plan) {
                    return Optional.of(new UpgradeEnvelope.Work(toDo, null, step, UpgradeEnvelope.Check.NONE));
                }
            });
        }
        return new PostgresUpgrade((PostgresDatabase) database, settings.changelog(), settings.lockWait(),
                settings.allowNewerDatabase(), false, settings.progress()).rollback(toDo, done, target, step);
    }

    private static List<HistoryEntry> history(SqliteDatabase sqlite) throws PosDatabaseException {
        try {
            return new MigrationRecords(sqlite).history();
        } catch (SQLException e) {
            throw DatabaseFailures.of(sqlite, e);
        }
    }
}
