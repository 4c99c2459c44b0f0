package io.posdb.migration.role;

import io.posdb.migration.SqlIdentifiers;
import java.util.Map;

/**
 * The remap's statements, set-based: one INSERT … SELECT writes the audit rows and one
 * UPDATE changes the roles, per range of ids. The mapping is applied by a CASE over the
 * trimmed, lower-cased value whose keys and results are bound values.
 */
final class RoleRemapSql {

    static final String AUDIT_TABLE = "\"data_migration_audit\"";
    /** Notes of rows written by a rollback start with this; forward rows never do. */
    static final String ROLLBACK_PREFIX = "rollback";
    /** The note of a role restored from the forward run's audit row (followed by that row's id). */
    static final String ROLLBACK_NOTE = ROLLBACK_PREFIX + " of audit #";
    /** The note of a role mapped back because the forward run never changed it (created or kept after the upgrade). */
    static final String INVERSE_NOTE = ROLLBACK_PREFIX + ": not in the audit, mapped back to the release before";
    /** trim() strips only spaces by default; tabs and line breaks are blanks too (bound as a value). */
    private static final String BLANKS = " \t\n\r";

    private final RemapParameters parameters;
    private final String table;
    private final String id;
    private final String role;
    private final String label;

    /** SQLite spells "trim these characters" trim(x, chars); PostgreSQL btrim(x, chars). */
    private final String trimFunction;

    RoleRemapSql(RemapParameters parameters, boolean postgres) {
        this.parameters = parameters;
        this.trimFunction = postgres ? "btrim" : "trim";
        this.table = SqlIdentifiers.quote(parameters.tableName());
        this.id = SqlIdentifiers.quote(parameters.idColumn());
        this.role = SqlIdentifiers.quote(parameters.roleColumn());
        this.label = SqlIdentifiers.quote(parameters.labelColumn());
    }

    private BoundSql normalized() {
        return new BoundSql().append("lower(" + trimFunction + "(" + role + ", CAST(? AS VARCHAR)))", BLANKS);
    }

    private BoundSql newRole() {
        BoundSql sql = new BoundSql().append("CASE ").append(normalized());
        for (Map.Entry<String, String> entry : parameters.fullMapping().entrySet()) {
            sql.append(" WHEN CAST(? AS VARCHAR) THEN CAST(? AS VARCHAR)", entry.getKey(), entry.getValue());
        }
        return sql.append(" ELSE CAST(? AS VARCHAR) END", parameters.fallback());
    }

    private BoundSql note() {
        BoundSql sql = new BoundSql().append("CASE WHEN ").append(normalized()).append(" IN (");
        String separator = "";
        for (String known : parameters.fullMapping().keySet()) {
            sql.append(separator + "CAST(? AS VARCHAR)", known);
            separator = ", ";
        }
        return sql.append(") THEN NULL ELSE CAST(? AS VARCHAR) || coalesce(" + role + ", 'NULL') || CAST(? AS VARCHAR) END",
                "unknown role '", "' demoted to " + parameters.fallback());
    }

    /** Rows whose role is not exactly canonical, in the id range [from, to). */
    private BoundSql candidates(long from, long to) {
        BoundSql sql = new BoundSql().append("(" + role + " IS NULL OR " + role + " NOT IN (");
        String separator = "";
        for (String canonical : parameters.canonical()) {
            sql.append(separator + "?", canonical);
            separator = ", ";
        }
        return sql.append(")) AND " + id + " >= ? AND " + id + " < ?", from, to);
    }

    BoundSql count() {
        return new BoundSql().append("SELECT COUNT(*), MIN(" + id + "), MAX(" + id + ") FROM " + table);
    }

    BoundSql maxAuditId() {
        return new BoundSql().append("SELECT COALESCE(MAX(id), 0) FROM " + AUDIT_TABLE);
    }

    BoundSql auditChanges(long from, long to) {
        return new BoundSql()
                .append("INSERT INTO " + AUDIT_TABLE + " (changeset_id, table_name, row_id, column_name, old_value, "
                        + "new_value, note) SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(" + id
                        + " AS VARCHAR), CAST(? AS VARCHAR), " + role + ", ",
                        parameters.changeSetId(), parameters.tableName(), parameters.roleColumn())
                .append(newRole()).append(", ").append(note())
                .append(" FROM " + table + " WHERE ").append(candidates(from, to));
    }

    BoundSql applyChanges(long from, long to) {
        return new BoundSql().append("UPDATE " + table + " SET " + role + " = ").append(newRole())
                .append(" WHERE ").append(candidates(from, to));
    }

