/**
 * SQLite file safety used by the upgrade flow: the upgrade lock, snapshots and backups,
 * durable file writes, file checks (header, writability, integrity) and "in use" detection.
 * Knows nothing of the flow that calls it.
 */
package io.posdb.upgrade.sqlite;
