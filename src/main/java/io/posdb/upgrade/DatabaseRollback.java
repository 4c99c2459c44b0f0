package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runs.UpgradeRunRecorder;
import io.posdb.upgrade.postgres.PostgresUpgrade;
import java.util.List;
import java.util.Optional;

/**
 * Rolls an SQLite file back inside the same {@link UpgradeEnvelope} as an upgrade (issue 10 §4):
 * the upgrade lock, the file and plan checks, a snapshot ({@code *.before-rollback.snapshot}),
 * all-or-nothing, and the snapshot put back when a changeset's rollback fails or the process
 * dies (the next boot or rollback restores it). Exit codes are those of an upgrade. A server
 * has no file to snapshot: there, under the upgrade's advisory lock ({@link PostgresUpgrade#rollback}),
 * each changeset's rollback is its own transaction, after the same refusal of a newer or edited
 * database. Both are recorded as upgrades are ({@link UpgradeRunRecorder}).
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
    private List<AppliedChangeSet> run(String toDo, String done, LiquibaseMigrations.Write step) throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite) {
            // The envelope checks newer/edited; its snapshot is *.before-rollback.snapshot.
            UpgradeEnvelope.Operation operation = new UpgradeEnvelope.Operation("rollback", "Rollback failed",
                    "rollback", done);
            // A rollback always writes: Liquibase reports an unknown tag itself.
            return new UpgradeEnvelope(sqlite, settings).run(operation,
                    plan -> Optional.of(new UpgradeEnvelope.Work(toDo, null, step)));
        }
        return new PostgresUpgrade((PostgresDatabase) database, settings.changelog(), settings.lockWait(),
                settings.allowNewerDatabase(), false, settings.progress()).rollback(toDo, done, step);
    }
}
