package io.posdb.migration.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.exception.CustomChangeException;
import org.slf4j.Logger;

/**
 * One rollback of a value migration, inside the changeset's transaction: the old values come
 * back from the audit trail, rows changed since then are left alone, and a count that does not
 * match its audit rows fails the rollback so nothing is changed.
 */
record ValueRollbackRun(Connection connection, ValueChangeFacts facts, ValueChangeSql sql, Logger log) {

    ValueRollbackStats run() throws CustomChangeException {
        try {
            long after = sql.lastRollbackAuditId().longs(connection, 1)[0];
            int audited = sql.auditRollback(after).update(connection);
            int restored = sql.applyRollback(after).update(connection);
            if (audited != restored) {
                throw new CustomChangeException(facts.task() + ": rollback wrote " + audited + " audit rows but restored "
                        + restored + " rows; nothing was changed");
            }
            ValueRollbackStats stats = new ValueRollbackStats(restored, facts.mapsBackOnRollback() ? mapBack() : Map.of());
            log.info("{} rolled back: {} {}s restored from the audit trail, {} not in the audit mapped back {}",
                    facts.summary(), restored, facts.rowNoun(), stats.mappedBackCount(), stats.mappedBack());
            return stats;
        } catch (SQLException e) {
            throw new CustomChangeException(facts.task() + ": restoring the old values of table " + facts.table()
                    + " from the audit trail failed: " + e.getMessage(), e);
        }
    }

    /**
     * Rows still holding a new value after the restore (written or kept after the change) get
     * the inverse mapping, each with its audit row, so the release before can read them all.
     */
    private Map<String, Long> mapBack() throws SQLException, CustomChangeException {
        Map<String, Long> mappedBack = new LinkedHashMap<>();
        for (Map.Entry<String, String> inverse : facts.mapping().inversePairs().entrySet()) {
            int audited = sql.auditInverse(inverse.getKey(), inverse.getValue()).update(connection);
            int changed = sql.applyInverse(inverse.getKey(), inverse.getValue()).update(connection);
            if (audited != changed) {
                throw new CustomChangeException(facts.task() + ": rollback wrote " + audited + " audit rows but mapped "
                        + changed + " rows from '" + inverse.getKey() + "' back; nothing was changed");
            }
            mappedBack.put(inverse.getKey() + "->" + inverse.getValue(), (long) changed);
        }
        return mappedBack;
    }
}
