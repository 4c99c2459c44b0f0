package io.posdb.report;

import java.util.List;

/**
 * One changeset an {@link UpgradeRun} handled, in {@code posdb_upgrade_step}: when it started, how long
 * it took, how many rows it inserted, updated or deleted when the engine says so (SQLite's {@code total_changes()}
 * over the step, less its history row, its record and the rows a table rebuild only copied; null on PostgreSQL),
 * its outcome ({@code EXECUTED}, {@code MARK_RAN}, {@code ROLLED_BACK}, {@code UNDONE}, {@code FAILED}),
 * the full message (a precondition's reason, a failure's cause: never cut), and the rows a halting
 * precondition names (their ids, e.g. 0009's users whose role is unknown).
 */
public record UpgradeStep(String changesetId, String author, String file, String startedAt, Long durationMs,
                          Long rowsChanged, String outcome, String message, List<String> namedRows) {

    public static final String FAILED = "FAILED";

    public UpgradeStep {
        namedRows = namedRows == null ? List.of() : List.copyOf(namedRows);
    }
}
