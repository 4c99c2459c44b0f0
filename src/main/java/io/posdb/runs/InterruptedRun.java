package io.posdb.runs;

import io.posdb.database.ShellWords;
import io.posdb.report.UpgradeRun;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upgrade, rollback or downgrade of an SQLite file that a dead process left unfinished, as its marker names it
 * (its snapshot, and the run's facts, {@link UpgradeRunRecorder#markerFacts}), before the restore that completes its
 * record ({@link UpgradeRunRecorder#writeKilled}). One wording for every place that tells of it: the doctor's
 * {@code interrupted upgrade} check, the WARN line of the commands that only read, and the run {@code history --runs}
 * lists until the restore.
 *
 * @param file      the database file
 * @param marker    the marker's file name ({@code pos.db.upgrading})
 * @param operation {@link UpgradeRun#UPGRADE}, {@link UpgradeRun#ROLLBACK} or {@link UpgradeRun#DOWNGRADE}
 * @param snapshot  the snapshot's file name that the restore puts back
 * @param marked    what the marker says
 */
public record InterruptedRun(Path file, String marker, String operation, String snapshot,
                             UpgradeSnapshots.Interrupted marked) {

    /**
     * The run the marker beside {@code snapshots}' file names; empty without a marker, and for one of a run that was
     * creating the file (no snapshot: the restore removes the file, and keeps no record of the run).
     */
    public static Optional<InterruptedRun> of(UpgradeSnapshots snapshots) throws IOException {
        return snapshots.interrupted().flatMap(interrupted -> of(snapshots, interrupted));
    }

    /** {@link #of(UpgradeSnapshots)} of the marker's content, read already ({@link UpgradeSnapshots#interrupted}). */
    public static Optional<InterruptedRun> of(UpgradeSnapshots snapshots, UpgradeSnapshots.Interrupted interrupted) {
        return interrupted.snapshot() == null ? Optional.empty() : Optional.of(new InterruptedRun(
                snapshots.database().file(), snapshots.marker().getFileName().toString(),
                UpgradeRunRecorder.operationOf(interrupted.facts(), interrupted.snapshot()), interrupted.snapshot(),
                interrupted));
    }

    /**
     * "an upgrade was interrupted (pos.db.upgrading names …): the next boot restores that snapshot first, then
     * upgrades again", naming the file after the operation when {@code namingTheFile} (a line that stands alone). A
     * boot restores what an upgrade left; a downgrade or a rollback is restored by the next posdb command that writes
     * (a boot, or that command run again), and the command that finishes the job is the one that was interrupted.
     */
    public String sentence(boolean namingTheFile) {
        String found = "a" + (operation.equals(UpgradeRun.UPGRADE) ? "n " : " ") + operation
                + (namingTheFile ? " of " + file : "") + " was interrupted (" + marker + " names " + snapshot + "): ";
        return found + switch (operation) {
            case UpgradeRun.DOWNGRADE -> "the next posdb command that writes restores that snapshot first; posdb "
                    + "downgrade then undoes the newer release's changesets again";
            case UpgradeRun.ROLLBACK -> "the next posdb command that writes restores that snapshot first; "
                    + rollbackArguments().map(again -> "posdb rollback " + again + " then rolls back again")
                    .orElse("the same posdb rollback then rolls back again");
            default -> "the next boot restores that snapshot first, then upgrades again";
        };
    }

    /**
     * The target of an interrupted rollback as its command line gave it ({@code --tag 'v1.0'}, {@code --count 2}),
     * from the marker's facts ({@link UpgradeRunRecorder#ROLLBACK_TAG}, {@link UpgradeRunRecorder#ROLLBACK_COUNT});
     * empty for another operation, and for a marker an older release wrote, which does not record it.
     */
    public Optional<String> rollbackArguments() {
        if (!operation.equals(UpgradeRun.ROLLBACK)) {
            return Optional.empty();
        }
        String tag = marked.facts().get(UpgradeRunRecorder.ROLLBACK_TAG);
        if (tag != null) {
            return Optional.of("--tag " + ShellWords.quote(tag));
        }
        return Optional.ofNullable(marked.facts().get(UpgradeRunRecorder.ROLLBACK_COUNT)).map(count -> "--count " + count);
    }

    /**
     * The run as {@code history --runs} lists it until the restore completes its record (as
     * {@link UpgradeRun#KILLED_RESTORED}, under the same id): {@link UpgradeRun#INTERRUPTED}, with the marker's facts
     * (an older marker has none: its own time stands for the start, as the restore writes it) and {@link #sentence}
     * as its message. Which changesets it ran is not known: they are in the file the restore replaces.
     */
    public UpgradeRun asListed() {
        Map<String, String> facts = marked.facts();
        String pid = facts.get("run.pid");
        return new UpgradeRun(facts.get("run.id"), operation, facts.getOrDefault("run.started_at",
                marked.markedAt().toString()), null, facts.get("run.release_from"), facts.get("run.release_to"),
                UpgradeRun.INTERRUPTED, facts.get("run.host"), pid == null ? null : Long.valueOf(pid),
                sentence(true), List.of());
    }
}
