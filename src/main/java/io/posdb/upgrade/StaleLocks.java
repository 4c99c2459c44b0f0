package io.posdb.upgrade;

import io.posdb.report.ReleasedLocks;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.runner.LiquibaseTables;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases Liquibase's lock row when it is proven stale: the caller holds the
 * {@link UpgradeLock}, which every posdb process takes before Liquibase's lock, so a
 * locked row can only have been left by a process that died.
 */
public final class StaleLocks {

    private static final Logger log = LoggerFactory.getLogger(StaleLocks.class);

    private StaleLocks() {
    }

    /**
     * {@code posdb release-locks}: refuses while a live process holds the upgrade lock (naming it); otherwise
     * releases a stale Liquibase lock row. Liquibase's lock row is read first, without writing: with nothing to
     * release, the folder is left as it was found (no lock taken, no {@code -wal} checkpointed). A row to release
     * is released under the upgrade lock when {@code <db>.lock} exists. A file without it has no posdb process
     * holding its upgrade lock (each creates the file before it locks it, and posdb never deletes it), and it
     * still has none afterwards: taking the lock would create the file, and deleting it afterwards would race
     * with a process that opened it meanwhile (it would lock a file no longer in the folder). The lock file
     * still missing after the read proves the row was not a live posdb upgrade's (that upgrade held the lock, so
     * the file existed then and still would); the row is then released only while it is still that row
     * ({@link LiquibaseTables#releaseLockHeldBy}): a posdb process that started meanwhile, took the upgrade lock
     * and then Liquibase's, keeps its lock.
     */
    public static ReleasedLocks release(SqliteDatabase database) throws PosDatabaseException {
        Path lockFile = UpgradeLock.lockFile(database.file());
        Optional<String> live = DatabaseChecks.upgradeRunningNow(database);
        if (live.isPresent()) {
            throw new PosDatabaseException(BootFailure.LOCKED, "Database " + database.file() + " is locked by "
                    + live.get() + ", which is still running; nothing was released. Let it finish.");
        }
        Optional<ReleasedLocks.LockHolder> holder = LiquibaseTables.lockHolder(database);
        boolean interrupted = new UpgradeSnapshots(database).marked();
        // No live holder (refused above): the run its marker names is the one the next boot restores.
        String interruptedRun = DatabaseChecks.runTheNextBootRestores(database).map(run -> run.sentence(false))
                .orElse(null);
        if (holder.isEmpty()) {
            return new ReleasedLocks(Optional.empty(), interrupted, interruptedRun); // nothing to release: nothing written
        }
        boolean released;
        // Without a lock file no lock is taken (null: try-with-resources closes nothing), as explained above.
        try (UpgradeLock ignored = Files.exists(lockFile) ? UpgradeLock.acquire(database.file(), Duration.ZERO) : null) {
            released = LiquibaseTables.releaseLockHeldBy(database, holder.get());
        }
        if (!released) {
            log.info("The Liquibase lock of {} held by {} was released or taken by another process meanwhile; "
                    + "nothing was released", database.file(), holder.get().lockedBy());
        }
        return new ReleasedLocks(released ? holder : Optional.empty(), interrupted, interruptedRun);
    }
}
