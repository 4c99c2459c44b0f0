/**
 * The upgrade flow an application or the CLI runs: boot (upgrade, validate, drift check), upgrade
 * and rollback (SQLite inside its envelope: lock, checks, snapshot, restore; PostgreSQL per
 * changeset), rehearsal, update-sql preview, release-locks, and the settings they take.
 */
package io.posdb.upgrade;
