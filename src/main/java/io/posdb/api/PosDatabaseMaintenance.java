package io.posdb.api;

import io.posdb.report.ReleasedLocks;
import io.posdb.report.RehearsalReport;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.MigrationPlan;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.orm.HibernateSchema;
import io.posdb.upgrade.DatabaseBootstrap;
import io.posdb.upgrade.DatabaseChecks;
import io.posdb.upgrade.DatabaseDowngrade;
import io.posdb.upgrade.DatabaseRollback;
import io.posdb.upgrade.StaleLocks;
import io.posdb.upgrade.UpdateSqlPreview;
import io.posdb.upgrade.UpgradeRehearsal;
import java.io.IOException;
import java.util.List;
import org.hibernate.SessionFactory;

/**
 * What an operator does to a database besides booting it: roll back, rehearse an upgrade on a
 * copy, preview its SQL, release a dead process's lock, validate the schema. Each takes the same
 * {@link PosDatabaseSettings} as {@link PosDatabase#boot}, refuses a missing database instead of
 * creating it, and throws {@link PosDatabaseException} with the kind (and exit code) boot would give
 * the same problem. The work itself is the upgrade flow's; nothing here decides how to do it.
 */
public final class PosDatabaseMaintenance {

    private PosDatabaseMaintenance() {
    }

    /**
     * Rolls back every changeset applied after {@code tag}, inside the upgrade's envelope on SQLite
     * (lock, checks, snapshot, all or nothing); Liquibase undoes the changeset that set the tag too
     * (a tagDatabase changeset changes nothing else), so the history then ends just before it. Returns
     * exactly the changesets that left the history. An unknown tag fails with kind NOT_IN_HISTORY and
     * leaves the database as it was.
     */
    public static List<AppliedChangeSet> rollbackToTag(PosDatabaseSettings settings, String tag)
            throws PosDatabaseException {
        PosDatabaseSettings.require(tag != null && !tag.isBlank(), "tag must be set");
        return new DatabaseRollback(existingWritable(settings), settings).toTag(tag);
    }

    /**
     * Run by an older release on a database a newer release upgraded: undoes the changesets this
     * release does not know, newest first, from what the database recorded of each, without the
     * newer release's changelog (on SQLite: under the upgrade lock, with a snapshot, all or nothing;
     * values only the newer release knew are archived). Returns them (empty when there is nothing to
     * undo). A changeset applied before posdb recorded what it does cannot be undone this way: the
     * database is left as it was (kind MIGRATION_FAILED, naming it).
     */
    public static List<AppliedChangeSet> downgrade(PosDatabaseSettings settings) throws PosDatabaseException {
        return new DatabaseDowngrade(existingWritable(settings), settings).run();
    }

    /**
     * Rolls back the last {@code count} applied changesets, as {@link #rollbackToTag} does. A count beyond the
     * applied history (any count on a legacy shop or an empty file, which have none) fails with kind
     * NOT_IN_HISTORY, naming both numbers, and leaves the database as it was.
     */
    public static List<AppliedChangeSet> rollbackCount(PosDatabaseSettings settings, int count)
            throws PosDatabaseException {
        PosDatabaseSettings.require(count >= 1, "count must be at least 1, got " + count);
        return new DatabaseRollback(existingWritable(settings), settings).count(count);
    }

    /**
     * Runs the whole upgrade and Hibernate's validation on a copy of an SQLite file; the file itself
     * is only read. A database this release must refuse (newer, edited) is refused as boot refuses it, and so is
     * one this account cannot write (kind NOT_WRITABLE, boot's words), whether changesets are pending or not, before
     * the copy is made: its upgrade is not tried.
     */
    public static RehearsalReport rehearse(PosDatabaseSettings settings) throws PosDatabaseException {
        SqliteDatabase file = existingFileAsTheNextBootFindsIt(settings, "rehearse", true);
        try {
            return new UpgradeRehearsal(file, settings).run();
        } catch (IOException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(file, e);
        }
    }

    /**
     * The SQL an upgrade of an SQLite file would run, computed on a copy: the file stays
     * byte-identical. Refuses a newer or edited database as boot does.
     */
    public static String updateSql(PosDatabaseSettings settings) throws PosDatabaseException {
        SqliteDatabase file = existingFileAsTheNextBootFindsIt(settings, "updateSql", false);
        try {
            return UpdateSqlPreview.of(file, settings.changelog());
        } catch (IOException | MigrationException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(file, e);
        }
    }

    /**
     * Releases Liquibase's lock on an SQLite file when a dead process left it; refused (kind LOCKED)
     * while a live process holds the file's upgrade lock.
     */
    public static ReleasedLocks releaseStaleLocks(PosDatabaseSettings settings) throws PosDatabaseException {
        SqliteDatabase file = sqliteFile(settings, "releaseStaleLocks");
        PosDatabaseChecks.requireExisting(settings);
        return StaleLocks.release(file);
    }

