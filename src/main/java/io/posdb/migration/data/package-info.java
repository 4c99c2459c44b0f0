/**
 * The reusable audited data change: a value migration declares its facts (table, key
 * column, column, mapping, fallback, notes) in {@link io.posdb.migration.data.ValueChangeFacts}
 * and extends {@link io.posdb.migration.data.AuditedValueChange}, which does the rest once
 * for every migration: one {@code data_migration_audit} row per changed value, progress
 * logs, stats in the seed's shape, the update-sql preview, the "anything to do"
 * precondition ({@link io.posdb.migration.data.ValuesPending}), the verification
 * ({@link io.posdb.migration.data.AllowedValues}) and the rollback from the audit.
 * {@link io.posdb.migration.data.RestoreArchivedColumn} puts back a column whose values an
 * archiving drop copied into the audit (the rollback bin/new-changeset writes for a removed field).
 * {@code BoundSql} keeps the package's SQL text and its bound values apart.
 */
package io.posdb.migration.data;
