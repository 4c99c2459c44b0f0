package io.posdb.migration.data;

import io.posdb.migration.RowProgress;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import liquibase.exception.CustomChangeException;
import org.slf4j.Logger;

/**
 * A pairs mapping run set-based on the changeset's connection and transaction: per range
 * of keys one INSERT … SELECT writes the audit rows and one UPDATE changes the values, so
 * a million rows take seconds and constant memory.
 */
record SetBasedRun(Connection connection, ValueChangeFacts facts, ValueChangeSql sql, Logger log) {

    /** Keys per set-based step at most: large enough to stay set-based, small enough for steady progress lines. */
    private static final long KEYS_PER_STEP = 100_000;
    /**
     * Keys per step at least: a smaller table still takes about ten steps, so a progress listener sees it move
     * ({@link RowProgress}), and no step is so small that the statements outweigh the rows.
     */
    private static final long MIN_KEYS_PER_STEP = 1_000;

    /** Changes the values; returns how many rows were updated. */
    long run(long total, long minKey, long maxKey) throws SQLException, CustomChangeException {
        long updated = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        RowProgress progress = RowProgress.start(total);
        long keysPerStep = Math.max(MIN_KEYS_PER_STEP, Math.min(KEYS_PER_STEP, (maxKey - minKey + 1) / 10));
        for (long from = minKey; from <= maxKey; from += keysPerStep) {
            long to = Math.min(maxKey + 1, from + keysPerStep);
            int audited = sql.auditChanges(from, to).update(connection);
            int changed = applyRange(from, to);
            if (audited != changed) {
                throw new CustomChangeException(facts.task() + ": " + audited + " audit rows but " + changed
                        + " updated rows for ids " + from + ".." + (to - 1) + "; nothing was changed");
            }
            if (facts.fallback() == null) {
                sql.auditUnmapped(from, to).update(connection);
            }
            updated += changed;
            // Keys stand for rows here, as in the log line: the count of the keys passed, never above the total.
            progress.reached(to > maxKey ? total : Math.min(total, to - minKey));
            long now = System.nanoTime();
            if (now - lastProgress >= facts.progressIntervalSeconds() * 1_000_000_000L && to <= maxKey) {
                long done = Math.min(total, to - minKey);
                log.info("{} progress: {}/{} {}s ({}%), {} rows/s", facts.summary(), done, total, facts.rowNoun(),
                        done * 100 / total, done * 1_000_000_000L / Math.max(1, now - started));
                lastProgress = now;
            }
        }
        return updated;
    }

    /**
     * Applies one range inside a savepoint; if it fails, finds and names the row it failed
     * on. (PostgreSQL aborts the whole transaction on a failed statement unless it ran
     * inside a savepoint, so every probe has one too.)
     */
    private int applyRange(long from, long to) throws SQLException, CustomChangeException {
        Jdbc.execute(connection, "SAVEPOINT value_change_range");
        try {
            int changed = sql.applyChanges(from, to).update(connection);
            Jdbc.execute(connection, "RELEASE SAVEPOINT value_change_range");
            return changed;
        } catch (SQLException rangeFailure) {
            rollBackTo("value_change_range", rangeFailure);
            CustomChangeException named = failingRow(from, to, rangeFailure);
            rollBackTo("value_change_range", rangeFailure);
            throw named;
        }
    }

    /**
     * Undoes the work since {@code savepoint} after {@code failure}. SQLite rolls back the whole transaction on
     * some errors (a full disk, an I/O error), which ends the savepoint too: then {@code failure} itself is thrown,
     * the failed rollback suppressed in it, so that what went wrong (SQLITE_FULL: exit 7) is what the operator
     * reads, not "no such savepoint". The changeset fails either way and the upgrade is restored.
     */
    private void rollBackTo(String savepoint, SQLException failure) throws SQLException {
        try {
            Jdbc.execute(connection, "ROLLBACK TO SAVEPOINT " + savepoint);
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            throw failure;
        }
    }

    private CustomChangeException failingRow(long from, long to, SQLException rangeFailure) throws SQLException {
        for (long key : sql.candidateIds(from, to).list(connection, rs -> rs.getLong(1))) {
            Jdbc.execute(connection, "SAVEPOINT value_change_probe");
            try {
                sql.applyChange(key).update(connection);
                Jdbc.execute(connection, "RELEASE SAVEPOINT value_change_probe");
            } catch (SQLException rowFailure) {
                rollBackTo("value_change_probe", rowFailure);
                rowFailure.addSuppressed(rangeFailure);
                return facts.rowFailed(facts.rowNoun() + " " + key, rowFailure);
            }
        }
        return new CustomChangeException(facts.task() + ": " + facts.verb() + " ids " + from + ".." + (to - 1)
                + " of table " + facts.table() + " failed: " + rangeFailure.getMessage(), rangeFailure);
    }
}