    /**
     * Hibernate's validation of the schema against the entities, nothing else (no upgrade, no
     * pool), writing nothing (a WAL file's {@code -wal} stays as it is): kind INVALID_SCHEMA names the
     * table and column that do not match, unless boot refuses the database before it validates
     * ({@link #refusedAsBootRefusesIt}): then boot's refusal (NEWER_DATABASE, CHANGESET_EDITED).
     */
    public static void validate(PosDatabaseSettings settings) throws PosDatabaseException {
        // Validating must not create the file it checks; after an interrupted upgrade it judges what the boot restores.
        TillDatabase database = PosDatabaseChecks.existingAsTheNextBootFindsIt(settings);
        try {
            // Validating writes nothing: Hibernate reads a WAL file through the read-only handle, so the
            // close of its last connection does not checkpoint the -wal into the file.
            database.readWithoutWriting(readable -> {
                try (SessionFactory ignored = HibernateSchema.buildValidated(readable.dataSource(), database.engine(),
                        settings.hibernateProperties())) {
                    return null; // building it validated the schema
                }
            });
        } catch (RuntimeException e) {
            PosDatabaseException failure = DatabaseBootstrap.validationFailure(database, e);
            throw failure.kind() == BootFailure.INVALID_SCHEMA ? refusedAsBootRefusesIt(database, settings, failure)
                    : failure;
        }
    }

    /**
     * A schema that does not match the entities on a database boot refuses before it validates, by boot's guard
     * ({@link PosDatabaseChecks#refuseNewerOrEdited}: a newer release upgraded it with changesets this release does
     * not run on, as a rename of a column the entities map; or a changeset was edited): that refusal, in boot's words
     * and kind, as status, drift, rehearse and update-sql give it, since the schema is the newer release's, not a
     * damaged one, and the way out is that release or posdb downgrade. The mismatch is kept, suppressed. Asked only
     * once the schema does not match: a database whose schema matches validates, whoever upgraded it, without the
     * changelog being read. A plan that cannot be read leaves the mismatch as it is, the plan's failure suppressed.
     */
    private static PosDatabaseException refusedAsBootRefusesIt(TillDatabase database, PosDatabaseSettings settings,
                                                               PosDatabaseException mismatch) {
        MigrationPlan plan;
        try {
            plan = DatabaseChecks.plan(database, settings.changelog());
        } catch (PosDatabaseException unread) {
            mismatch.addSuppressed(unread);
            return mismatch;
        }
        try {
            PosDatabaseChecks.refuseNewerOrEdited(plan, settings);
            return mismatch;
        } catch (PosDatabaseException refused) {
            refused.addSuppressed(mismatch);
            return refused;
        }
    }

    /** The database, existing and writable: a rollback or downgrade must not create the file it undoes. */
    private static TillDatabase existingWritable(PosDatabaseSettings settings) throws PosDatabaseException {
        PosDatabaseChecks.requireExisting(settings);
        PosDatabaseChecks.requireWritable(settings);
        return settings.database();
    }

    /**
     * The file a rehearsal or a preview copies, after {@link #sqliteFile}: the file as the next boot
     * finds it ({@link PosDatabaseChecks#existingAsTheNextBootFindsIt}: after an interrupted upgrade, the snapshot it
     * restores first), refused as boot refuses it when newer or edited, and, when {@code upgraded} (a rehearsal,
     * which says whether the upgrade would succeed), when this account cannot write it.
     */
    private static SqliteDatabase existingFileAsTheNextBootFindsIt(PosDatabaseSettings settings, String operation,
                                                                  boolean upgraded) throws PosDatabaseException {
        sqliteFile(settings, operation);
        SqliteDatabase found = (SqliteDatabase) PosDatabaseChecks.existingAsTheNextBootFindsIt(settings);
        if (upgraded) {
            try {
                // Boot's own write check on the shop's file, before the plan as boot makes it, so with nothing pending
                // too: an upgrade of a copy this account may write says nothing of the shop's, which boot and update
                // by this account refuse.
                PosDatabaseChecks.requireWritable(settings);
            } catch (PosDatabaseException e) {
                throw e.followedBy(" — " + settings.database().description() + " was not touched: the rehearsal "
                        + "refused it as boot and update refuse it, before copying it (its upgrade on a copy was not "
                        + "tried)", AfterFailure.NOT_TOUCHED);
            }
        }
        PosDatabaseChecks.refuseNewerOrEdited(DatabaseChecks.plan(found, settings.changelog()), settings);
        return found;
    }

    /** The operations that copy or lock a file work on an SQLite file only. */
    private static SqliteDatabase sqliteFile(PosDatabaseSettings settings, String operation) {
        PosDatabaseSettings.require(settings.database() instanceof SqliteDatabase, operation
                + " works on an SQLite file; the settings name " + settings.database().description());
        return (SqliteDatabase) settings.database();
    }
}
