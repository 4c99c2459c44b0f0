package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PlanGuards;
import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.PrivateFiles;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeRun;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runner.LiquibaseTables;
import io.posdb.runs.UpgradeRunRecorder;
import io.posdb.upgrade.sqlite.DatabaseFileCheck;
import io.posdb.upgrade.sqlite.DatabaseInUse;
import io.posdb.upgrade.sqlite.StoppedUpgrades;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import liquibase.exception.ValidationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety that every Liquibase run writing to an SQLite file shares, update and rollback
 * alike (issue 10 §4): one process at a time ({@link UpgradeLock}); an upgrade a dead process
 * left unfinished is restored first; unusable files, newer or edited databases, and a changelog
 * Liquibase's validation refuses (the SQLite hazards), refused before anything is written
 * ({@link DatabaseFileCheck}, {@link PlanGuards}, {@link LiquibaseMigrations#validate}); then a snapshot, the
 * work, and the snapshot put back if the work fails ({@link UpgradeSnapshots}; a crash leaves
 * the marker, and the next boot or rollback restores it). Every attempt that writes is recorded
 * ({@link UpgradeRunRecorder}, issue 22 §3): a started row before the first changeset, the whole
 * record after success, and after a restore (a failed attempt, or a killed one the marker names)
 * the record written again into the restored file, so it survives the restore.
 */
final class UpgradeEnvelope {

    private static final Logger log = LoggerFactory.getLogger(UpgradeEnvelope.class);

    /**
     * The work done inside, which the caller decides from the plan: none when the plan leaves nothing to
     * do (no snapshot is taken, no changeset returned).
     *
     * @param toDo    logged before writing
     * @param planned    the changesets it will handle, in order, for the progress listener; null when not known beforehand
     * @param afterwards what must hold of the written file before its snapshot is let go (strict schema's drift
     *                   check): refused, the work is undone as a failed changeset's is, and the refusal's kind stays
     */
    record Work(String toDo, List<String> planned, LiquibaseMigrations.Write write, Check afterwards) {
    }

    /** A check of the written file, inside the envelope: the lock still held, the snapshot still there. */
    @FunctionalInterface
    interface Check {
        Check NONE = applied -> {
        };

        void run(List<AppliedChangeSet> applied) throws PosDatabaseException;

        /** Before a restore: closes what a passed {@link #run} left open on the file. */
        default void release() {
        }
    }

    /**
     * What the caller decides from the plan, under the lock and before anything is written (an upgrade with nothing
     * pending beside a shop with no lock file: before the lock, {@link #upToDateWithoutALockFile}): the work, none,
     * or a refusal (thrown), which leaves the database as it was.
     */
    interface Decision {
        Optional<Work> decide(MigrationPlan plan) throws PosDatabaseException;

        /**
         * The refusals the plan alone calls for (a rollback's target the history cannot meet, a rollback of a
         * changeset Liquibase cannot undo, a downgrade of a changeset whose recorded undo cannot run): made before the lock is taken, on a plan read without writing,
         * and again under the lock before {@link #decide}. Writes and logs nothing.
         */
        default void refuse(MigrationPlan plan) throws PosDatabaseException {
        }

        /**
         * Whether the plan alone shows there is no work (a downgrade with no changeset to undo): judged before the
         * lock as {@link #refuse} is, it ends the run there, so a command with nothing to do writes nothing, not even
         * the lock file beside a shop that had none. Under the lock {@link #decide} judges again, on the plan read
         * anew. False (the default) leaves it to {@link #decide} under the lock.
         */
        default boolean nothingToDo(MigrationPlan plan) {
            return false;
        }
    }

    /**
     * How the operation names itself in logs, file names and messages.
     *
     * @param noun          "upgrade" / "rollback": "restored to its state before the upgrade"; the
     *                      operation its run record names ({@link UpgradeRun#UPGRADE}, {@link UpgradeRun#ROLLBACK})
     * @param failed        the message's start when the work fails: "Migration failed"
     * @param snapshotLabel the snapshot's name after "before-": the release, or "rollback"
     * @param done          logged after the work succeeded
     * @param copyOf        the shop's file when the work runs on a rehearsal's copy of it (else null), deleted with
     *                      its folder, snapshot and all: then the log says nothing of a snapshot kept after success
     *                      nor of the copy's restore after a failure, and a failure's message names the shop's file,
     *                      not the copy gone by the time it is read, and claims no restore (the copy's restore is
     *                      nothing to the operator, whose database was only read)
     * @param target        what the operation aims at, as facts its marker keeps beside the run's (a rollback's tag or
     *                      count, {@link UpgradeRunRecorder#ROLLBACK_TAG}): killed, it can be named and run again
     *                      exactly; empty for an upgrade or downgrade, whose target is the changelog or the history
     */
    record Operation(String noun, String failed, String snapshotLabel, String done, Path copyOf,
                     Map<String, String> target) {

        Operation(String noun, String failed, String snapshotLabel, String done, Path copyOf) {
            this(noun, failed, snapshotLabel, done, copyOf, Map.of());
        }

        boolean onACopy() {
            return copyOf != null;
        }

        /** The file a failure's message names: the work's, or the shop's that a rehearsal copied. */
        Path named(Path file) {
            return onACopy() ? copyOf : file;
        }
    }

    private final SqliteDatabase database;
    private final UpgradeSettings settings;
    private final UpgradeSnapshots snapshots;
    /**
     * The plans' migrations, before the lock and under it: the changelog is read once per run (parsed once, when it
     * is a file on disk), the history at each plan.
     */
    private final LiquibaseMigrations planning;
    /** Whether {@link #refuseAnInvalidChangelog} ran (and passed) already, before the lock. */
    private boolean changelogValidated;
    /**
     * What this run's restore of an interrupted run changed before anything else (null: nothing), for a failure
     * after it, which must not say "nothing was changed": the file is the interrupted run's snapshot now.
     */
    private String restoredFirst;

    UpgradeEnvelope(SqliteDatabase database, UpgradeSettings settings) {
        this.database = database;
        this.settings = settings;
        this.snapshots = new UpgradeSnapshots(database);
        this.planning = new LiquibaseMigrations(database, settings.changelog());
    }

    List<AppliedChangeSet> run(Operation operation, Decision decision)
            throws PosDatabaseException {
        if (operation.onACopy()) {
            // A rehearsal's copy is private, and the refusals before the lock were made on the shop's file it copies
            // before copying it (UpgradeRehearsal: the plan's, and Liquibase's validation of the changelog when the
            // plan called for Liquibase): made again here they would plan and validate the same content a second
            // time. Under the lock the copy's plan is read and its refusals made all the same.
            changelogValidated = true;
            requireTheCopy(operation);
        } else {
            if (refuseBeforeTheLock(operation, decision)) {
                return List.of();
            }
            createFolder();
        }
        try (UpgradeLock ignored = UpgradeLock.acquire(database.file(), settings.lockWait())) {
            restoreInterruptedUpgrade();
            DatabaseChecks.refuseAVanishedShop(database); // again under the lock: the file may have gone since
            boolean exists = Files.exists(database.file());
            if (exists) {
                DatabaseFileCheck.checkHeader(database.file());
                DatabaseFileCheck.checkWritable(database.file());
                rollBackACutTransaction();
            }
            MigrationPlan plan = planReleasingStaleLock(); // we hold the upgrade lock: a locked row is stale
            refuse(operation, decision, plan, true);
            Optional<Work> work = decision.decide(plan);
            if (work.isEmpty()) {
                return List.of();
            }
            log.info(work.get().toDo());
            if (!changelogValidated) {
                refuseAnInvalidChangelog(operation);
            }
            if (exists) {
                awaitClosedElsewhere(operation, () -> false);
                DatabaseFileCheck.checkIntegrity(database);
            }
            return allOrNothing(operation, work.get(), exists);
        }
    }

    /**
     * The refusals that can be known before anything is written, made before the upgrade lock is taken: a refused
     * command leaves no new file beside the shop's (the lock file is created by the first command that takes the
     * lock) and the shop's folder as it was. Under the lock they are made again, on the plan read anew: another
     * process may have upgraded the file meanwhile. They only read, so a second process at the same time changes
     * nothing for them; removing the lock file on the way out instead would not be safe: a process waiting for the
     * lock holds the file open, and once it is deleted that process locks the deleted file while the next one
     * creates a new one and locks that, and both write at once (older releases, which a downgrade runs beside, never
     * check for it). Not after an interrupted run (its restore, under the lock, comes first and changes what is
     * judged) nor beside a cut transaction's {@code -journal} (rolled back in the file under the lock; read
     * before, the plan would need a private copy of the whole shop), nor for a file that does not exist yet; there
     * the changelog alone is judged (read, and for a new file validated as an empty database). Returns whether the
     * plan read there leaves nothing to do ({@link Decision#nothingToDo}): the run ends before the lock.
     */
    private boolean refuseBeforeTheLock(Operation operation, Decision decision) throws PosDatabaseException {
        if (snapshots.marked()) {
            refuseAnUnreadableChangelog();
            return false;
        }
        DatabaseChecks.refuseAVanishedShop(database);
        if (!Files.exists(database.file())) {
            refuseAnUnreadableChangelog();
            refuseAnInvalidChangelog(operation); // judged on an empty database: everything is pending
            return false;
        }
        if (cutTransaction()) {
            refuseAnUnreadableChangelog();
            return false;
        }
        DatabaseFileCheck.checkHeader(database.file());
        DatabaseFileCheck.checkWritable(database.file());
        MigrationPlan plan = DatabaseChecks.plan(database, planning);
        refuse(operation, decision, plan, false);
        if (decision.nothingToDo(plan) || upToDateWithoutALockFile(operation, decision, plan)) {
            return true;
        }
        // A rollback the plan did not refuse has work to do (its target is in the history): Liquibase runs.
        if (operation.noun().equals(UpgradeRun.ROLLBACK)
                || operation.noun().equals(UpgradeRun.UPGRADE) && plan.needsLiquibase()) {
            refuseAnInvalidChangelog(operation);
        }
        // Past nothingToDo, only an upgrade with nothing pending has no work (decided under the lock, writing nothing).
        if (!operation.noun().equals(UpgradeRun.UPGRADE) || plan.needsLiquibase()) {
            refuseAFileOpenElsewhereBeforeTheLockFile(operation);
        }
        return false;
    }

    /**
     * An upgrade with nothing pending beside a shop with no {@code <db>.lock} (a shop copied in, one never upgraded
     * by posdb, or after posdb release-locks) and no Liquibase lock row to release writes nothing, so it ends here,
     * before the lock, and does not create the lock file either: the folder stays as it was found (a backup tool
     * that mirrors it sees nothing new). It is decided as under the lock, on the plan already read: every posdb
     * run creates the lock file before it takes the lock, and takes the lock before its marker, snapshot or first
     * write, and no posdb deletes it; so a lock file still missing after the reads means no run had begun before
     * they ended, and the plan is not a half-done state that a run's failure would restore away. A run that begins
     * now is ordered after this one, as after one that took the lock and let it go (a boot's connections it then
     * waits for as for any other process's). Where the lock file exists this run takes the lock and decides under
     * it, waiting for a holder (nothing is created there). Not by taking the lock and removing the file this run
     * made: see {@link #refuseBeforeTheLock}.
     */
    private boolean upToDateWithoutALockFile(Operation operation, Decision decision, MigrationPlan plan)
            throws PosDatabaseException {
        Path lockFile = UpgradeLock.lockFile(database.file());
        // Looked at before the lock row is read (a shop that has the file is spared that read), and again after it.
        if (!operation.noun().equals(UpgradeRun.UPGRADE) || plan.needsLiquibase() || Files.exists(lockFile)
                || LiquibaseTables.lockHolder(database).isPresent() || Files.exists(lockFile)) {
            return false;
        }
        refuse(operation, decision, plan, true); // a newer database it lets start is warned of here, once
        return decision.decide(plan).isEmpty(); // nothing pending: logged as under the lock
    }

    /**
     * Work under another process's connection is refused (exit 8) under the lock ({@link #awaitClosedElsewhere}); beside
     * a shop with no {@code <db>.lock} yet, taking the lock to get there would create it, and the refusal leave it. So
     * there the other process is waited for, and refused, here, before the lock file is made, as the plan's refusals
     * are, and again under the lock (it may open the file meanwhile: then the lock file made stays, as after any
     * command that took the lock). Not by removing the lock file this process made after the refusal: it is the one
     * thing that keeps two writers apart, through an OS lock on the open file, not its name, and a process that
     * started meanwhile may be waiting on it already (see {@link #refuseBeforeTheLock}). Not where the lock file
     * exists either: nothing new is made there, and a posdb holding the lock has the file open, to be waited for as
     * the lock's holder (named in the refusal), not refused as "a process that has the file open". No lock file also
     * means no thread of this process holds the lock: none is upgrading the file with a connection whose SQLite locks
     * closing this check's probe would drop ({@link DatabaseInUse}), as the semaphore of {@link UpgradeLock} ensures
     * under the lock. A rehearsal's copy is private: checked under the lock only.
     */
    private void refuseAFileOpenElsewhereBeforeTheLockFile(Operation operation) throws PosDatabaseException {
        Path lockFile = UpgradeLock.lockFile(database.file());
        if (!operation.onACopy() && Files.notExists(lockFile)) {
            // Another posdb that creates the lock file meanwhile (two tills' first boot at once) is waited for as
            // the lock's holder: what kept the file open was its plan's read or its upgrade.
            awaitClosedElsewhere(operation, () -> Files.exists(lockFile));
        }
    }

    /**
     * Where the plan cannot be read before the lock (no file yet, an interrupted run's marker, a cut transaction), the
     * changelog still can: one that is missing, unreadable or malformed (BAD_CHANGELOG) is refused before the folder
     * and the lock file are made, as it is beside an existing file by the plan's read, and not after them.
     */
    private void refuseAnUnreadableChangelog() throws PosDatabaseException {
        try {
            planning.manifest();
        } catch (MigrationException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /**
     * Liquibase's validation of the changelog ({@link #refuseAnInvalidChangelog(SqliteDatabase, UpgradeSettings,
     * Operation)}), which the update and the rollback would otherwise meet only after the snapshot. Made once: before
     * the lock when the plan read there calls for Liquibase (an upgrade with something pending, any rollback the plan
     * did not refuse), else under the lock before the work. A downgrade never asks: it undoes what the database
     * recorded, not this changelog's changesets.
     */
    private void refuseAnInvalidChangelog(Operation operation) throws PosDatabaseException {
        changelogValidated = true;
        if (operation.noun().equals(UpgradeRun.DOWNGRADE)) {
            return;
        }
        refuseAnInvalidChangelog(database, settings, operation);
    }

    /**
     * Liquibase's validation of the changelog on {@code database} as it is now ({@link LiquibaseMigrations#validate},
     * read without writing): a change type SQLite refuses ({@code SqliteHazardGuard}), or any other invalid changeset,
     * is refused before anything is copied or written (no lock file, no snapshot, no run record, the file and its -wal
     * as they were; a rehearsal's shop not even copied), with the exit code a failed changeset has.
     */
    static void refuseAnInvalidChangelog(SqliteDatabase database, UpgradeSettings settings, Operation operation)
            throws PosDatabaseException {
        try {
            new LiquibaseMigrations(database, settings.changelog()).validate();
        } catch (MigrationException e) {
            if (Causes.first(e, ValidationFailedException.class).isEmpty()) {
                throw DatabaseFailures.of(database, e); // the changelog or the file could not be read: as the plan's
            }
            // A rehearsal says itself that the shop was only read, as after a failed changeset.
            String unchanged = operation.onACopy() ? "" : " — the database was not changed: the changelog was "
                    + "refused before the " + operation.noun() + " wrote anything";
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, operation.failed() + " on "
                    + operation.named(database.file()) + ": " + FailureReason.of(e) + unchanged, e);
        }
    }

    /**
     * The plan's refusals, the operation's and then the caller's, before and under the lock alike; a newer database
     * that may start is warned of ({@code warn}) under the lock only, once.
     */
    private void refuse(Operation operation, Decision decision, MigrationPlan plan, boolean warn)
            throws PosDatabaseException {
        if (operation.noun().equals(UpgradeRun.DOWNGRADE)) {
            PlanGuards.refuseEdited(plan);
        } else {
            // An upgrade starts on a newer database whose changesets are all compatible; a rollback cannot pass them.
            PlanGuards.refuse(plan, database, settings.allowNewerDatabase(),
                    operation.noun().equals(UpgradeRun.UPGRADE), warn);
        }
        decision.refuse(plan);
    }

    /**
     * A {@code -journal} holding a transaction a power cut left half written is rolled back here, in the file,
     * as SQLite does at a writer's first read: this command writes. Left for the plan's read, which writes
     * nothing ({@link SqliteDatabase#readFileWithoutWriting}), it would be rolled back in a private copy of the
     * whole shop instead, and again at the next read, until a write removed it.
     */
    private void rollBackACutTransaction() throws PosDatabaseException {
        if (!cutTransaction()) {
            return;
        }
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM sqlite_schema").close(); // the first read rolls back
        } catch (SQLException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /** Whether a {@code -journal} beside the file holds a transaction a power cut left half written. */
    private boolean cutTransaction() throws PosDatabaseException {
        try {
            return SideFiles.journalHoldsATransaction(database.file());
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot read the -journal of database "
                    + database.file() + ": " + FailureReason.of(e), e);
        }
    }

    private MigrationPlan planReleasingStaleLock() throws PosDatabaseException {
        try {
            return planning.planReleasingStaleLock();
        } catch (MigrationException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    private List<AppliedChangeSet> allOrNothing(Operation operation, Work work, boolean exists) throws PosDatabaseException {
        UpgradeRunRecorder record = UpgradeRunRecorder.start(database, operation.noun(), exists);
        Optional<Path> snapshot;
        try {
            Map<String, String> facts = new LinkedHashMap<>(record.markerFacts());
            facts.putAll(operation.target());
            snapshot = snapshots.take(operation.snapshotLabel(), facts);
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot take the snapshot of " + database.file()
                    + " before the " + operation.noun() + " (is the disk full?)" + DatabaseFailures.spaceLeft(database)
                    + "; " + nothingElseChanged() + ": " + FailureReason.of(e), e);
        }
        // Stopped (SIGTERM) from here until the marker goes, the process says that the next boot restores the file.
        // A rehearsal stopped midway leaves the shop as it was and its copy to the temporary folder's own cleanup:
        // nothing to say of a restore (a null resource is allowed and not closed).
        try (StoppedUpgrades ignored = operation.onACopy() ? null
                : StoppedUpgrades.whileMarked(snapshots, operation.noun(), snapshot.orElse(null))) {
            return marked(operation, work, exists, record, snapshot);
        }
    }

    /** The work, once the snapshot and the marker are taken: all of it, or the snapshot put back. */
    private List<AppliedChangeSet> marked(Operation operation, Work work, boolean exists, UpgradeRunRecorder record,
                                          Optional<Path> snapshot) throws PosDatabaseException {
        if (!exists) {
            createOwnerOnly(operation);
        }
        record.writeStarted(database);
        if (work.planned() != null) {
            settings.progress().plan(operation.noun(), work.planned());
        }
        try {
            List<AppliedChangeSet> result = work.write().run(new LiquibaseMigrations(database, settings.changelog())
                    .recording(record, settings.progress()));
            // Still inside: a refusal now is undone from the snapshot like a failed changeset (all or nothing).
            work.afterwards().run(result);
            // Before the marker goes: killed in between, the restore undoes the upgrade and says so.
            record.writeFinished(database, UpgradeRun.APPLIED, null);
            snapshots.finish(settings.keepSnapshots());
            log.info(operation.done());
            if (!operation.onACopy()) {
                snapshot.ifPresent(s -> log.info("The database before this {} is kept in {}", operation.noun(), s));
            }
            return result;
        } catch (PosDatabaseException | MigrationException | IOException e) {
            // A changeset that failed because of the place (a full disk, a program holding the file's lock)
            // exits as that failure does from every command; any other as a failed migration. A full disk
            // is named as such whatever step met it (Liquibase's own tables say "check your permissions").
            // Both decided once, at the failure: before the restore, which frees the room the work took (the free
            // space said is the disk's when it refused the work), and before the record's own failure joins the
            // causes (that is not why the work failed). The message and the record say the same.
            BootFailure failure = DatabaseFailures.placeFailure(e).orElse(BootFailure.MIGRATION_FAILED);
            String why = whyFailed(e);
            work.afterwards().release();
            restoreAfterFailure(operation, snapshot.orElse(null), e);
            // The disk that refused the work may refuse its record too: the message says so, the cause travels.
            String notRecorded = recordRestored(operation, record, snapshot.orElse(null), why).map(notKept -> {
                e.addSuppressed(notKept);
                return "; " + DatabaseFailures.diskFull(notKept).map(full -> "the disk is too full to keep")
                        .orElse("posdb could not write") + " the record of this attempt (posdb history --runs will "
                        + "not list it)";
            }).orElse("");
            pruneAfterFailure();
            String restored = operation.onACopy() ? ""
                    : " — the database was restored to its state before the " + operation.noun() + notRecorded;
            AfterFailure after = operation.onACopy() ? null : AfterFailure.RESTORED;
            if (e instanceof PosDatabaseException refused) {
                throw refused.followedBy(restored, after);
            }
            throw new PosDatabaseException(failure, operation.failed() + " on " + operation.named(database.file())
                    + ": " + why + restored, after, e);
        }
    }

    /** Why the work failed, for the message: the full disk if that was it, else the failure's own reason. */
    private String whyFailed(Exception failure) {
        return DatabaseFailures.diskFull(failure).map(full -> DatabaseFailures.diskFullReason(database, full))
                .orElseGet(() -> FailureReason.of(failure));
    }

    /** Puts the file back; a rehearsal's copy is put back without a word, to the log or the progress alike. */
    private void restoreAfterFailure(Operation operation, Path snapshot, Exception cause) throws PosDatabaseException {
        String name = snapshot == null ? null : snapshot.getFileName().toString();
        UpgradeProgress progress = operation.onACopy() ? UpgradeProgress.NONE : settings.progress();
        progress.restoreStarted(name);
        try {
            snapshots.restore(snapshot, operation.noun(), !operation.onACopy());
            progress.restoreFinished(name);
        } catch (IOException restoreError) {
            restoreError.addSuppressed(cause);
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, operation.failed() + " on " + database.file()
                    + " and restoring " + snapshot + " failed too (" + FailureReason.of(restoreError)
                    + "); the next boot retries the restore", restoreError);
        }
    }

    /**
     * After a failed attempt's restore, the snapshots beyond {@code keepSnapshots} go, as after a success: each failed
     * attempt took a whole copy of the shop. One that cannot be removed is said, not added to the failure: the
     * failure is the work's, and the shop is restored.
     */
    private void pruneAfterFailure() {
        try {
            snapshots.prune(settings.keepSnapshots());
        } catch (IOException e) {
            log.warn("Could not remove the snapshots of {} beyond the newest {}: {}", database.file(),
                    settings.keepSnapshots(), FailureReason.of(e));
        }
    }

    /**
     * After the restore, into the restored file: which changeset failed, its whole message (else {@code whyFailed},
     * the message's reason), and that the file was restored. A database the attempt created is gone with it:
     * there is nothing to write into. Empty when written (or nothing to write into), else why it could not be.
     */
    private Optional<SQLException> recordRestored(Operation operation, UpgradeRunRecorder record, Path snapshot,
                                                  String whyFailed) {
        if (snapshot == null) {
            log.info("The {} created {}; its restore removed it, so no record of the attempt is kept in it",
                    operation.noun(), database.file());
            return Optional.empty();
        }
        String why = record.whyFailed(FailedChangeSet.plain(whyFailed));
        return record.writeFinished(database, UpgradeRun.FAILED_RESTORED, why + " — the file was restored to its "
                + "state before the " + operation.noun() + " from " + snapshot.getFileName());
    }

    /**
     * A new database starts owner-only ({@code 0600} on POSIX, whatever the umask): it will hold PIN hashes and
     * every sale, and its copies (snapshots, rehearsals) follow its mode. Created empty (SQLite takes an empty
     * file as a new database) after the marker that says the upgrade made it, so a failure removes it again. An
     * operator who wants the group to read it chmods it; posdb keeps whatever mode it has from then on.
     */
    private void createOwnerOnly(Operation operation) throws PosDatabaseException {
        try {
            PrivateFiles.createOwnerOnly(database.file());
        } catch (IOException e) {
            try {
                snapshots.restore(null, operation.noun(), true); // no file to keep: only the marker goes
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot create the database " + database.file()
                    + "; " + nothingElseChanged() + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * A rehearsal's copy is never created here, nor its folder: gone, the process is stopping and its shutdown
     * hook took the folder away ({@code TemporaryFolder}). Made again, the folder would hold a new database
     * built from the changelog, in a folder nobody removes.
     */
    private void requireTheCopy(Operation operation) throws PosDatabaseException {
        if (!Files.isRegularFile(database.file())) {
            throw new PosDatabaseException(BootFailure.MISSING_DATABASE, "The private copy " + database.file() + " of "
                    + operation.copyOf() + " is gone (the process is stopping and removed it); " + operation.copyOf()
                    + " was only read");
        }
    }

    /** The folders of a new database are its owner's alone, as the file is ({@link PrivateFiles#createOwnerOnlyFolders}). */
    private void createFolder() throws PosDatabaseException {
        try {
            PrivateFiles.createOwnerOnlyFolders(database.file().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot create the folder of database "
                    + database.file() + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * No other process may have the file open while the work writes (see {@link DatabaseInUse#awaitClosedElsewhere}):
     * waited for, and refused at the end of the wait, unless {@code giveWay} holds first.
     */
    private void awaitClosedElsewhere(Operation operation, BooleanSupplier giveWay) throws PosDatabaseException {
        try {
            DatabaseInUse.awaitClosedElsewhere(database.file(), settings.lockWait(), operation.noun(), giveWay);
        } catch (DatabaseInUse.InUse e) {
            throw new PosDatabaseException(BootFailure.LOCKED, FailureReason.of(e), e);
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot open " + database.file() + " to see whether "
                    + "another process has it open: " + FailureReason.of(e), e);
        }
    }

    /** A refusal's words for what it left: nothing changed, but for this run's restore of an interrupted one. */
    private String nothingElseChanged() {
        return restoredFirst == null ? "nothing was changed" : restoredFirst + ", and nothing else was changed";
    }

    /** Restores what a dead process left, then completes the record of the run its marker names. */
    private void restoreInterruptedUpgrade() throws PosDatabaseException {
        String operation = UpgradeRun.UPGRADE; // until the marker is read
        try {
            UpgradeSnapshots.Interrupted interrupted = snapshots.interrupted().orElse(null);
            if (interrupted == null) {
                return;
            }
            operation = UpgradeRunRecorder.operationOf(interrupted.facts(), interrupted.snapshot());
            settings.progress().restoreStarted(interrupted.snapshot());
            snapshots.restoreInterrupted(interrupted, operation);
            settings.progress().restoreFinished(interrupted.snapshot());
            restoredFirst = interrupted.snapshot() == null ? "the file an interrupted " + operation + " was creating "
                    + "was removed first" : "the interrupted " + operation + " was undone first (" + database.file()
                    + " restored from its snapshot " + interrupted.snapshot() + ")";
            if (interrupted.snapshot() != null) {
                UpgradeRunRecorder.writeKilled(database, interrupted.facts(), interrupted.markedAt(), interrupted.snapshot());
            }
        } catch (DatabaseInUse.InUse e) {
            throw new PosDatabaseException(BootFailure.LOCKED, FailureReason.of(e), e);
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot restore " + database.file()
                    + " after an interrupted " + operation + ": " + FailureReason.of(e), e);
        }
    }

}
