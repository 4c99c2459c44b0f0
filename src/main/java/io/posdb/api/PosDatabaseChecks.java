package io.posdb.api;

import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.PlanGuards;
import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.doctor.Doctor;
import io.posdb.doctor.SupportBundle;
import io.posdb.report.DoctorReport;
import java.nio.file.Path;
import java.util.function.Function;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import io.posdb.runs.InterruptedRun;
import io.posdb.runs.UpgradeRuns;
import io.posdb.upgrade.DatabaseChecks;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checks an operator tool runs before it touches a database, and the plan {@code posdb status}
 * reports: the same checks {@link PosDatabase#boot} runs, so the same problem gets the same kind
 * and message from every entry point; and the record of past upgrades ({@link #runs}). None of them writes, nor
 * creates a missing SQLite file (SQLite would, opening it).
 */
public final class PosDatabaseChecks {

    /** Why nothing is compared on a file an interrupted upgrade was creating: the next boot removes it. */
    private static final String NO_DATABASE_YET = "no database yet (an interrupted upgrade was creating the file; "
            + "the next boot removes it and starts again)";

    private PosDatabaseChecks() {
    }

    /**
     * The database can be opened: an SQLite file that exists has a whole SQLite header (a missing
     * one is fine: boot creates it); a server accepts the connection and the credentials.
     */
    public static void requireUsable(PosDatabaseSettings settings) throws PosDatabaseException {
        DatabaseChecks.requireUsable(settings.database(), false);
    }

    /** As {@link #requireUsable}, and an SQLite file must exist: a tool that only reads must not create it. */
    public static void requireExisting(PosDatabaseSettings settings) throws PosDatabaseException {
        DatabaseChecks.requireUsable(settings.database(), true);
    }

    /** For a tool about to write: an existing SQLite file and its folder are writable. */
    public static void requireWritable(PosDatabaseSettings settings) throws PosDatabaseException {
        DatabaseChecks.requireWritable(settings.database());
    }

    /**
     * The plan of the settings' changelog against the database (pending, unknown to this release,
     * edited after applied), read without writing anything.
     */
    public static MigrationPlan plan(PosDatabaseSettings settings) throws PosDatabaseException {
        return DatabaseChecks.planOfTheNextBoot(settings.database(), settings.changelog());
    }

    /**
     * Whether the next boot finds a database: an SQLite file that exists and that an interrupted upgrade was not
     * creating (the boot removes such a file and starts again); a server always. Logs nothing, writes nothing.
     */
    public static boolean exists(PosDatabaseSettings settings) throws PosDatabaseException {
        return DatabaseChecks.existsForTheNextBoot(settings.database());
    }

    /**
     * The database a tool that only reads it reads, as the next boot will find it, after {@link #requireExisting}:
     * after an interrupted upgrade of an SQLite file, the snapshot the boot restores first, read-only (said in one
     * WARN line; nothing is restored here, the folder stays as it was), and a file that upgrade was creating is
     * refused as a missing one (the boot removes it: there is no database yet). Otherwise the settings' database.
     */
    public static TillDatabase existingAsTheNextBootFindsIt(PosDatabaseSettings settings)
            throws PosDatabaseException {
        return DatabaseChecks.requireExistingAsTheNextBootFindsIt(settings.database());
    }

    /**
     * Refuses, in the boot's words and with its kind, a database a newer release upgraded (unless
     * {@link PosDatabaseSettings.Builder#allowNewerDatabase}) or one with an edited changeset.
     */
    public static void refuseNewerOrEdited(PosDatabaseSettings settings) throws PosDatabaseException {
        refuseNewerOrEdited(plan(settings), settings);
    }

    /** The same refusal for a plan the caller already has (to report it before refusing). */
    public static void refuseNewerOrEdited(MigrationPlan plan, PosDatabaseSettings settings)
            throws PosDatabaseException {
        PlanGuards.refuseNewerOrEdited(plan, settings.database(), settings.allowNewerDatabase());
    }

    /**
     * The same decision without its WARN, for a check repeated while the application runs on the database (a
     * health): refused here exactly where the boot refuses; a newer release's changesets all recorded compatible, or
     * {@link PosDatabaseSettings.Builder#allowNewerDatabase}, pass, as the boot starts on them.
     */
    public static void refuseNewerOrEditedSilently(MigrationPlan plan, PosDatabaseSettings settings)
            throws PosDatabaseException {
        PlanGuards.refuse(plan, settings.database(), settings.allowNewerDatabase(), true, false);
    }

    /**
     * Boot's drift check, reported instead of logged: the live schema against what its applied
     * changesets produce (on SQLite settled by the build's recorded fingerprint when it matches,
     * otherwise by a full comparison in a scratch database). It writes nothing to the database, and a file that
     * does not exist is not created: it is reported as not compared, {@link DriftReport#NO_CHANGESET_APPLIED}.
     */
    public static DriftReport drift(PosDatabaseSettings settings) throws PosDatabaseException {
        Optional<TillDatabase> found = DatabaseChecks.asTheNextBootFindsIt(settings.database());
        if (found.isEmpty()) {
            // A missing file is what a new database was always reported as: nothing applied yet (not created here).
            return DriftReport.notCompared(settings.database().description(),
                    fileExists(settings) ? NO_DATABASE_YET : DriftReport.NO_CHANGESET_APPLIED);
        }
        try {
            return new DriftCheck(found.get(), settings.changelog()).checkAtBoot();
        } catch (MigrationException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(settings.database(), e);
        }
    }

    /**
     * The applied changesets in the order they ran, with their tags ({@code posdb history}); empty on a new database,
     * and on a file that does not exist (not created: {@link #requireExisting} first to refuse a missing one).
     */
    public static List<HistoryEntry> history(PosDatabaseSettings settings) throws PosDatabaseException {
        Optional<TillDatabase> found = DatabaseChecks.asTheNextBootFindsIt(settings.database());
        if (found.isEmpty()) {
            return List.of();
        }
        try {
            return new MigrationRecords(found.get()).history();
        } catch (SQLException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(settings.database(), e);
        }
    }

    /**
     * The record of every upgrade and rollback of the database, newest first (issue 22 §3): when each ran,
     * release from → to, its outcome (applied, failed and restored, killed and restored by the next command that
     * writes), the process and host, and each changeset with its duration, rows written and full message. Reads
     * only; an SQLite file that does not exist, or a database no attempt wrote to, has none. Read as the next boot
     * finds the database, as {@link #history} is: after a killed run of an SQLite file (its marker and snapshot beside
     * it), the snapshot's record, which the restore keeps, and first the killed run itself as its marker names it,
     * {@link UpgradeRun#INTERRUPTED}, its message saying what restores the snapshot (the record the restore then
     * writes under its id says {@link UpgradeRun#KILLED_RESTORED}); not the half-changed file, whose {@code started}
     * row the restore replaces.
     */
    public static List<UpgradeRun> runs(PosDatabaseSettings settings) throws PosDatabaseException {
        TillDatabase database = settings.database();
        requireUsable(settings); // a vanished shop refused, a missing file not created
        Optional<DatabaseChecks.Found> found = DatabaseChecks.foundByTheNextBoot(database);
        if (found.isEmpty()) {
            // No file (not created here), or one an interrupted run was creating: its restore removes it, keeping no record.
            return List.of();
        }
        try {
            return Stream.concat(found.get().restoredFirst().map(InterruptedRun::asListed).stream(),
                    UpgradeRuns.read(found.get().database()).stream()).toList();
        } catch (SQLException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /** Whether the settings name an SQLite file that is there (a server: true), looked at without opening it. */
    private static boolean fileExists(PosDatabaseSettings settings) {
        return !(settings.database() instanceof SqliteDatabase sqlite) || Files.exists(sqlite.file());
    }

    /**
     * {@code posdb doctor}: every check of the database as a whole (the file, locks, history against
     * the changelog, the last upgrade, drift, objects the changelog does not own, data the entities
     * would reject, snapshots; on PostgreSQL the connected sessions), each OK, WARN or FAIL with one
     * line of evidence and the command to run next. Writes nothing; never throws for what it finds:
     * a file SQLite cannot read is a FAIL in the report ({@link DoctorReport#exitCode()} is the
     * documented exit code of the first failure).
     */
    public static DoctorReport doctor(PosDatabaseSettings settings) {
        return Doctor.examine(settings.database(), settings.changelog());
    }

    /**
     * Writes a support bundle of {@code report} (one zip, private to its owner, all or nothing) to
     * {@code file}; {@code json} writes a record as JSON (the caller's mapper). It holds no personal
     * data by construction ({@link SupportBundle}). An existing file is an
     * {@code IllegalArgumentException} unless {@code replace}.
     */
    public static void writeSupportBundle(PosDatabaseSettings settings, DoctorReport report, Path file,
                                          boolean replace, Function<Object, String> json) throws PosDatabaseException {
        SupportBundle.write(settings.database(), report, file, replace, json);
    }
}
