package io.posdb.migration.role;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.exception.CustomChangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One execution of the remap (or of its rollback) on the changeset's connection and transaction. */
final class RoleRemapRun {

    private static final Logger log = LoggerFactory.getLogger(RemapLegacyUserRoles.class);
    private static final String TASK = "Remap legacy user roles (2.0.0)";
    /** Ids per set-based step: large enough to stay set-based, small enough for steady progress lines. */
    private static final long IDS_PER_STEP = 100_000;

    private final Connection connection;
    private final RemapParameters parameters;
    private final RoleRemapSql sql;

    RoleRemapRun(Connection connection, RemapParameters parameters, RoleRemapSql sql) {
        this.connection = connection;
        this.parameters = parameters;
        this.sql = sql;
    }

    RoleRemapStats remap() throws CustomChangeException {
        try {
            long[] countMinMax = longs(sql.count(), 3);
            long total = countMinMax[0];
            log.info("Found {} user(s) to check for migration", total);
            long auditBefore = longs(sql.maxAuditId(), 1)[0];
            long updated = total == 0 ? 0 : remapRanges(total, countMinMax[1], countMinMax[2]);
            return report(total, updated, auditBefore);
        } catch (SQLException e) {
            throw new CustomChangeException(TASK + ": remapping table " + parameters.tableName() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private long remapRanges(long total, long minId, long maxId) throws SQLException, CustomChangeException {
        long updated = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        for (long from = minId; from <= maxId; from += IDS_PER_STEP) {
            long to = Math.min(maxId + 1, from + IDS_PER_STEP);
            int audited = update(sql.auditChanges(from, to));
            int changed = applyRange(from, to);
            if (audited != changed) {
                throw new CustomChangeException(TASK + ": " + audited + " audit rows but " + changed
                        + " updated rows for ids " + from + ".." + (to - 1) + "; nothing was changed");
            }
            updated += changed;
            long now = System.nanoTime();
            if (now - lastProgress >= parameters.progressIntervalSeconds() * 1_000_000_000L && to <= maxId) {
                long done = Math.min(total, to - minId);
                log.info("Role migration progress: {}/{} users ({}%), {} rows/s", done, total,
                        done * 100 / total, done * 1_000_000_000L / Math.max(1, now - started));
                lastProgress = now;
            }
        }
        return updated;
    }

    /**
     * Applies one range inside a savepoint; if it fails, finds and names the user it failed
     * on. (PostgreSQL aborts the whole transaction on a failed statement unless it ran
     * inside a savepoint, so every probe has one too.)
     */
    private int applyRange(long from, long to) throws SQLException, CustomChangeException {
        execute("SAVEPOINT remap_range");
        try {
            int changed = update(sql.applyChanges(from, to));
            execute("RELEASE SAVEPOINT remap_range");
            return changed;
        } catch (SQLException rangeFailure) {
            execute("ROLLBACK TO SAVEPOINT remap_range");
            CustomChangeException named = failingUser(from, to, rangeFailure);
            execute("ROLLBACK TO SAVEPOINT remap_range");
            throw named;
        }
    }

    private CustomChangeException failingUser(long from, long to, SQLException rangeFailure) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement query = sql.candidateIds(from, to).prepare(connection); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        for (long userId : ids) {
            execute("SAVEPOINT remap_probe");
            try {
                update(sql.applyChange(userId));
                execute("RELEASE SAVEPOINT remap_probe");
            } catch (SQLException userFailure) {
                execute("ROLLBACK TO SAVEPOINT remap_probe");
                userFailure.addSuppressed(rangeFailure);
                return new CustomChangeException(TASK + ": remapping user " + userId + " of table "
                        + parameters.tableName() + " failed: " + userFailure.getMessage()
                        + "; the whole remap is rolled back", userFailure);
            }
        }
        return new CustomChangeException(TASK + ": remapping ids " + from + ".." + (to - 1) + " of table "
                + parameters.tableName() + " failed: " + rangeFailure.getMessage(), rangeFailure);
    }

    private void execute(String statementSql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(statementSql);
        }
    }

    private RoleRemapStats report(long total, long updated, long auditBefore) throws SQLException {
        int logLimit = parameters.logDetailLimit();
        int reportLimit = parameters.reportDetailLimit();
        List<RoleChange> changes = new ArrayList<>();
        long loggedUnknown = 0;
        int row = 0;
        try (PreparedStatement statement = sql.changesSince(auditBefore, Math.max(logLimit, reportLimit) + 1)
                .prepare(connection); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                RoleChange change = new RoleChange(Long.parseLong(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5));
                if (row < logLimit) {
                    loggedUnknown += logChange(change);
                }
                if (row < reportLimit) {
                    changes.add(change);
                }
                row++;
            }
        }
        if (updated > logLimit) {
            log.info("Role migration: {} more change(s) not logged one by one; every change is in data_migration_audit",
                    updated - logLimit);
        }
        long unknown = longs(sql.unknownSince(auditBefore), 1)[0];
        if (unknown > loggedUnknown) {
            log.warn("Role migration: {} user(s) with an unknown role were demoted to '{}' (see data_migration_audit)",
                    unknown - loggedUnknown, parameters.fallback());
        }
        return new RoleRemapStats(updated, total - updated, 0, List.copyOf(changes), updated > reportLimit);
    }

