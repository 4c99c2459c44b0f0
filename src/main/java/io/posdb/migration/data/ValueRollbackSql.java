package io.posdb.migration.data;

/**
 * A value migration's rollback statements: restore each row still holding the value the
 * change gave it from its audit row, then (when the change maps back) the inverse mapping
 * for rows the audit does not cover. Every statement writes its own audit rows first. The table
 * and column names come quoted from the forward statements ({@code forward}).
 */
record ValueRollbackSql(ValueChangeFacts facts, ValueChangeSql forward) {

    /** Where the last forward run's audit rows start: after this changeset's last rollback row. */
    BoundSql lastRollbackAuditId() {
        return new BoundSql().append("SELECT COALESCE(MAX(id), 0) FROM " + ValueChangeSql.AUDIT_TABLE
                + " WHERE changeset_id = ? AND note LIKE ?", facts.changeSetId(), ValueChangeSql.ROLLBACK_PREFIX + "%");
    }

    /** The audit rows {@code a} of the forward run after {@code afterAuditId} that changed a value. */
    private BoundSql forwardRowsAfter(long afterAuditId) {
        return new BoundSql().append("a.changeset_id = ? AND a.table_name = ? AND a.column_name = ? AND a.id > ?"
                + " AND (a.note IS NULL OR (a.note NOT LIKE ? AND a.note NOT LIKE ?))", facts.changeSetId(),
                facts.table(), facts.column(), afterAuditId, ValueChangeSql.ROLLBACK_PREFIX + "%",
                ValueChangeSql.UNMAPPED_NOTE + "%");
    }

    /** Audit rows for the restoration of each row still holding the value the change gave it. */
    BoundSql auditRollback(long afterAuditId) {
        return forward.auditInsert()
                .append("SELECT a.changeset_id, a.table_name, a.row_id, a.column_name, a.new_value, a.old_value, "
                        + "CAST(? AS VARCHAR) || CAST(a.id AS VARCHAR) FROM " + ValueChangeSql.AUDIT_TABLE + " a JOIN "
                        + forward.table() + " t ON CAST(t." + forward.key() + " AS VARCHAR) = a.row_id AND t."
                        + forward.column() + " = a.new_value WHERE ", ValueChangeSql.ROLLBACK_NOTE)
                .append(forwardRowsAfter(afterAuditId));
    }

    /** Puts back each such row's old value. */
    BoundSql applyRollback(long afterAuditId) {
        String match = " FROM " + ValueChangeSql.AUDIT_TABLE + " a WHERE a.row_id = CAST(" + forward.table() + "."
                + forward.key() + " AS VARCHAR) AND a.new_value = " + forward.table() + "." + forward.column() + " AND ";
        return new BoundSql()
                .append("UPDATE " + forward.table() + " SET " + forward.column() + " = (SELECT a.old_value" + match)
                .append(forwardRowsAfter(afterAuditId)).append(" ORDER BY a.id DESC LIMIT 1)")
                .append(" WHERE EXISTS (SELECT 1" + match).append(forwardRowsAfter(afterAuditId)).append(")");
    }

    /** Audit rows for the rows holding exactly {@code newValue}: the ones the restore from the audit did not touch. */
    BoundSql auditInverse(String newValue, String oldValue) {
        return forward.auditSelect().append("CAST(? AS VARCHAR), CAST(? AS VARCHAR) FROM " + forward.table() + " WHERE "
                + forward.column() + " = ?", oldValue, ValueRollbackStats.MAPPED_BACK_NOTE, newValue);
    }

    /** Maps exactly {@code newValue} back to {@code oldValue}. */
    BoundSql applyInverse(String newValue, String oldValue) {
        return new BoundSql().append("UPDATE " + forward.table() + " SET " + forward.column() + " = ? WHERE "
                + forward.column() + " = ?", oldValue, newValue);
    }
}
