package io.posdb.report;

import java.util.List;

/**
 * What an upgrade, downgrade or rollback tells its caller while it runs, for a splash screen or the
 * command line's progress bar (issue 22 §4). Given through the one settings type
 * ({@code PosDatabaseSettings.Builder.progress}); every method does nothing by default, so a listener
 * implements only what it shows. Called on the thread doing the work, between its steps: a listener
 * returns quickly and does not throw (a listener's exception is logged and the work goes on).
 *
 * <p>In order: {@link #plan} once the attempt is about to write (an upgrade's pending changesets, a
 * downgrade's changesets to undo; a rollback does not know its list beforehand and sends none), then for
 * each changeset {@link #changesetStarted}, for a long data change {@link #rows} at most every
 * {@value #ROWS_INTERVAL_MILLIS} ms or each step of its set-based run (never each row), and
 * {@link #changesetFinished}; when a failed attempt is put back from its snapshot (an SQLite file), or a
 * killed one at the next boot, {@link #restoreStarted} and {@link #restoreFinished}. An up-to-date boot
 * sends nothing.
 *
 * <p>It lives beside the records the api returns rather than in {@code io.posdb.api}: the upgrade flow and
 * Liquibase's runner call it, and they sit below the api.
 */
public interface UpgradeProgress {

    /** How often, at most, {@link #rows} is sent while a data change goes row by row. */
    long ROWS_INTERVAL_MILLIS = 250;

    /** The listener of a caller that asked for none. */
    UpgradeProgress NONE = new UpgradeProgress() {
    };

    /** {@code listener} as posdb calls it: what it throws is logged at WARN and the work goes on. */
    static UpgradeProgress guarded(UpgradeProgress listener) {
        return listener == NONE || listener instanceof GuardedProgress ? listener : new GuardedProgress(listener);
    }

    /**
     * The attempt is about to write: {@code operation} ({@link UpgradeRun#UPGRADE}, {@link UpgradeRun#DOWNGRADE}) and the
     * changesets it will handle, in order.
     */
    default void plan(String operation, List<String> changesets) {
    }

    /** Liquibase (or the downgrade) starts {@code changesetId}. */
    default void changesetStarted(String changesetId) {
    }

    /**
     * {@code changesetId} ended: {@code outcome} as the run's record names it ({@code EXECUTED},
     * {@code MARK_RAN}, {@code ROLLED_BACK}, {@code UNDONE}, {@link UpgradeStep#FAILED}) after
     * {@code durationMillis}.
     */
    default void changesetFinished(String changesetId, String outcome, long durationMillis) {
    }

    /**
     * A data change of {@code changesetId} has dealt with {@code done} of its {@code total} rows (both
     * fixed for the change: done only grows); {@code estimatedMillisLeft} is the time left at the rate
     * so far (0 when done), null before the first row.
     */
    default void rows(String changesetId, long done, long total, Long estimatedMillisLeft) {
    }

    /**
     * The database is being put back to {@code snapshot} (its file name; null when the attempt created the
     * database, which the restore removes): the attempt failed, or a killed one is restored at the next boot.
     */
    default void restoreStarted(String snapshot) {
    }

    /** The database was put back to {@code snapshot}. */
    default void restoreFinished(String snapshot) {
    }
}
