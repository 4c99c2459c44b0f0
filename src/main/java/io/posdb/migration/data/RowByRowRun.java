package io.posdb.migration.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import io.posdb.migration.RowProgress;
import liquibase.exception.CustomChangeException;
import org.slf4j.Logger;

/**
 * A Java-function mapping run row by row on the changeset's connection and transaction:
 * the rows to change are read first (key and value only), then each is audited and
 * updated with bound values. Meant for tables of thousands, not millions, of rows; a
 * mapping that SQL can express (pairs) runs set-based instead.
 */
record RowByRowRun(Connection connection, ValueChangeFacts facts, ValueChangeSql sql, Logger log) {

    record Pending(long key, String oldValue, String newValue, String note) {
    }

    /** Changes the values; returns how many rows were updated. */
    long run() throws SQLException, CustomChangeException {
        List<Pending> pending = pending();
        long updated = 0;
        long done = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        RowProgress progress = RowProgress.start(pending.size());
        for (Pending row : pending) {
            if (row.newValue() == null) {
                sql.auditRow(Long.toString(row.key()), row.oldValue(), row.oldValue(), ValueChangeSql.UNMAPPED_NOTE
                        + "no mapping for '" + row.oldValue() + "'; left unchanged").update(connection);
            } else {
                updated += apply(row);
            }
            done++;
            progress.advanceTo(done);
            long now = System.nanoTime();
            if (now - lastProgress >= facts.progressIntervalSeconds() * 1_000_000_000L) {
                log.info("{} progress: {}/{} {}s to change ({}%), {} rows/s", facts.summary(), done, pending.size(),
                        facts.rowNoun(), done * 100 / pending.size(), done * 1_000_000_000L / Math.max(1, now - started));
                lastProgress = now;
            }
        }
        return updated;
    }

    private int apply(Pending row) throws CustomChangeException {
        try {
            sql.auditRow(Long.toString(row.key()), row.oldValue(), row.newValue(), row.note()).update(connection);
            return sql.setValue(row.key(), row.newValue()).update(connection);
        } catch (SQLException e) {
            throw facts.rowFailed(facts.rowNoun() + " " + row.key(), e);
        }
    }

    /**
     * Rows whose value the function changes, or cannot map (new value null; the fallback applied when set):
     * also what {@link ValuesPending} counts, so the precondition and the change never disagree.
     */
    List<Pending> pending() throws SQLException {
        return sql.allRows().list(connection, rs -> pending(rs.getLong(1), rs.getString(2))).stream()
                .filter(row -> !Objects.equals(row.newValue(), row.oldValue())).toList();
    }

    /** The row's new value by the function, or the fallback with its note when the function cannot map it. */
    private Pending pending(long key, String old) {
        String mapped = facts.mapping().apply(old);
        if (mapped != null || facts.fallback() == null) {
            return new Pending(key, old, mapped, null);
        }
        String[] around = facts.fallbackNoteAround();
        return new Pending(key, old, facts.fallback(), around[0] + (old == null ? "NULL" : old) + around[1]);
    }
}
