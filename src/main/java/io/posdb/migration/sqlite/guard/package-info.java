/**
 * Liquibase's own changes that SQLite can only do by rebuilding the table (copy, DROP TABLE,
 * rename) are refused on SQLite when the changelog is validated, before anything is written
 * (issue 10 §2): with foreign keys on, the DROP TABLE fires ON DELETE CASCADE / SET NULL into
 * the rows that refer to the table, and with them off the rows stay, so the app and the tools
 * would disagree. Each class here takes a change type's name at a higher priority than
 * Liquibase's own (registered in META-INF/services/liquibase.change.Change), so every tool
 * that loads this project's classes refuses it: the app, {@code mvn liquibase:*} and
 * {@code bin/liquibase}. On other databases they behave as Liquibase's changes.
 */
package io.posdb.migration.sqlite.guard;
