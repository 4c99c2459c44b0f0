package io.posdb.migration.role;

import io.posdb.migration.data.AuditedValueChange;
import io.posdb.migration.data.ValueChangeFacts;
import io.posdb.migration.data.ValueMapping;
import io.posdb.sql.SqlIdentifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Remaps the legacy roles ({@code primary}/{@code staff}) to the new ones
 * ({@code admin}/{@code user}), one audit row per changed user (2.0.0, issue #3).
 * <p>Values are compared trimmed and lower-cased; exactly canonical values are skipped;
 * anything unknown becomes the fallback (least privilege, never admin) with a note and a
 * warning. Everything else (audit, set-based run, progress, stats, preview, rollback from
 * the audit) is the reusable {@link AuditedValueChange}'s; this class keeps changeset
 * 0008's parameters (its checksum depends on them) and the stats' JSON names (user_id, ...).
 * <p>The parameters are checked as the changelog gives them: identifiers are plain names of
 * existing columns, the mapping is {@code old=new} pairs onto the canonical roles, and the
 * fallback is one of them. Every message names the parameter. The canonical roles are, by
 * definition, the mapping's targets, so a target can never be "not canonical"; what can be
 * inconsistent is a mapping that sends a canonical role to another one ({@code primary=admin,admin=user}):
 * exactly-canonical rows are skipped, so {@code 'admin'} would stay while {@code ' Admin '} became
 * {@code user}. That is refused. The fallback only has to be canonical: which role is least
 * privileged is the changelog's knowledge, not this class's. The changelog sets {@code fallback: user},
 * so unknown values are demoted, never promoted (a reviewer must keep it that way).
 */
public class RemapLegacyUserRoles extends AuditedValueChange {

    static final String TASK = "Remap legacy user roles (2.0.0)";

    private String changeSetId;
    private String tableName;
    private String idColumn;
    private String roleColumn;
    private String labelColumn;
    private String mapping;
    private String fallback;
    private String logDetailLimit = "1000";
    private String reportDetailLimit = "1000";
    private String progressIntervalSeconds = "2";

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public String getChangeSetId() { return changeSetId; }
    public void setChangeSetId(String value) { changeSetId = value; }
    public String getTableName() { return tableName; }
    public void setTableName(String value) { tableName = value; }
    public String getIdColumn() { return idColumn; }
    public void setIdColumn(String value) { idColumn = value; }
    public String getRoleColumn() { return roleColumn; }
    public void setRoleColumn(String value) { roleColumn = value; }
    public String getLabelColumn() { return labelColumn; }
    public void setLabelColumn(String value) { labelColumn = value; }
    public String getMapping() { return mapping; }
    public void setMapping(String value) { mapping = value; }
    public String getFallback() { return fallback; }
    public void setFallback(String value) { fallback = value; }
    public String getLogDetailLimit() { return logDetailLimit; }
    public void setLogDetailLimit(String value) { logDetailLimit = value; }
    public String getReportDetailLimit() { return reportDetailLimit; }
    public void setReportDetailLimit(String value) { reportDetailLimit = value; }
    public String getProgressIntervalSeconds() { return progressIntervalSeconds; }
    public void setProgressIntervalSeconds(String value) { progressIntervalSeconds = value; }

    /** The remap as a value migration, 0008's facts; an IllegalArgumentException naming the problems if any. */
    @Override
    protected ValueChangeFacts facts() {
        List<String> problems = parameterProblems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ValueChangeFacts(TASK, changeSetId).table(tableName, idColumn, roleColumn)
                .label(labelColumn).mapping(ValueMapping.pairs(parseMapping(new ArrayList<>())))
                .fallback(fallback, "unknown role '{old}' demoted to {new}").fallbackVerb("were demoted to")
                .wording("Role migration", "user", "remapping")
                .mapBackOnRollback() // after a rollback to 1.0 every role is one that 1.0 reads
                .limits(Integer.parseInt(logDetailLimit.trim()), Integer.parseInt(reportDetailLimit.trim()),
                        Integer.parseInt(progressIntervalSeconds.trim()));
    }

    /** Problems that need no database; empty when the parameters are well formed. */
    @Override
    protected List<String> parameterProblems() {
        List<String> problems = new ArrayList<>();
        if (changeSetId == null || changeSetId.isBlank()) {
            problems.add("changeSetId must be set (the id written into each audit row)");
        }
        identifier(problems, "tableName", tableName);
        identifier(problems, "idColumn", idColumn);
        identifier(problems, "roleColumn", roleColumn);
        identifier(problems, "labelColumn", labelColumn);
        Map<String, String> pairs = parseMapping(problems);
        if (fallback == null || !pairs.containsValue(fallback)) {
            problems.add("fallback '" + fallback + "' must be one of the mapping's roles " + pairs.values());
        }
        positive(problems, "logDetailLimit", logDetailLimit);
        positive(problems, "reportDetailLimit", reportDetailLimit);
        positive(problems, "progressIntervalSeconds", progressIntervalSeconds);
        return problems;
    }

    @Override
    protected String changeSetIdDeclaredIn() {
        return "its parameter changeSetId";
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

    private Map<String, String> parseMapping(List<String> problems) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (mapping == null || mapping.isBlank()) {
            problems.add("mapping must be set, e.g. 'primary=admin,staff=user'");
            return pairs;
        }
        for (String pair : mapping.split(",")) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                problems.add("mapping entry '" + pair.trim() + "' is not of the form old=new");
                continue;
            }
            String from = parts[0].trim().toLowerCase(Locale.ROOT);
            if (pairs.put(from, parts[1].trim()) != null) {
                problems.add("mapping maps '" + from + "' twice");
            }
        }
        pairs.forEach((from, to) -> {
            if (pairs.containsValue(from) && !from.equals(to)) {
                problems.add("mapping maps the canonical role '" + from + "' to '" + to
                        + "'; a canonical role can only map to itself");
            }
        });
        return pairs;
    }

    private static void identifier(List<String> problems, String parameter, String value) {
        if (!SqlIdentifiers.isPlain(value)) {
            problems.add(parameter + " '" + value + "' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
    }

    private static void positive(List<String> problems, String parameter, String value) {
        try {
            if (Integer.parseInt(value.trim()) < 0) {
                problems.add(parameter + " must be 0 or more, got " + value);
            }
        } catch (RuntimeException e) {
            problems.add(parameter + " must be a number, got '" + value + "'");
        }
    }
}
