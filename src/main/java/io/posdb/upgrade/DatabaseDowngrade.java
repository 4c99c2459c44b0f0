package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PlanGuards;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.upgrade.postgres.PostgresUpgrade;
import io.posdb.database.TillDatabase;
import io.posdb.runner.LiquibaseTables;
import io.posdb.failure.PosDatabaseException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code posdb downgrade}, run by an older release on a database a newer release upgraded (issue
 * 21 §3): undoes the changesets this release does not know, newest first, from what the database
 * recorded of each ({@code posdb_changeset}), without the newer release's changelog or classes.
 * On SQLite inside the same {@link UpgradeEnvelope} as an upgrade: the upgrade lock, the file
 * checks, a snapshot ({@code *.before-downgrade.snapshot}), all or nothing, the snapshot put back
 * when a step fails or the process dies; on PostgreSQL under the upgrade's advisory lock, in one
 * transaction ({@link PostgresUpgrade#downgrade}). Values only the newer release knew are archived
 * (data_migration_audit, {@code archived_<table>}), never dropped.
 */
public record DatabaseDowngrade(TillDatabase database, UpgradeSettings settings) {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDowngrade.class);

    /** Undoes every changeset this release does not know; returns them, newest first (empty: nothing to undo). */
    public List<AppliedChangeSet> run() throws PosDatabaseException {
        List<AppliedChangeSet> undone = database instanceof PostgresDatabase server
                ? new PostgresUpgrade(server, settings.changelog(), settings.lockWait(), false, false,
                        settings.progress()).downgrade()
                : onFile((SqliteDatabase) database);
        if (undone.isEmpty()) {
            log.info("Nothing to downgrade: {} has no changeset this release does not know", database.description());
        }
        return undone;
    }

    private List<AppliedChangeSet> onFile(SqliteDatabase sqlite) throws PosDatabaseException {
        UpgradeEnvelope.Operation operation = new UpgradeEnvelope.Operation("downgrade", "Downgrade failed",
                "downgrade", "Downgraded to release " + Release.current() + " successfully", null);
        return new UpgradeEnvelope(sqlite, settings).run(operation, new UpgradeEnvelope.Decision() {
            @Override
            public void refuse(MigrationPlan plan) throws PosDatabaseException {
                PlanGuards.refuseUndoThatCannotRun(LiquibaseTables.undoThatCannotRun(sqlite, plan.unknownNewestFirst()),
                        sqlite.description());
            }

            /** No changeset to undo: judged before the lock, so a downgrade with nothing to undo writes nothing. */
            @Override
            public boolean nothingToDo(MigrationPlan plan) {
                return plan.unknownNewestFirst().isEmpty();
            }

            @Override
            public Optional<UpgradeEnvelope.Work> decide(MigrationPlan plan) {
                List<HistoryEntry> newestFirst = plan.unknownNewestFirst();
                List<String> ids = newestFirst.stream().map(HistoryEntry::id).toList();
                return newestFirst.isEmpty() ? Optional.empty() : Optional.of(new UpgradeEnvelope.Work(
                        "Downgrading to release " + Release.current() + ": undoing " + ids.size() + " changeset(s) it "
                        + "does not know, newest first: " + String.join(", ", ids), ids,
                        migrations -> migrations.downgrade(newestFirst), UpgradeEnvelope.Check.NONE));
            }
        });
    }
}
