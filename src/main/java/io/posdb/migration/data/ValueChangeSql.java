package io.posdb.migration.data;

import io.posdb.sql.SqlIdentifiers;
import java.util.Map;

/**
 * A value migration's statements, forward and rollback. The set-based ones (pairs mappings) write
 * the audit rows with one INSERT … SELECT and change the values with one UPDATE per range of keys;
 * the mapping is a CASE over the trimmed, lower-cased value whose keys and results are bound. The
 * rollback's statements write their own audit rows first too. Names are quoted plain identifiers;
 * every value is bound.
 */
final class ValueChangeSql {

    static final String AUDIT_TABLE = "\"data_migration_audit\"";
    /** Notes of rows written by a rollback start with this; forward rows never do. */
    static final String ROLLBACK_PREFIX = "rollback";
    /** The note of a value restored from the forward run's audit row (followed by that row's id). */
    static final String ROLLBACK_NOTE = ROLLBACK_PREFIX + " of audit #";
    /** Notes of rows recording a value that could not be mapped (left unchanged). */
    static final String UNMAPPED_NOTE = "unmapped: ";

    private final ValueChangeFacts facts;
    private final String table;
    private final String key;
    private final String column;
    private final String label;

    /** SQLite spells "trim these characters" trim(x, chars); PostgreSQL btrim(x, chars). */
    private final String trimFunction;

    ValueChangeSql(ValueChangeFacts facts, boolean postgres) {
        this.facts = facts;
        this.trimFunction = postgres ? "btrim" : "trim";
        this.table = SqlIdentifiers.quote(facts.table());
        this.key = SqlIdentifiers.quote(facts.keyColumn());
        this.column = SqlIdentifiers.quote(facts.column());
        this.label = SqlIdentifiers.quote(facts.labelColumn());
    }

    private BoundSql normalized() {
        return new BoundSql().append("lower(" + trimFunction + "(" + column + ", CAST(? AS VARCHAR)))",
                ValueMapping.BLANKS);
    }

    private BoundSql known() {
        return new BoundSql().append(normalized()).append(" IN (").appendList("CAST(? AS VARCHAR)",
                facts.mapping().fullPairs().keySet()).append(")");
    }

    /** Any value not exactly canonical: the rows a pairs mapping touches. */
    private BoundSql notCanonical() {
        return new BoundSql().append(column + " IS NULL OR " + column + " NOT IN (")
                .appendList("?", facts.mapping().canonical()).append(")");
    }

    private BoundSql newValue() {
        BoundSql sql = new BoundSql().append("CASE ").append(normalized());
        for (Map.Entry<String, String> entry : facts.mapping().fullPairs().entrySet()) {
            sql.append(" WHEN CAST(? AS VARCHAR) THEN CAST(? AS VARCHAR)", entry.getKey(), entry.getValue());
        }
        return facts.fallback() == null ? sql.append(" ELSE " + column + " END")
                : sql.append(" ELSE CAST(? AS VARCHAR) END", facts.fallback());
    }

    private BoundSql note() {
        String[] around = facts.fallbackNoteAround();
        return new BoundSql().append("CASE WHEN ").append(known()).append(" THEN NULL ELSE CAST(? AS VARCHAR) || coalesce("
                + column + ", 'NULL') || CAST(? AS VARCHAR) END", around[0], around[1]);
    }

    /** Rows whose value is not exactly canonical, in the key range [from, to); with no fallback, only mappable ones. */
    private BoundSql candidates(long from, long to, boolean mappableOnly) {
        BoundSql sql = new BoundSql().append("(").append(notCanonical())
                .append(") AND " + key + " >= ? AND " + key + " < ?", from, to);
        return mappableOnly ? sql.append(" AND ").append(known()) : sql;
    }

    private BoundSql changing(long from, long to) {
        return candidates(from, to, facts.fallback() == null);
    }

