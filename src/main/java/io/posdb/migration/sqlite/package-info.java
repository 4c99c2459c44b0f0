/**
 * Custom changes that work around SQLite's ALTER TABLE: the table rebuild (copy, drop, rename)
 * with foreign keys, indexes, triggers and autoincrement counters kept.
 */
package io.posdb.migration.sqlite;
