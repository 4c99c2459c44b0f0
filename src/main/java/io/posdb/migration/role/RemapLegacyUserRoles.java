package io.posdb.migration.role;

import io.posdb.migration.ReportingChange;
import io.posdb.migration.SqlIdentifiers;
import io.posdb.migration.SqlPreview;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.custom.CustomTaskChange;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remaps the legacy roles ({@code primary}/{@code staff}) to the new ones
 * ({@code admin}/{@code user}), one audit row per changed user (2.0.0, issue #3).
 * <p>Values are compared trimmed and lower-cased; exactly canonical values are skipped;
 * anything unknown becomes the fallback (least privilege, never admin) with a note and a
 * warning. It runs inside the changeset's transaction: a failure rolls back every change
 * and every audit row. It is set-based (one INSERT … SELECT and one UPDATE per id range)
 * so a million users take seconds and constant memory; the log names each change up to
 * {@code logDetailLimit}, then reports progress. {@link #rollback} restores the old
 * values from the audit trail.
 */
public class RemapLegacyUserRoles implements CustomTaskChange, CustomTaskRollback, ReportingChange {

    private static final Logger log = LoggerFactory.getLogger(RemapLegacyUserRoles.class);
    private static final String TASK = "Remap legacy user roles (2.0.0)";

    private final RemapParameters.Builder parameters = new RemapParameters.Builder();
    private RoleRemapStats stats;
    private RoleRollbackStats rollbackStats;

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public String getChangeSetId() { return parameters.changeSetId; }
    public void setChangeSetId(String value) { parameters.changeSetId = value; }
    public String getTableName() { return parameters.tableName; }
    public void setTableName(String value) { parameters.tableName = value; }
    public String getIdColumn() { return parameters.idColumn; }
    public void setIdColumn(String value) { parameters.idColumn = value; }
    public String getRoleColumn() { return parameters.roleColumn; }
    public void setRoleColumn(String value) { parameters.roleColumn = value; }
    public String getLabelColumn() { return parameters.labelColumn; }
    public void setLabelColumn(String value) { parameters.labelColumn = value; }
    public String getMapping() { return parameters.mapping; }
    public void setMapping(String value) { parameters.mapping = value; }
    public String getFallback() { return parameters.fallback; }
    public void setFallback(String value) { parameters.fallback = value; }
    public String getLogDetailLimit() { return parameters.logDetailLimit; }
    public void setLogDetailLimit(String value) { parameters.logDetailLimit = value; }
    public String getReportDetailLimit() { return parameters.reportDetailLimit; }
    public void setReportDetailLimit(String value) { parameters.reportDetailLimit = value; }
    public String getProgressIntervalSeconds() { return parameters.progressIntervalSeconds; }
    public void setProgressIntervalSeconds(String value) { parameters.progressIntervalSeconds = value; }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        parameters.problems().forEach(errors::addError);
        if (errors.hasErrors() || database.getConnection() == null) {
            return errors;
        }
        try {
            // Liquibase validates before any changeset runs: on a fresh database the table
            // does not exist yet, and the changeset's precondition will mark it as ran.
            parameters.schemaProblems(SqlIdentifiers.jdbc(database), false).forEach(errors::addError);
        } catch (SQLException | RuntimeException e) {
            errors.addError(TASK + ": cannot read the schema: " + e.getMessage());
        }
        return errors;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        if (SqlPreview.describeIfPreview(database, TASK + ": remap " + parameters.tableName + "." + parameters.roleColumn
                + " with " + parameters.mapping + ", fallback " + parameters.fallback + ", one audit row per change")) {
            return;
        }
        RemapParameters checked = checkedParameters(database);
        stats = new RoleRemapRun(SqlIdentifiers.jdbc(database), checked, new RoleRemapSql(checked, database instanceof liquibase.database.core.PostgresDatabase)).remap();
        log.info("Role migration complete: {} updated, {} skipped, {} errors",
                stats.updatedCount(), stats.skippedCount(), stats.errorCount());
    }

    @Override
    public void rollback(Database database) throws CustomChangeException {
        if (SqlPreview.describeIfPreview(database, TASK + ": restore old roles from data_migration_audit")) {
            return;
        }
        RemapParameters checked = checkedParameters(database);
        rollbackStats = new RoleRemapRun(SqlIdentifiers.jdbc(database), checked, new RoleRemapSql(checked, database instanceof liquibase.database.core.PostgresDatabase)).rollback();
        log.info("Role migration rolled back: {} users restored from the audit trail, {} not in the audit mapped back "
                + "{}", rollbackStats.restoredFromAudit(), rollbackStats.mappedBackCount(), rollbackStats.mappedBack());
    }

    private RemapParameters checkedParameters(Database database) throws CustomChangeException {
        try {
            Connection connection = SqlIdentifiers.jdbc(database);
            List<String> problems = new ArrayList<>(parameters.problems());
            if (problems.isEmpty()) {
                problems.addAll(parameters.schemaProblems(connection, true));
            }
            if (!problems.isEmpty()) {
                throw new CustomChangeException(TASK + ": invalid parameters: " + String.join("; ", problems));
            }
            return parameters.build();
        } catch (SQLException e) {
            throw new CustomChangeException(TASK + ": cannot read the schema of table " + parameters.tableName, e);
        }
    }

    /** The stats of the last execution, or null before it ran. */
    public RoleRemapStats stats() {
        return stats;
    }

    /** The stats of the last rollback, or null before one ran. */
    public RoleRollbackStats rollbackStats() {
        return rollbackStats;
    }

    /** What the last run did: the rollback's counts after a rollback, else the remap's. */
    @Override
    public Object report() {
        return rollbackStats != null ? rollbackStats : stats;
    }

    @Override
    public String getConfirmationMessage() {
        if (stats == null) {
            return TASK + ": nothing ran";
        }
        // Liquibase logs this beside posdb's own "Role migration complete" line: not the same line twice.
        return "Role migration stats " + StatsJson.of(stats);
    }

    @Override
    public void setUp() {
        // Nothing to prepare: parameters are checked in validate() and again before running.
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
        // Reads no files.
    }
}
