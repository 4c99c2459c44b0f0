package io.posdb.migration.data;

import io.posdb.sql.SqlIdentifiers;

/**
 * A value migration's rollback statements: restore each row still holding the value the
 * change gave it from its audit row, then (when the change maps back) the inverse mapping
 * for rows the audit does not cover. Every statement writes its own audit rows first.
 */
final class ValueRollbackSql {

    private final ValueChangeFacts facts;
    private final ValueChangeSql forward;
    private final String table;
    private final String key;
    private final String column;

    ValueRollbackSql(ValueChangeFacts facts, ValueChangeSql forward) {
        this.facts = facts;
        this.forward = forward;
        this.table = SqlIdentifiers.quote(facts.table());
        this.key = SqlIdentifiers.quote(facts.keyColumn());
        this.column = SqlIdentifiers.quote(facts.column());
    }

    /** Where the last forward run's audit rows start: after this changeset's last rollback row. */
    BoundSql lastRollbackAuditId() {
        return new BoundSql().append("SELECT COALESCE(MAX(id), 0) FROM " + ValueChangeSql.AUDIT_TABLE
                + " WHERE changeset_id = ? AND note LIKE ?", facts.changeSetId(), ValueChangeSql.ROLLBACK_PREFIX + "%");
    }

    private String forwardRowsAfter() {
        return "a.changeset_id = ? AND a.table_name = ? AND a.column_name = ? AND a.id > ?"
                + " AND (a.note IS NULL OR (a.note NOT LIKE ? AND a.note NOT LIKE ?))";
    }

    private Object[] forwardRowsAfterValues(long afterAuditId) {
        return new Object[] {facts.changeSetId(), facts.table(), facts.column(), afterAuditId,
                ValueChangeSql.ROLLBACK_PREFIX + "%",
                ValueChangeSql.UNMAPPED_NOTE + "%"};
    }

    /** Audit rows for the restoration of each row still holding the value the change gave it. */
    BoundSql auditRollback(long afterAuditId) {
        return forward.auditInsert()
                .append("SELECT a.changeset_id, a.table_name, a.row_id, a.column_name, a.new_value, a.old_value, "
                        + "CAST(? AS VARCHAR) || CAST(a.id AS VARCHAR) FROM " + ValueChangeSql.AUDIT_TABLE + " a JOIN " + table
                        + " t ON CAST(t." + key + " AS VARCHAR) = a.row_id AND t." + column + " = a.new_value WHERE "
                        + forwardRowsAfter(), ValueChangeSql.ROLLBACK_NOTE)
                .append("", forwardRowsAfterValues(afterAuditId));
    }

    /** Puts back each such row's old value. */
    BoundSql applyRollback(long afterAuditId) {
        String match = " FROM " + ValueChangeSql.AUDIT_TABLE + " a WHERE a.row_id = CAST(" + table + "." + key + " AS VARCHAR) AND "
                + "a.new_value = " + table + "." + column + " AND " + forwardRowsAfter();
        return new BoundSql()
                .append("UPDATE " + table + " SET " + column + " = (SELECT a.old_value" + match
                        + " ORDER BY a.id DESC LIMIT 1)", forwardRowsAfterValues(afterAuditId))
                .append(" WHERE EXISTS (SELECT 1" + match + ")", forwardRowsAfterValues(afterAuditId));
    }

    /** Audit rows for the rows holding exactly {@code newValue}: the ones the restore from the audit did not touch. */
    BoundSql auditInverse(String newValue, String oldValue) {
        return forward.auditInsert().append("SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(" + key + " AS VARCHAR), "
                + "CAST(? AS VARCHAR), " + column + ", CAST(? AS VARCHAR), CAST(? AS VARCHAR) FROM " + table
                + " WHERE " + column + " = ?", facts.changeSetId(), facts.table(), facts.column(), oldValue,
                ValueChangeSql.INVERSE_NOTE, newValue);
    }

    /** Maps exactly {@code newValue} back to {@code oldValue}. */
    BoundSql applyInverse(String newValue, String oldValue) {
        return new BoundSql().append("UPDATE " + table + " SET " + column + " = ? WHERE " + column + " = ?", oldValue,
                newValue);
    }
}
