package io.posdb.upgrade.postgres;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.changelog.PlanGuards;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.MigrationException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runner.MigrationFailureText;
import io.posdb.runner.StaleLiquibaseLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a central PostgreSQL database up to the changelog when many tills boot against
 * it. One till upgrades at a time under a session-level advisory lock: PostgreSQL ties it
 * to the session, so a till that dies releases it with its connection, and whoever holds
 * it knows a locked Liquibase row was left by a dead till. Each changeset is one
 * transaction (PostgreSQL's DDL is transactional); backups are the server's business.
 *
 * <p>Other tills keep selling meanwhile. A changeset that breaks older releases is held back
 * while tills of an older release are connected ({@link OlderTills}): it is rolled back and the
 * upgrade refused naming them, unless the operator said to go ahead.
 */
public final class PostgresUpgrade {

    private static final Logger log = LoggerFactory.getLogger(PostgresUpgrade.class);
    /** The advisory lock key of posdb upgrades ("posdb" in ASCII). */
    static final long LOCK_KEY = 0x706f736462L;

    private final PostgresDatabase database;
    private final ChangelogSource changelog;
    private final Duration lockWait;
    private final boolean allowNewerDatabase;
    private final boolean despiteOlderTills;

    /** Takes the upgrade settings one by one so this engine side does not depend on the flow that calls it. */
    public PostgresUpgrade(PostgresDatabase database, ChangelogSource changelog, Duration lockWait,
            boolean allowNewerDatabase, boolean despiteOlderTills) {
        this.database = database;
        this.changelog = changelog;
        this.lockWait = lockWait;
        this.allowNewerDatabase = allowNewerDatabase;
        this.despiteOlderTills = despiteOlderTills;
    }

    public List<AppliedChangeSet> run() throws PosDatabaseException {
        try (Connection lockSession = database.open()) {
            acquire(lockSession);
            try {
                return upgrade(lockSession);
            } finally {
                try (PreparedStatement unlock = lockSession.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, LOCK_KEY);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /** Reads on the lock session: a boot with nothing pending opens no other connection here. */
    private List<AppliedChangeSet> upgrade(Connection lockSession) throws PosDatabaseException, SQLException {
        StaleLiquibaseLock.release(database, lockSession); // we hold the advisory lock: any locked row is stale
        LiquibaseMigrations migrations = new LiquibaseMigrations(database, changelog);
        MigrationPlan plan;
        try {
            plan = migrations.plan(lockSession);
        } catch (MigrationException e) {
            throw DatabaseFailures.of(database, e);
        }
        PlanGuards.refuseNewerOrEdited(plan, database.description(), allowNewerDatabase);
        if (plan.pending().isEmpty() && !plan.checksumsNeedUpgrade()) {
            log.info("No pending migrations detected");
            return List.of();
        }
        log.info("Pending migrations detected: {}",
                plan.pending().stream().map(PendingChangeSet::id).collect(Collectors.joining(", ")));
        try {
            List<AppliedChangeSet> applied = migrations.update(
                    new OlderTills(backendPid(lockSession), database.description(), despiteOlderTills));
            log.info("All migrations completed successfully");
            return applied;
        } catch (MigrationException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof PosDatabaseException refused) {
                    throw refused; // older tills connected: its own kind and message, not a failed migration
                }
            }
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Migration failed on " + database.description()
                    + ": " + MigrationFailureText.of(e) + " — changesets before the failing one stay applied, each in its own "
                    + "transaction; the failing one was rolled back", e);
        }
    }

    private static int backendPid(Connection session) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT pg_backend_pid()");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void acquire(Connection session) throws SQLException, PosDatabaseException {
        Instant deadline = Instant.now().plus(lockWait);
        boolean announced = false;
        while (true) {
            try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (ResultSet rs = lock.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
            }
            String holder = holder(session);
            if (!announced) {
                log.info("Waiting for {} to finish upgrading {}", holder, database.description());
                announced = true;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new PosDatabaseException(BootFailure.LOCKED, "Database " + database.description() + " is being upgraded by "
                        + holder + ", which is still connected; gave up after " + lockWait.toSeconds()
                        + " s (--lock-wait)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PosDatabaseException(BootFailure.LOCKED, "Interrupted while waiting for " + holder, e);
            }
        }
    }

    /** Names the session holding the advisory lock (pid, its application_name, client address, since when). */
    private static String holder(Connection session) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT a.pid, a.client_addr, a.backend_start, "
                + "a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = "
                + "'advisory' AND l.granted AND (l.classid::bigint << 32 | l.objid::bigint) = ?")) {
            query.setLong(1, LOCK_KEY);
            try (ResultSet rs = query.executeQuery()) {
                // A posdb till's application_name says which release and till it is ("posdb 2.1.0 till-north").
                return rs.next() ? "server process " + rs.getInt(1) + " (" + (rs.getString(4) == null
                        || rs.getString(4).isBlank() ? "" : rs.getString(4) + ", ") + "client " + rs.getString(2)
                        + ", connected since " + rs.getString(3) + ")" : "another till";
            }
        }
    }
}
