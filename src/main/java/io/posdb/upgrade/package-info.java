/**
 * The upgrade flow an application or the CLI runs: boot (upgrade, validate, drift check),
 * upgrade and rollback inside the SQLite envelope (lock, checks, snapshot, restore),
 * rehearsal, update-sql preview and the settings they take.
 */
package io.posdb.upgrade;