    /** One user's change alone: used to find which user a failing batch stumbled on. */
    BoundSql applyChange(long userId) {
        return new BoundSql().append("UPDATE " + table + " SET " + role + " = ").append(newRole())
                .append(" WHERE " + id + " = ?", userId);
    }

    BoundSql candidateIds(long from, long to) {
        return new BoundSql().append("SELECT " + id + " FROM " + table + " WHERE ").append(candidates(from, to))
                .append(" ORDER BY " + id);
    }

    /** The changes this run audited (audit ids above {@code afterAuditId}), with each user's label. */
    BoundSql changesSince(long afterAuditId, int limit) {
        return new BoundSql().append("SELECT a.row_id, t." + label + ", a.old_value, a.new_value, a.note FROM "
                + AUDIT_TABLE + " a LEFT JOIN " + table + " t ON t." + id + " = CAST(a.row_id AS BIGINT)"
                + " WHERE a.id > ? AND a.changeset_id = ? ORDER BY a.id LIMIT ?",
                afterAuditId, parameters.changeSetId(), limit);
    }

    BoundSql unknownSince(long afterAuditId) {
        return new BoundSql().append("SELECT COUNT(*) FROM " + AUDIT_TABLE
                + " WHERE id > ? AND changeset_id = ? AND note IS NOT NULL", afterAuditId, parameters.changeSetId());
    }

    /** Where the last forward run's audit rows start: after this changeset's last rollback row. */
    BoundSql lastRollbackAuditId() {
        return new BoundSql().append("SELECT COALESCE(MAX(id), 0) FROM " + AUDIT_TABLE
                + " WHERE changeset_id = ? AND note LIKE ?", parameters.changeSetId(), ROLLBACK_PREFIX + "%");
    }

    private String forwardRowsAfter() {
        return "a.changeset_id = ? AND a.table_name = ? AND a.column_name = ? AND a.id > ?"
                + " AND (a.note IS NULL OR a.note NOT LIKE ?)";
    }

    private Object[] forwardRowsAfterValues(long afterAuditId) {
        return new Object[] {parameters.changeSetId(), parameters.tableName(), parameters.roleColumn(), afterAuditId,
                ROLLBACK_PREFIX + "%"};
    }

    /** Audit rows for the restoration of each user still holding the value the remap gave it. */
    BoundSql auditRollback(long afterAuditId) {
        return new BoundSql()
                .append("INSERT INTO " + AUDIT_TABLE + " (changeset_id, table_name, row_id, column_name, old_value, "
                        + "new_value, note) SELECT a.changeset_id, a.table_name, a.row_id, a.column_name, a.new_value, "
                        + "a.old_value, CAST(? AS VARCHAR) || CAST(a.id AS VARCHAR) FROM " + AUDIT_TABLE + " a JOIN "
                        + table + " t ON CAST(t." + id + " AS VARCHAR) = a.row_id AND t." + role + " = a.new_value WHERE "
                        + forwardRowsAfter(),
                        ROLLBACK_NOTE)
                .append("", forwardRowsAfterValues(afterAuditId));
    }

    /** Puts back each such user's old value. */
    BoundSql applyRollback(long afterAuditId) {
        String match = " FROM " + AUDIT_TABLE + " a WHERE a.row_id = CAST(" + table + "." + id + " AS VARCHAR) AND a.new_value = "
                + table + "." + role + " AND " + forwardRowsAfter();
        return new BoundSql()
                .append("UPDATE " + table + " SET " + role + " = (SELECT a.old_value" + match + " ORDER BY a.id DESC LIMIT 1)",
                        forwardRowsAfterValues(afterAuditId))
                .append(" WHERE EXISTS (SELECT 1" + match + ")", forwardRowsAfterValues(afterAuditId));
    }

    /** Audit rows for the users holding exactly {@code canonical}: the ones the restore did not touch. */
    BoundSql auditInverse(String canonical, String legacy) {
        return new BoundSql().append("INSERT INTO " + AUDIT_TABLE + " (changeset_id, table_name, row_id, column_name, "
                + "old_value, new_value, note) SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(" + id
                + " AS VARCHAR), CAST(? AS VARCHAR), " + role + ", CAST(? AS VARCHAR), CAST(? AS VARCHAR) FROM " + table
                + " WHERE " + role + " = ?", parameters.changeSetId(), parameters.tableName(), parameters.roleColumn(),
                legacy, INVERSE_NOTE, canonical);
    }

    /** Maps exactly {@code canonical} back to {@code legacy}. */
    BoundSql applyInverse(String canonical, String legacy) {
        return new BoundSql().append("UPDATE " + table + " SET " + role + " = ? WHERE " + role + " = ?", legacy,
                canonical);
    }
}
