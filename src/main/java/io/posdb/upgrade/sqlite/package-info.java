/**
 * SQLite file safety used by the upgrade flow: the upgrade lock, snapshots and backups,
 * durable file writes, file checks (header, writability, integrity) and "in use" detection,
 * and the privacy of every copy: snapshots, throwaway copies and the files beside them are
 * created with the database's permissions or stricter ({@code io.posdb.files.PrivateFiles}); what a killed
 * process left (a snapshot cut short, a private temporary folder) is removed by the next
 * ({@code io.posdb.files.TemporaryFolder});
 * a shop that must not be made anew (snapshots of a vanished file, a disk not mounted: {@code UnmountedDisk}).
 * Knows nothing of the flow that calls it.
 */
package io.posdb.upgrade.sqlite;
