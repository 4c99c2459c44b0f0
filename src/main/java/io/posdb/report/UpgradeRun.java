package io.posdb.report;

import java.util.List;

/**
 * One attempt to change a database's schema, as posdb recorded it in {@code posdb_upgrade_run}:
 * an upgrade, a rollback or a downgrade, when it ran, the database's release before and
 * after (or aimed at), how it ended, which process on which host ran it, and each changeset it
 * handled ({@link UpgradeStep}). A failed attempt's record is written after the all-or-nothing
 * restore, so it survives it; a killed one is completed by the next boot's restore.
 *
 * @param id          the run's id (a UUID; an interrupted upgrade's marker names it; null for an
 *                    {@link #INTERRUPTED} run whose marker an older release wrote)
 * @param operation   {@link #UPGRADE}, {@link #ROLLBACK} or {@link #DOWNGRADE}
 * @param startedAt   ISO-8601 UTC
 * @param finishedAt  ISO-8601 UTC; null while {@link #STARTED}
 * @param releaseFrom the release the database's history carried before (null: a new database)
 * @param releaseTo   the release it carries after, or that the attempt aimed at
 * @param outcome     {@link #APPLIED}, {@link #FAILED_RESTORED}, {@link #KILLED_RESTORED}, {@link #FAILED}
 *                    (PostgreSQL: the failed changeset rolled back, earlier ones stay), {@link #STARTED}, or, listed
 *                    before the restore of an SQLite file, {@link #INTERRUPTED}
 * @param message     why it failed (in full), or what the restore did; null when applied
 */
public record UpgradeRun(String id, String operation, String startedAt, String finishedAt, String releaseFrom,
                         String releaseTo, String outcome, String host, Long pid, String message,
                         List<UpgradeStep> steps) {

    public static final String UPGRADE = "upgrade";
    public static final String ROLLBACK = "rollback";
    /** An older release undoing the changesets it does not know ({@code posdb downgrade}). */
    public static final String DOWNGRADE = "downgrade";

    /** Written before the first changeset; still there only while the attempt runs (or on a server, if it died). */
    public static final String STARTED = "started";
    public static final String APPLIED = "applied";
    /** An SQLite file put back to its snapshot after a changeset failed. */
    public static final String FAILED_RESTORED = "failed-restored";
    /** An SQLite file whose attempt died (marker and snapshot left), put back by the next boot. */
    public static final String KILLED_RESTORED = "killed-restored";
    /**
     * An SQLite file whose attempt died, its marker and snapshot still beside it: not restored yet. Only listed, never
     * written: the restore (the next boot, or the next posdb command that writes) records it as
     * {@link #KILLED_RESTORED}.
     */
    public static final String INTERRUPTED = "interrupted";
    /** A server: the upgrade's one transaction rolled back; the server is as it was before it. */
    public static final String FAILED = "failed";
    /** A server: the till died during the attempt; the next upgrade (holding the lock) found it unfinished. */
    public static final String KILLED = "killed";

    public UpgradeRun {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * A release of the record as its readers print it ({@code posdb history --runs}, the doctor's last
     * upgrade): null, a history without a release tag (a new database, or a rollback that reached none),
     * as {@code (no history)}, never {@code null}.
     */
    public static String releaseText(String release) {
        return release == null ? "(no history)" : release;
    }

    /**
     * {@link #releaseTo} as its readers print it: a run that did not apply and never knew its target (a
     * {@code rollback --count} that failed and was restored) reads {@code (not reached)}, not as if it had
     * emptied the history.
     */
    public String releaseToText() {
        return releaseTo == null && !APPLIED.equals(outcome) ? "(not reached)" : releaseText(releaseTo);
    }
}
