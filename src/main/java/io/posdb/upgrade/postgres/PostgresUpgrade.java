package io.posdb.upgrade.postgres;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.PlanGuards;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeRun;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runner.LiquibaseTables;
import io.posdb.runs.UpgradeRunRecorder;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a central PostgreSQL database up to the changelog when many tills boot against
 * it. One till upgrades at a time under a session-level advisory lock: PostgreSQL ties it
 * to the session, so a till that dies releases it with its connection, and whoever holds
 * it knows a locked Liquibase row was left by a dead till. The whole upgrade is one transaction
 * (PostgreSQL's DDL is transactional; {@code OneTransaction}): a changeset that fails or halts leaves the
 * server as it was before the upgrade, as a file's snapshot does; backups are the server's business. Each
 * attempt with work to do is recorded ({@link UpgradeRunRecorder}); a failed one after the transaction
 * was rolled back.
 *
 * <p>Other tills keep selling meanwhile. A changeset that breaks older releases is held back
 * while tills of an older release are connected ({@link OlderTills}): the upgrade is rolled back and
 * refused naming them, unless the operator said to go ahead.
 *
 * <p>It takes the upgrade settings one by one so this engine side does not depend on the flow that calls it.
 */
public record PostgresUpgrade(PostgresDatabase database, ChangelogSource changelog, Duration lockWait,
                              boolean allowNewerDatabase, boolean despiteOlderTills, UpgradeProgress progress) {

    private static final Logger log = LoggerFactory.getLogger(PostgresUpgrade.class);
    /** The advisory lock key of posdb upgrades ("posdb" in ASCII). */
    static final long LOCK_KEY = 0x706f736462L;
    /** What a failed rollback left, as its message and its run's record both say it. */
    private static final String ROLLBACK_ROLLED_BACK =
            " — the server is as it was before the rollback (one transaction, rolled back)";

    public List<AppliedChangeSet> run() throws PosDatabaseException {
        return locked(this::upgrade);
    }

    /** What runs under the advisory lock, on the session that holds it. */
    private interface LockedWork {
        List<AppliedChangeSet> run(Connection lockSession) throws PosDatabaseException, SQLException;
    }

    /** Runs {@code work} holding the advisory lock (waiting up to lockWait for it), and gives the lock back. */
    private List<AppliedChangeSet> locked(LockedWork work) throws PosDatabaseException {
        try (Connection lockSession = database.open()) {
            acquire(lockSession);
            try {
                return work.run(lockSession);
            } finally {
                advisory(lockSession, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /** Reads on the lock session: a boot with nothing pending opens no other connection here. */
    private List<AppliedChangeSet> upgrade(Connection lockSession) throws PosDatabaseException, SQLException {
        LiquibaseTables.releaseStaleLock(database, lockSession); // we hold the advisory lock: any locked row is stale
        MigrationPlan plan = plan(lockSession);
        PlanGuards.refuseNewerOrEdited(plan, database, allowNewerDatabase);
        log.info(plan.pendingSummary());
        if (!plan.needsLiquibase()) {
            return List.of();
        }
        OlderTills olderTills = new OlderTills(lockSession.unwrap(PGConnection.class).getBackendPID(), database.description(), despiteOlderTills);
        try {
            List<AppliedChangeSet> applied = recorded(lockSession, UpgradeRun.UPGRADE, plan.pendingIds(),
                    migrations -> migrations.update(olderTills),
                    " — the server is as it was before the upgrade (one transaction, rolled back)");
            log.info("All migrations completed successfully");
            return applied;
        } catch (MigrationException e) {
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Migration failed on " + database.description()
                    + ": " + FailedChangeSet.inALine(e) + " — the server is as it was before the upgrade (one "
                    + "transaction, rolled back)", AfterFailure.ROLLED_BACK, e);
        }
    }

    /**
     * {@code posdb downgrade} on the server (issue 21 §3): under the same advisory lock as an upgrade,
     * undoes the changesets this release does not know, newest first, from what the database recorded,
     * in one transaction (PostgreSQL's DDL is transactional: all or nothing). Returns them; empty when
     * there is nothing to undo. Recorded as an upgrade is ({@link UpgradeRunRecorder}, operation
     * {@link UpgradeRun#DOWNGRADE}): the release before and after, each changeset undone, how it ended; a
     * failed one after its transaction was rolled back, so the record says nothing was undone.
     */
    public List<AppliedChangeSet> downgrade() throws PosDatabaseException {
        return locked(this::undoUnknown);
    }

    private List<AppliedChangeSet> undoUnknown(Connection lockSession) throws PosDatabaseException, SQLException {
        MigrationPlan plan = plan(lockSession);
        PlanGuards.refuseEdited(plan);
        List<HistoryEntry> newestFirst = plan.unknownNewestFirst();
        if (newestFirst.isEmpty()) {
            return List.of(); // DatabaseDowngrade says so, for both engines
        }
        // Before the run is recorded: what the record alone says cannot be undone leaves the server as it was.
        PlanGuards.refuseUndoThatCannotRun(LiquibaseTables.undoThatCannotRun(lockSession, newestFirst),
                database.description());
        try {
            // One transaction, rolled back on failure: the steps before the failing one are undone no more.
            List<AppliedChangeSet> undone = recorded(lockSession, UpgradeRun.DOWNGRADE,
                    newestFirst.stream().map(HistoryEntry::id).toList(), migrations -> migrations.downgrade(newestFirst),
                    " — nothing was undone (one transaction)");
            log.info("Downgraded {} to release {}: undid {}", database.description(), Release.current(),
                    undone.stream().map(AppliedChangeSet::id).collect(Collectors.joining(", ")));
            return undone;
        } catch (MigrationException e) {
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Downgrade failed on "
                    + database.description() + ": " + FailedChangeSet.inALine(e) + " — nothing was undone "
                    + "(one transaction)", AfterFailure.ROLLED_BACK, e);
        }
    }

    /**
     * {@code posdb rollback} on the server, under the same advisory lock as an upgrade: a till booting
     * meanwhile waits for it, where without it the till would take Liquibase's lock row, which this
     * rollback holds, for one a dead till left, release it and upgrade during the rollback. After
     * the refusal of a newer or edited database; the whole rollback is one transaction,
     * recorded as an upgrade is ({@link UpgradeRun#ROLLBACK}); a {@code target} the history cannot meet (a tag
     * it lacks, more changesets than it holds, a changeset Liquibase cannot undo: the caller's refusal, in the words
     * it gives a file's) refused before anything is written. {@code toDo} is logged before it writes, {@code done}
     * after it succeeded, as on a file.
     */
    public List<AppliedChangeSet> rollback(String toDo, String done, PlanGuards.RollbackTarget target,
                                           LiquibaseMigrations.Write step)
            throws PosDatabaseException {
        return locked(lockSession -> {
            // Liquibase cannot roll back what this release does not know (compatible or not), nor should it
            // run edited changesets.
            PlanGuards.refuseAnyNewerOrEdited(plan(lockSession), database, allowNewerDatabase);
            // Before the run is recorded: a target the history cannot meet leaves the server as it was.
            target.refuseUnless(MigrationRecords.history(lockSession));
            log.info(toDo);
            try {
                List<AppliedChangeSet> rolledBack = recorded(lockSession, UpgradeRun.ROLLBACK, null, step,
                        ROLLBACK_ROLLED_BACK);
                log.info(done);
                return rolledBack;
            } catch (MigrationException e) {
                PosDatabaseException typed = DatabaseFailures.of(database, e);
                if (typed.kind() != BootFailure.MIGRATION_FAILED) {
                    throw typed; // the server's own failure (connection, lock), worded as every command words it
                }
                // Worded as an upgrade's is, so the block and --json say what was left (undone:, after) as on a file.
                throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Rollback failed on "
                        + database.description() + ": " + database.redactSecrets(FailureReason.of(e))
                        + ROLLBACK_ROLLED_BACK,
                        AfterFailure.ROLLED_BACK, e);
            }
        });
    }

    private MigrationPlan plan(Connection lockSession) throws PosDatabaseException {
        try {
            return new LiquibaseMigrations(database, changelog).plan(lockSession);
        } catch (MigrationException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /**
     * Runs {@code write}, recorded ({@link UpgradeRunRecorder}) as {@code operation}: only with work to do, so an
     * up-to-date boot writes nothing; we hold the advisory lock, so a run still 'started' was left by a till that
     * died and is marked killed first. A failure is recorded after Liquibase (or the downgrade's one transaction)
     * rolled back, with {@code recordedAfter} after its reason, and thrown on for the caller to word; older tills
     * refusing a breaking changeset are thrown as they refused. {@code planned} null: the operation does not
     * know its changesets before it runs (a rollback: Liquibase finds them), so no plan is told.
     */
    private List<AppliedChangeSet> recorded(Connection lockSession, String operation, List<String> planned,
                                            LiquibaseMigrations.Write write, String recordedAfter)
            throws PosDatabaseException, MigrationException {
        UpgradeRunRecorder.markAbandoned(lockSession);
        UpgradeRunRecorder record = UpgradeRunRecorder.start(database, operation, true);
        record.writeStarted(database);
        if (planned != null) {
            progress.plan(operation, planned);
        }
        try {
            List<AppliedChangeSet> done = write.run(new LiquibaseMigrations(database, changelog).recording(record, progress));
            record.writeFinished(database, UpgradeRun.APPLIED, null);
            return done;
        } catch (MigrationException e) {
            Optional<PosDatabaseException> refused = Causes.first(e, PosDatabaseException.class);
            if (refused.isPresent()) {
                // Older tills connected: the breaking changeset was rolled back; its own kind and message.
                record.writeFinished(database, UpgradeRun.FAILED, refused.get().getMessage());
                throw refused.get();
            }
            record.writeFinished(database, UpgradeRun.FAILED,
                    record.whyFailed(FailedChangeSet.inALine(e)) + recordedAfter);
            throw e;
        }
    }

    private void acquire(Connection session) throws SQLException, PosDatabaseException {
        Instant deadline = Instant.now().plus(lockWait);
        boolean announced = false;
        while (!advisory(session, "pg_try_advisory_lock")) {
            String holder = holder(session);
            if (!announced) {
                log.info("Waiting for {} to finish upgrading {}", holder, database.description());
                announced = true;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new PosDatabaseException(BootFailure.LOCKED, "Database " + database.description() + " is being upgraded by "
                        + holder + ", which is still connected; gave up after " + lockWait.toSeconds()
                        + " s" + BootFailure.LOCK_WAIT_SETTING);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PosDatabaseException(BootFailure.LOCKED, "Interrupted while waiting for " + holder, e);
            }
        }
    }

    /** Calls {@code function} (pg_try_advisory_lock, pg_advisory_unlock) on posdb's lock key: whether it says true. */
    private static boolean advisory(Connection session, String function) throws SQLException {
        return Jdbc.rows(session, "SELECT " + function + "(?)", List.of(LOCK_KEY), rs -> rs.getBoolean(1))
                .get(0);
    }

    /**
     * Names the session holding the advisory lock on this database (pid, its application_name, client address, since
     * when). An advisory lock is the database's own, but pg_locks lists every database's: another shop's database on
     * the same server, being upgraded at the same moment under the same key, holds one too.
     */
    private static String holder(Connection session) throws SQLException {
        // A posdb till's application_name says which release and till it is ("posdb 2.1.0 till-north").
        return Jdbc.rows(session, "SELECT a.pid, a.client_addr, a.backend_start, a.application_name "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND "
                + "l.granted AND (l.classid::bigint << 32 | l.objid::bigint) = ? AND l.database = "
                + "(SELECT oid FROM pg_database WHERE datname = current_database())", List.of(LOCK_KEY),
                rs -> "server process " + rs.getInt(1) + " (" + (rs.getString(4) == null || rs.getString(4).isBlank()
                        ? "" : rs.getString(4) + ", ") + "client " + rs.getString(2) + ", connected since "
                        + rs.getString(3) + ")").stream().findFirst().orElse("another till");
    }
}