    /** Rows a pairs mapping would touch: any value not exactly canonical. */
    BoundSql pendingCount() {
        return new BoundSql().append("SELECT COUNT(*) FROM " + table + " WHERE ").append(notCanonical());
    }

    BoundSql count() {
        return new BoundSql().append("SELECT COUNT(*), MIN(" + key + "), MAX(" + key + ") FROM " + table);
    }

    BoundSql maxAuditId() {
        return new BoundSql().append("SELECT COALESCE(MAX(id), 0) FROM " + AUDIT_TABLE);
    }

    BoundSql auditInsert() {
        return new BoundSql().append("INSERT INTO " + AUDIT_TABLE + " (changeset_id, table_name, row_id, column_name, "
                + "old_value, new_value, note) ");
    }

    /** An audit insert of the table's rows up to the old value; new value, note and FROM follow. */
    BoundSql auditSelect() {
        return auditInsert().append("SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(" + key + " AS VARCHAR), "
                + "CAST(? AS VARCHAR), " + column + ", ", facts.changeSetId(), facts.table(), facts.column());
    }

    BoundSql auditChanges(long from, long to) {
        return auditSelect().append(newValue()).append(", ").append(note())
                .append(" FROM " + table + " WHERE ").append(changing(from, to));
    }

    /** With no fallback: one audit row per value that cannot be mapped, left unchanged. */
    BoundSql auditUnmapped(long from, long to) {
        return auditSelect().append(column + ", CAST(? AS VARCHAR) || coalesce(" + column + ", 'NULL') || CAST(? AS "
                        + "VARCHAR)", UNMAPPED_NOTE + "no mapping for '", "'; left unchanged")
                .append(" FROM " + table + " WHERE ").append(candidates(from, to, false)).append(" AND NOT ")
                .append(known());
    }

    /** One row's change, audited like the set-based ones (the function path). */
    BoundSql auditRow(String rowKey, String oldValue, String newValue, String note) {
        return auditInsert().append("VALUES (?, ?, ?, ?, ?, ?, ?)", facts.changeSetId(), facts.table(), rowKey,
                facts.column(), oldValue, newValue, note);
    }

    private BoundSql updateToNewValue() {
        return new BoundSql().append("UPDATE " + table + " SET " + column + " = ").append(newValue());
    }

    BoundSql applyChanges(long from, long to) {
        return updateToNewValue().append(" WHERE ").append(changing(from, to));
    }

    /** One row's change alone: used to find which row a failing batch stumbled on. */
    BoundSql applyChange(long rowKey) {
        return updateToNewValue().append(" WHERE " + key + " = ?", rowKey);
    }

    BoundSql setValue(long rowKey, String newValueText) {
        return new BoundSql().append("UPDATE " + table + " SET " + column + " = ? WHERE " + key + " = ?",
                newValueText, rowKey);
    }

    BoundSql allRows() {
        return new BoundSql().append("SELECT " + key + ", " + column + " FROM " + table + " ORDER BY " + key);
    }

    BoundSql candidateIds(long from, long to) {
        return new BoundSql().append("SELECT " + key + " FROM " + table + " WHERE ").append(changing(from, to))
                .append(" ORDER BY " + key);
    }

    /** The rows this run audited (audit ids above {@code afterAuditId}), with each row's label. */
    BoundSql changesSince(long afterAuditId, int limit) {
        return new BoundSql().append("SELECT a.row_id, t." + label + ", a.old_value, a.new_value, a.note FROM "
                + AUDIT_TABLE + " a LEFT JOIN " + table + " t ON t." + key + " = CAST(a.row_id AS BIGINT)"
                + " WHERE a.id > ? AND a.changeset_id = ? ORDER BY a.id LIMIT ?",
                afterAuditId, facts.changeSetId(), limit);
    }

