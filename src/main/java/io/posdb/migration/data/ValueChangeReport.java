package io.posdb.migration.data;

import java.sql.Connection;
import java.sql.SQLException;
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
        List<RowChange> changes = sql.changesSince(auditBefore, Math.max(logLimit, reportLimit) + 1).list(connection,
                rs -> new RowChange(Long.parseLong(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
        List<RowChange> logged = first(changes, logLimit);
        logged.forEach(this::log);
        long loggedUnmapped = logged.stream().filter(RowChange::unmapped).count();
        long loggedFallbacks = logged.stream().filter(change -> change.note() != null && !change.unmapped()).count();
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
        return new ValueChangeStats(updated, total - updated - unmapped, unmapped, first(changes, reportLimit),
                updated + unmapped > reportLimit);
    }

    private static List<RowChange> first(List<RowChange> changes, int limit) {
        return changes.stream().limit(Math.max(0, limit)).toList();
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
