package io.posdb.changelog;

/** One row of the data-migration audit trail: one changed value. */
public record AuditEntry(long id, String changesetId, String tableName, String rowId, String columnName,
                         String oldValue, String newValue, String note, String migratedAt) {
}
