/**
 * Generic SQL helpers with no posdb knowledge: the one way to quote names and literals
 * ({@link io.posdb.sql.SqlIdentifiers}), to bind values, read rows, count a table's rows and roll back a failed
 * transaction ({@link io.posdb.sql.Jdbc}), the one way to split SQL into
 * statements and tell comments and string literals from SQL words ({@link io.posdb.sql.SqlScript},
 * Liquibase's own splitter and tokenizer), the one reading of SQLite's
 * {@code PRAGMA foreign_key_check} ({@link io.posdb.sql.DanglingReferences}), which text a number type holds as
 * PostgreSQL's cast judges it ({@link io.posdb.sql.NumberTypes}). Used by the custom changes, the read
 * models, lint, drift and the changeset generator.
 */
package io.posdb.sql;
