/**
 * Custom changes that work around SQLite's ALTER TABLE: {@code SqliteTableRebuild}, SQLite's
 * documented twelve-step table rebuild (create, copy, drop, rename) with foreign keys, indexes,
 * triggers, views and autoincrement counters kept, as one procedure read top to bottom in one
 * class. Its class name and parameters are named by released changelogs. The hazard guard that
 * steers changesets to it is a separate idea and lives in {@code guard}.
 */
package io.posdb.migration.sqlite;
