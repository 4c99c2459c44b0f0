/**
 * Liquibase's own changes that a changeset applying to SQLite must not use, listed once in
 * {@link io.posdb.migration.sqlite.guard.SqliteHazard}: those SQLite can only do by rebuilding
 * the table (copy, DROP TABLE, rename; with foreign keys on, the DROP TABLE fires ON DELETE
 * CASCADE / SET NULL into the rows that refer to the table, and with them off the rows stay, so
 * the app and the tools would disagree; issue 10 §2), and those SQLite or Liquibase's SQLite
 * support cannot do at all. They are refused on SQLite when the changelog is validated, before
 * anything is written, in a changeset's changes and in its rollback block, by
 * {@link io.posdb.migration.sqlite.guard.SqliteHazardGuard}: Liquibase's validator, registered
 * (META-INF/services/liquibase.changelog.visitor.ValidatingVisitorGenerator and module-info) at a
 * higher priority than Liquibase's own, so every tool that loads this project's classes refuses
 * them: the app, {@code mvn liquibase:*} and {@code bin/liquibase}. On other databases it is
 * Liquibase's validation. Lint's
 * SQLITE_REBUILDS_TABLE rule reads the same list (issue 20 §3).
 */
package io.posdb.migration.sqlite.guard;
