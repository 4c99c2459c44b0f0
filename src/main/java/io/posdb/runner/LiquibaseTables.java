package io.posdb.runner;

import io.posdb.report.ReleasedLocks;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.TillDatabase;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.PosDatabaseException;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct reads of Liquibase's lock table, and the release of a stale lock row; DATABASECHANGELOG's rows
 * ({@link MigrationRecords#history(Connection)}) with the classes posdb recorded for them. posdb reads
 * them with plain JDBC so a boot can decide what to do without letting Liquibase create or lock anything first.
 */
public final class LiquibaseTables {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseTables.class);

    private LiquibaseTables() {
    }

    /**
     * The rows of DATABASECHANGELOG ({@link MigrationRecords#history(Connection)}) with the compatibility
     * the database recorded for each ({@code posdb_changeset}), where it did, and, for one it did not, whether it
     * recorded a changeset applied before it ({@link HistoryEntry#appliedWithoutRecordBy}).
     */
    public static List<HistoryEntry> withRecordedClasses(Connection connection, List<HistoryEntry> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, ChangeSetRecords.Recorded> recorded = ChangeSetRecords.read(connection, false);
        // The first changeset posdb recorded, in the order they were applied: posdb keeps records from then on.
        boolean allRecorded = rows.stream().allMatch(r -> recorded.containsKey(r.key()));
        int firstRecorded = recorded.isEmpty() || allRecorded ? Integer.MAX_VALUE
                : MigrationRecords.history(connection).stream().filter(r -> recorded.containsKey(r.key()))
                .mapToInt(HistoryEntry::order).min().orElse(Integer.MAX_VALUE);
        return rows.stream().map(r -> r.withRecord(Optional.ofNullable(recorded.get(r.key()))
                .map(ChangeSetRecords.Recorded::compatibility).orElse(null), firstRecorded < r.order())).toList();
    }

    /**
     * Of {@code newestFirst}, changesets a downgrade would undo, those whose recorded undo cannot run, newest first,
     * each with why ({@link ChangeSetRecords#cannotRun}; a table it gives back from an archive data_migration_audit
     * holds no record of, {@link RecordedUndo#tableWithoutARecord}; on SQLite also a column it brings back that rows
     * would be left without a value for, {@link RecordedUndo#rowsWithoutAValue}): known from the record and the rows
     * as they are, each undo judged against the tables as the newer changesets' undos leave them, so a downgrade
     * refuses them before anything is written ({@code PlanGuards.refuseUndoThatCannotRun}). Empty when each can be
     * undone.
     */
    public static Map<HistoryEntry, String> undoThatCannotRun(Connection connection, List<HistoryEntry> newestFirst)
            throws SQLException {
        if (newestFirst.isEmpty()) {
            return Map.of();
        }
        Map<String, ChangeSetRecords.Recorded> records = ChangeSetRecords.read(connection, true);
        Map<HistoryEntry, String> cannotRun = new LinkedHashMap<>();
        // Each undo is judged against the tables as the undos before it (newer changesets) will leave them.
        List<ChangeSetRecords.Recorded> undoneBefore = new ArrayList<>();
        for (HistoryEntry row : newestFirst) {
            ChangeSetRecords.Recorded record = records.get(row.key());
            Optional<String> why = ChangeSetRecords.cannotRun(row, record);
            if (why.isEmpty()) {
                why = RecordedUndo.tableWithoutARecord(connection, row, record);
            }
            if (why.isEmpty()) {
                why = RecordedUndo.rowsWithoutAValue(connection, row, record, undoneBefore);
                undoneBefore.add(record);
            }
            why.ifPresent(reason -> cannotRun.put(row, reason));
        }
        return cannotRun;
    }

    /** {@link #undoThatCannotRun(Connection, List)} of a database read without writing anything to it. */
    public static Map<HistoryEntry, String> undoThatCannotRun(TillDatabase database, List<HistoryEntry> newestFirst)
            throws PosDatabaseException {
        try {
            return database.readWithoutWriting(readable -> {
                try (Connection connection = readable.open()) {
                    return undoThatCannotRun(connection, newestFirst);
                }
            });
        } catch (SQLException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    public static Optional<ReleasedLocks.LockHolder> lockHolder(Connection connection) throws SQLException {
        if (!Jdbc.tableExists(connection, "DATABASECHANGELOGLOCK")) {
            return Optional.empty();
        }
        // LOCKED is an integer on SQLite and a boolean on PostgreSQL: a bound boolean suits both.
        return Jdbc.rows(connection, "SELECT LOCKEDBY, LOCKGRANTED FROM DATABASECHANGELOGLOCK WHERE ID = 1 "
                + "AND LOCKED = ?", List.of(true), rs -> new ReleasedLocks.LockHolder(rs.getString(1), rs.getString(2)))
                .stream().findFirst();
    }

    /**
     * Releases Liquibase's lock row, proven stale by the caller holding posdb's own upgrade lock (SQLite's
     * file lock or PostgreSQL's advisory lock), which every posdb process takes before Liquibase's: a
     * locked row can then only be left by a process that died. On a connection the caller holds (a server's
     * lock session); returns the holder of the row it released.
     */
    public static Optional<ReleasedLocks.LockHolder> releaseStaleLock(TillDatabase database, Connection connection)
            throws SQLException {
        Optional<ReleasedLocks.LockHolder> holder = lockHolder(connection);
        if (holder.isPresent()) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1")) {
                statement.setBoolean(1, false);
                statement.executeUpdate();
            }
            logReleased(database, holder.get());
        }
        return holder;
    }

    /** The holder of Liquibase's lock row, if it is locked, read without writing anything to the database. */
    public static Optional<ReleasedLocks.LockHolder> lockHolder(TillDatabase database) throws PosDatabaseException {
        try {
            return database.readWithoutWriting(readable -> {
                try (Connection connection = readable.open()) {
                    return lockHolder(connection);
                }
            });
        } catch (SQLException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /**
     * Releases Liquibase's lock row of an SQLite file only while it is still the one {@code holder} took
     * (same holder, same time), for a caller that proved that row stale without holding posdb's upgrade
     * lock: a process that took the lock since then keeps it. Returns whether the row was released.
     */
    public static boolean releaseLockHeldBy(TillDatabase database, ReleasedLocks.LockHolder holder)
            throws PosDatabaseException {
        // IS, not =: it compares a NULL holder or time as equal (SQLite's IS takes any two values).
        try (Connection connection = database.open(); PreparedStatement statement = connection.prepareStatement(
                "UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = NULL, LOCKGRANTED = NULL "
                        + "WHERE ID = 1 AND LOCKED = ? AND LOCKEDBY IS ? AND LOCKGRANTED IS ?")) {
            statement.setBoolean(1, false);
            statement.setBoolean(2, true);
            statement.setString(3, holder.lockedBy());
            statement.setString(4, holder.grantedAt());
            boolean released = statement.executeUpdate() == 1;
            if (released) {
                logReleased(database, holder);
            }
            return released;
        } catch (SQLException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    private static void logReleased(TillDatabase database, ReleasedLocks.LockHolder holder) {
        log.warn("Released a stale Liquibase lock of {} held by {} since {}: no live posdb process holds "
                + "the database", database.description(), holder.lockedBy(), holder.grantedAt());
    }
}
