/**
 * The upgrade flow behind {@code io.posdb.api} (applications and the CLI call it there): boot (upgrade, validate, drift check), upgrade
 * and rollback (SQLite inside its envelope: lock, checks, snapshot, restore; PostgreSQL per
 * changeset), rehearsal, update-sql preview, release-locks, and the settings they take.
 */
package io.posdb.upgrade;
