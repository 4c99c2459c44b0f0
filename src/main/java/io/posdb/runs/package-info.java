/**
 * posdb's record of every upgrade and rollback of a database (issue 22 §3, §5): the tables
 * {@code posdb_upgrade_run} (one row per attempt) and {@code posdb_upgrade_step} (one row per changeset
 * it handled), which posdb creates itself when there is something to record (an up-to-date boot
 * writes nothing); the writer the upgrade flow drives ({@link io.posdb.runs.UpgradeRunRecorder}) and
 * the reader behind {@code posdb history --runs} and the api ({@link io.posdb.runs.UpgradeRuns}).
 * posdb's own {@code posdb_*} tables are bookkeeping, not schema: the catalog readers and drift leave
 * them out. The records they return are {@link io.posdb.report.UpgradeRun} and
 * {@link io.posdb.report.UpgradeStep}.
 */
package io.posdb.runs;
