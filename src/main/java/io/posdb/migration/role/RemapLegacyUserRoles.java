package io.posdb.migration.role;

import io.posdb.migration.data.AuditedValueChange;
import io.posdb.migration.data.ValueChangeFacts;
import java.util.List;

/**
 * Remaps the legacy roles ({@code primary}/{@code staff}) to the new ones
 * ({@code admin}/{@code user}), one audit row per changed user (2.0.0, issue #3).
 * <p>Values are compared trimmed and lower-cased; exactly canonical values are skipped;
 * anything unknown becomes the fallback (least privilege, never admin) with a note and a
 * warning. Everything else (audit, set-based run, progress, stats, preview, rollback from
 * the audit) is the reusable {@link AuditedValueChange}'s; this class keeps changeset
 * 0008's parameters (its checksum depends on them) and the stats' JSON names (user_id, ...).
 */
public class RemapLegacyUserRoles extends AuditedValueChange {

    static final String TASK = "Remap legacy user roles (2.0.0)";

    private final RemapParameters parameters = new RemapParameters();

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
    protected ValueChangeFacts facts() {
        return parameters.facts();
    }

    @Override
    protected List<String> parameterProblems() {
        return parameters.problems();
    }

    @Override
    protected List<String> schemaNames() {
        return List.of("tableName", "idColumn", "roleColumn", "labelColumn");
    }

    /** The stats of the last execution, in the role remap's words, or null before it ran. */
    public RoleRemapStats stats() {
        return RoleRemapStats.of(valueStats());
    }

    /** The rollback's counts after a rollback, else the remap's stats in the role remap's words. */
    @Override
    public Object report() {
        return rollbackStats() != null ? rollbackStats() : stats();
    }
}
