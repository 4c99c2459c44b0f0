package io.posdb.runner;

import io.posdb.report.ReleasedLocks;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.DatabaseFailures;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases Liquibase's lock row once the caller has proven it stale by holding posdb's own
 * upgrade lock (SQLite's file lock or PostgreSQL's advisory lock), which every posdb process
 * takes before Liquibase's: a locked row can then only be left by a process that died.
 */
public final class StaleLiquibaseLock {

    private static final Logger log = LoggerFactory.getLogger(StaleLiquibaseLock.class);

    private StaleLiquibaseLock() {
    }

    /**
     * Called while holding the upgrade lock (the SQLite file lock or PostgreSQL's advisory
     * lock); returns the holder of the row it released, if any.
     */
    public static Optional<ReleasedLocks.LockHolder> release(TillDatabase database) throws PosDatabaseException {
        try (Connection connection = database.open()) {
            return release(database, connection);
        } catch (SQLException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /** The same on a connection to {@code database} the caller holds (a server's lock session). */
    public static Optional<ReleasedLocks.LockHolder> release(TillDatabase database, Connection connection)
            throws SQLException {
        Optional<ReleasedLocks.LockHolder> holder = LiquibaseTables.lockHolder(connection);
        if (holder.isPresent()) {
            LiquibaseTables.releaseLock(connection);
            log.warn("Released a stale Liquibase lock of {} held by {} since {}: no live posdb process holds "
                    + "the database", database.description(), holder.get().lockedBy(), holder.get().grantedAt());
        }
        return holder;
    }
}