    /** Counts of this run's fallback rows and unmapped rows. */
    BoundSql notesSince(long afterAuditId) {
        return new BoundSql().append("SELECT COALESCE(SUM(CASE WHEN note IS NOT NULL AND note NOT LIKE ? THEN 1 ELSE 0 END), 0), "
                + "COALESCE(SUM(CASE WHEN note LIKE ? THEN 1 ELSE 0 END), 0) FROM " + AUDIT_TABLE
                + " WHERE id > ? AND changeset_id = ?", UNMAPPED_NOTE + "%", UNMAPPED_NOTE + "%", afterAuditId,
                facts.changeSetId());
    }

    // The rollback: restore each row still holding the value the change gave it from its audit row,
    // then (when the change maps back) the inverse mapping for rows the audit does not cover.

    /** Where the last forward run's audit rows start: after this changeset's last rollback row. */
    BoundSql lastRollbackAuditId() {
        return new BoundSql().append("SELECT COALESCE(MAX(id), 0) FROM " + AUDIT_TABLE
                + " WHERE changeset_id = ? AND note LIKE ?", facts.changeSetId(), ROLLBACK_PREFIX + "%");
    }

    /** The audit rows {@code a} of the forward run after {@code afterAuditId} that changed a value. */
    private BoundSql forwardRowsAfter(long afterAuditId) {
        return new BoundSql().append("a.changeset_id = ? AND a.table_name = ? AND a.column_name = ? AND a.id > ?"
                + " AND (a.note IS NULL OR (a.note NOT LIKE ? AND a.note NOT LIKE ?))", facts.changeSetId(),
                facts.table(), facts.column(), afterAuditId, ROLLBACK_PREFIX + "%", UNMAPPED_NOTE + "%");
    }

    /**
     * Audit rows for the restoration of each row still holding the value the change gave it. The table is read once
     * and each of its rows' audit rows found through the audit's index (changeset, table, row), which SQLite's
     * CROSS JOIN keeps as the inner loop: the other order scans the table once per audit row, since the key is
     * compared as text (minutes for 30,000 users, hours for a large sale table).
     */
    BoundSql auditRollback(long afterAuditId) {
        return auditInsert().append("SELECT a.changeset_id, a.table_name, a.row_id, a.column_name, a.new_value, "
                + "a.old_value, CAST(? AS VARCHAR) || CAST(a.id AS VARCHAR) FROM " + table + " t CROSS JOIN "
                + AUDIT_TABLE + " a WHERE a.row_id = CAST(t." + key + " AS VARCHAR) AND t." + column
                + " = a.new_value AND ", ROLLBACK_NOTE).append(forwardRowsAfter(afterAuditId));
    }

    /** Puts back each such row's old value. */
    BoundSql applyRollback(long afterAuditId) {
        String match = " FROM " + AUDIT_TABLE + " a WHERE a.row_id = CAST(" + table + "." + key + " AS VARCHAR) "
                + "AND a.new_value = " + table + "." + column + " AND ";
        return new BoundSql().append("UPDATE " + table + " SET " + column + " = (SELECT a.old_value" + match)
                .append(forwardRowsAfter(afterAuditId)).append(" ORDER BY a.id DESC LIMIT 1)")
                .append(" WHERE EXISTS (SELECT 1" + match).append(forwardRowsAfter(afterAuditId)).append(")");
    }

    /** Audit rows for the rows holding exactly {@code newValue}: the ones the restore from the audit did not touch. */
    BoundSql auditInverse(String newValue, String oldValue) {
        return auditSelect().append("CAST(? AS VARCHAR), CAST(? AS VARCHAR) FROM " + table + " WHERE " + column
                + " = ?", oldValue, ValueRollbackStats.MAPPED_BACK_NOTE, newValue);
    }

    /** Maps exactly {@code newValue} back to {@code oldValue}. */
    BoundSql applyInverse(String newValue, String oldValue) {
        return new BoundSql().append("UPDATE " + table + " SET " + column + " = ? WHERE " + column + " = ?",
                oldValue, newValue);
    }
}
