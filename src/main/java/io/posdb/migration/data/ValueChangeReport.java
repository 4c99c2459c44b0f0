package io.posdb.migration.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Reads back what a run audited and tells it: one log line per row up to logDetailLimit
 * (WARN for a fallback or an unmapped value, with the row), a summary of the rest, and
 * the stats (rows up to reportDetailLimit).
 */
record ValueChangeReport(Connection connection, ValueChangeFacts facts, ValueChangeSql sql, Logger log) {

    ValueChangeStats report(long total, long updated, long auditBefore) throws SQLException {
        int logLimit = facts.logDetailLimit();
        int reportLimit = facts.reportDetailLimit();
        List<RowChange> rows = new ArrayList<>();
        long loggedFallbacks = 0;
        long loggedUnmapped = 0;
        int row = 0;
        try (PreparedStatement statement = sql.changesSince(auditBefore, Math.max(logLimit, reportLimit) + 1)
                .prepare(connection); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                RowChange change = new RowChange(Long.parseLong(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5));
                if (row < logLimit) {
                    log(change);
                    loggedUnmapped += change.unmapped() ? 1 : 0;
                    loggedFallbacks += change.note() != null && !change.unmapped() ? 1 : 0;
                }
                if (row < reportLimit) {
                    rows.add(change);
                }
                row++;
            }
        }
        long[] notes = sql.notesSince(auditBefore).longs(connection, 2);
        long fallbacks = notes[0];
        long unmapped = notes[1];
        if (updated + unmapped > logLimit) {
            log.info("{}: {} more change(s) not logged one by one; every change is in data_migration_audit",
                    facts.summary(), updated + unmapped - logLimit);
        }
        if (fallbacks > loggedFallbacks) {
            log.warn("{}: {} {}(s) with an unknown {} {} '{}' (see data_migration_audit)", facts.summary(),
                    fallbacks - loggedFallbacks, facts.rowNoun(), facts.column(), facts.fallbackVerb(), facts.fallback());
        }
        if (unmapped > loggedUnmapped) {
            log.warn("{}: {} more {}(s) whose {} has no mapping were left unchanged (see data_migration_audit)",
                    facts.summary(), unmapped - loggedUnmapped, facts.rowNoun(), facts.column());
        }
        return new ValueChangeStats(updated, total - updated - unmapped, unmapped, List.copyOf(rows),
                updated + unmapped > reportLimit);
    }

    private void log(RowChange change) {
        if (change.unmapped()) {
            log.warn("Not migrated {} {} ('{}'): {} '{}' has no mapping and no fallback; left unchanged", facts.rowNoun(),
                    change.rowId(), change.label(), facts.column(), change.oldValue());
        } else if (change.note() == null) {
            log.info("Migrated {} {} ('{}'): '{}' -> '{}'", facts.rowNoun(), change.rowId(), change.label(),
                    change.oldValue(), change.newValue());
        } else {
            log.warn("Migrated {} {} ('{}'): '{}' -> '{}' ({})", facts.rowNoun(), change.rowId(), change.label(),
                    change.oldValue(), change.newValue(), change.note());
        }
    }
}