    private static int logChange(RoleChange change) {
        if (change.note() == null) {
            log.info("Migrated user {} ('{}'): '{}' -> '{}'", change.userId(), change.name(), change.oldRole(),
                    change.newRole());
            return 0;
        }
        log.warn("Migrated user {} ('{}'): '{}' -> '{}' ({})", change.userId(), change.name(), change.oldRole(),
                change.newRole(), change.note());
        return 1;
    }

    /**
     * Restores each remapped user's exact old value from the audit, then maps every user
     * still holding a new value (created, or kept as it was, after the upgrade) back through
     * the inverse mapping, so the release before can read every role; both kinds are audited.
     */
    RoleRollbackStats rollback() throws CustomChangeException {
        try {
            long after = longs(sql.lastRollbackAuditId(), 1)[0];
            int audited = update(sql.auditRollback(after));
            int restored = update(sql.applyRollback(after));
            if (audited != restored) {
                throw new CustomChangeException(TASK + ": rollback wrote " + audited + " audit rows but restored "
                        + restored + " users; nothing was changed");
            }
            Map<String, Long> mappedBack = new LinkedHashMap<>();
            for (Map.Entry<String, String> inverse : parameters.inverseMapping().entrySet()) {
                int inverseAudited = update(sql.auditInverse(inverse.getKey(), inverse.getValue()));
                int changed = update(sql.applyInverse(inverse.getKey(), inverse.getValue()));
                if (inverseAudited != changed) {
                    throw new CustomChangeException(TASK + ": rollback wrote " + inverseAudited + " audit rows but "
                            + "mapped " + changed + " users from '" + inverse.getKey() + "' back; nothing was changed");
                }
                mappedBack.put(inverse.getKey() + "->" + inverse.getValue(), (long) changed);
            }
            return new RoleRollbackStats(restored, mappedBack);
        } catch (SQLException e) {
            throw new CustomChangeException(TASK + ": restoring the old roles of table " + parameters.tableName()
                    + " from the audit trail failed: " + e.getMessage(), e);
        }
    }

    private int update(BoundSql statementSql) throws SQLException {
        try (PreparedStatement statement = statementSql.prepare(connection)) {
            return statement.executeUpdate();
        }
    }

    private long[] longs(BoundSql query, int columns) throws SQLException {
        try (PreparedStatement statement = query.prepare(connection); ResultSet rs = statement.executeQuery()) {
            long[] values = new long[columns];
            if (rs.next()) {
                for (int i = 0; i < columns; i++) {
                    values[i] = rs.getLong(i + 1);
                }
            }
            return values;
        }
    }
}
