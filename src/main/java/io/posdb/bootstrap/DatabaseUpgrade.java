package io.posdb.bootstrap;

import io.posdb.database.SqliteDatabase;
import io.posdb.migration.AppliedChangeSet;
import io.posdb.migration.ChangelogException;
import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import io.posdb.migration.MigrationPlan;
import io.posdb.migration.PendingChangeSet;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one database up to this release's changelog, safely: one process at a time
 * ({@link UpgradeLock}), refusing unusable files and newer or edited databases before
 * anything is written, and all-or-nothing ({@link UpgradeSnapshots}). When nothing is
 * pending, Liquibase is not started at all.
 */
public final class DatabaseUpgrade {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUpgrade.class);

    private final SqliteDatabase database;
    private final UpgradeSettings settings;
    private final UpgradeSnapshots snapshots;

    public DatabaseUpgrade(SqliteDatabase database, UpgradeSettings settings) {
        this.database = database;
        this.settings = settings;
        this.snapshots = new UpgradeSnapshots(database, settings.keepSnapshots());
    }

    public List<AppliedChangeSet> run() throws BootException {
        createFolder();
        LiquibaseMigrations migrations = new LiquibaseMigrations(database, settings.changelog());
        try (UpgradeLock ignored = UpgradeLock.acquire(database.file(), settings.lockWait())) {
            restoreInterruptedUpgrade();
            boolean exists = Files.exists(database.file());
            if (exists) {
                DatabaseFileCheck.checkHeader(database.file());
                DatabaseFileCheck.checkWritable(database.file());
                StaleLocks.releaseLiquibaseLock(database); // we hold the upgrade lock: any row is stale
            }
            MigrationPlan plan = plan(migrations);
            PlanGuards.refuseNewerOrEdited(plan, database.description(), settings.allowNewerDatabase());
            // Newer or edited databases were refused (or allowed) above: only pending work is left to decide.
            if (plan.pending().isEmpty() && !plan.checksumsNeedUpgrade()) {
                log.info("No pending migrations detected");
                return List.of();
            }
            log.info("Pending migrations detected: {}",
                    plan.pending().stream().map(PendingChangeSet::id).collect(Collectors.joining(", ")));
            if (exists) {
                DatabaseFileCheck.checkIntegrity(database);
            }
            return applyAllOrNothing(migrations);
        }
    }

    private List<AppliedChangeSet> applyAllOrNothing(LiquibaseMigrations migrations) throws BootException {
        Optional<java.nio.file.Path> snapshot;
        try {
            snapshot = snapshots.take(Release.current());
        } catch (IOException e) {
            throw new BootException(BootFailure.NOT_WRITABLE, "Cannot take the pre-upgrade snapshot of "
                    + database.file() + " (is the disk full?); nothing was changed: " + e.getMessage(), e);
        }
        try {
            List<AppliedChangeSet> applied = migrations.update();
            snapshots.finish();
            log.info("All migrations completed successfully");
            snapshot.ifPresent(s -> log.info("The database before this upgrade is kept in {}", s));
            return applied;
        } catch (MigrationException | IOException e) {
            restoreAfterFailure(snapshot.orElse(null), e);
            BootFailure failure = isDiskFull(e) ? BootFailure.NOT_WRITABLE : BootFailure.MIGRATION_FAILED;
            throw new BootException(failure, "Migration failed on " + database.file() + ": " + MigrationFailureText.of(e)
                    + " — the database was restored to its state before the upgrade", e);
        }
    }

    private void restoreAfterFailure(java.nio.file.Path snapshot, Exception cause) throws BootException {
        try {
            snapshots.restore(snapshot);
        } catch (IOException restoreError) {
            restoreError.addSuppressed(cause);
            throw new BootException(BootFailure.MIGRATION_FAILED, "Migration failed on " + database.file()
                    + " and restoring " + snapshot + " failed too (" + restoreError.getMessage()
                    + "); the next boot retries the restore", restoreError);
        }
    }

    private void createFolder() throws BootException {
        try {
            database.createParentFolder();
        } catch (IOException e) {
            throw new BootException(BootFailure.NOT_WRITABLE, "Cannot create the folder of database "
                    + database.file() + ": " + e, e);
        }
    }

    private void restoreInterruptedUpgrade() throws BootException {
        try {
            snapshots.restoreInterrupted();
        } catch (IOException e) {
            throw new BootException(BootFailure.NOT_WRITABLE, "Cannot restore " + database.file()
                    + " after an interrupted upgrade: " + e.getMessage(), e);
        }
    }

    private MigrationPlan plan(LiquibaseMigrations migrations) throws BootException {
        try {
            return migrations.plan();
        } catch (ChangelogException e) {
            throw new BootException(BootFailure.BAD_CHANGELOG, e.getMessage(), e);
        } catch (MigrationException e) {
            throw new BootException(BootFailure.UNUSABLE_DATABASE, e.getMessage(), e);
        }
    }

    private static boolean isDiskFull(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("SQLITE_FULL") || message.contains("No space left")) {
                return true;
            }
        }
        return false;
    }
}
