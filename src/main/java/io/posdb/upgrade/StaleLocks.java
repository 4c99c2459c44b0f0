package io.posdb.upgrade;

import io.posdb.report.ReleasedLocks;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.runner.LiquibaseTables;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.nio.file.Files;
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
     * {@code posdb release-locks}: refuses while a live process holds the upgrade lock
     * (naming it); otherwise releases a stale Liquibase lock row.
     */
    public static ReleasedLocks release(SqliteDatabase database) throws PosDatabaseException {
        Optional<String> live = UpgradeLock.liveHolder(database.file());
        if (live.isPresent()) {
            throw new PosDatabaseException(BootFailure.LOCKED, "Database " + database.file() + " is locked by "
                    + live.get() + ", which is still running; nothing was released. Let it finish.");
        }
        try (UpgradeLock ignored = UpgradeLock.acquire(database.file(), Duration.ZERO)) {
            Optional<ReleasedLocks.LockHolder> holder = LiquibaseTables.releaseStaleLock(database);
            boolean interrupted = Files.exists(new UpgradeSnapshots(database, 1).marker());
            return new ReleasedLocks(holder, interrupted);
        }
    }
}
