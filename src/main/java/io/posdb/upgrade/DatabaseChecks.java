package io.posdb.upgrade;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.MigrationPlan;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runs.InterruptedRun;
import io.posdb.upgrade.sqlite.DatabaseFileCheck;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every command runs before it touches a database, the same ones the boot
 * runs, so the same problem gets the same failure and message from every command.
 */
public final class DatabaseChecks {

    private static final Logger log = LoggerFactory.getLogger(DatabaseChecks.class);

    private DatabaseChecks() {
    }

    /**
     * The database can be opened: an SQLite file has a whole SQLite header (and exists, when
     * {@code mustExist}: commands that only read must not create it); a server accepts the
     * connection and the credentials. After an interrupted upgrade, the snapshot that the next
     * boot restores first is judged, not the main file it replaces.
     */
    public static void requireUsable(TillDatabase database, boolean mustExist) throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite) {
            refuseAVanishedShop(sqlite);
            if (Files.exists(sqlite.file())) {
                Optional<Path> judged = fileAfterRestore(sqlite);
                if (judged.isPresent()) {
                    DatabaseFileCheck.checkHeader(judged.get());
                } else if (mustExist && upgradeRunningNow(sqlite).isEmpty()) {
                    throw notADatabaseYet(sqlite);
                }
            } else if (mustExist) {
                throw missing(sqlite);
            }
            return;
        }
        try (Connection ignored = database.open()) {
            // Connecting proves the server, the database name and the credentials.
        } catch (SQLException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /**
     * A missing or empty file whose snapshots say it held a shop ({@link UpgradeSnapshots#vanishedShop}): every
     * command says so, in the boot's words, rather than report "no database yet, a boot creates it".
     */
    public static void refuseAVanishedShop(SqliteDatabase sqlite) throws PosDatabaseException {
        try {
            Optional<String> vanished = new UpgradeSnapshots(sqlite).vanishedShop();
            if (vanished.isPresent()) {
                throw new PosDatabaseException(BootFailure.MISSING_DATABASE, vanished.get());
            }
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot read database " + sqlite.file()
                    + " or the snapshots beside it: " + FailureReason.of(e), e);
        }
    }

    /**
     * The database as the next boot will find it, for what only reads it (status, history, audit, drift, validate,
     * update-sql, rehearse, and the api's reads of the plan and the history): after an interrupted upgrade, the boot
     * restores the snapshot its marker names before it reads anything ({@link UpgradeSnapshots#fileAfterRestore}),
     * so that snapshot is read, read-only, and not the file the killed process left half upgraded; nothing is
     * restored here (that needs the upgrade lock and writes). Empty when the interrupted upgrade had created the
     * file: the boot removes it, so there is no database yet. Either is said in one WARN line, in the doctor's words.
     * Empty too, without a WARN, when there is no file: reading one would open it, and SQLite would create it empty
     * (the shop's path taken by a 0-byte file a boot then has to tell from a vanished shop). Any other database is
     * itself, and so is a file whose upgrade is still running ({@link #markerTheNextBootFinishes}). A missing or empty
     * file whose snapshots say it held a shop is refused as the boot refuses it ({@link #refuseAVanishedShop}): the
     * next boot finds no new database there, and the api's reads say so as every command does.
     */
    public static Optional<TillDatabase> asTheNextBootFindsIt(TillDatabase database) throws PosDatabaseException {
        return foundByTheNextBoot(database).map(Found::database);
    }

    /**
     * What {@link #asTheNextBootFindsIt} reads, and the run whose snapshot that is.
     *
     * @param database     the database, or the snapshot the next boot restores first (read-only)
     * @param restoredFirst the run the snapshot's marker names, not restored yet, so its record is not in the
     *                      snapshot ({@code history --runs} lists it from its marker); empty when {@code database} is
     *                      the database itself
     */
    public record Found(TillDatabase database, Optional<InterruptedRun> restoredFirst) {
    }

    /**
     * {@link #asTheNextBootFindsIt}, with the run whose snapshot it reads, both from one read of the marker: a
     * second read could find it gone (a restore finished in between) and tell of another file than the one read.
     */
    public static Optional<Found> foundByTheNextBoot(TillDatabase database) throws PosDatabaseException {
        if (!(database instanceof SqliteDatabase sqlite)) {
            return Optional.of(new Found(database, Optional.empty()));
        }
        refuseAVanishedShop(sqlite);
        if (!Files.exists(sqlite.file())) {
            return Optional.empty(); // nothing to read, and nothing to finish: a boot creates it
        }
        Optional<UpgradeSnapshots.Interrupted> marker = markerTheNextBootFinishes(sqlite);
        if (marker.isEmpty()) {
            return Optional.of(new Found(database, Optional.empty())); // no marker, or an upgrade still running
        }
        Optional<InterruptedRun> interrupted = InterruptedRun.of(new UpgradeSnapshots(sqlite), marker.get());
        if (interrupted.isEmpty()) {
            log.warn("No database at {} yet: {}", sqlite.file(), creatingInterrupted(sqlite));
            return Optional.empty();
        }
        String sentence = interrupted.get().sentence(true);
        log.warn("{}; what follows is read from the snapshot", Character.toUpperCase(sentence.charAt(0))
                + sentence.substring(1));
        return Optional.of(new Found(SqliteDatabase.readOnlyAt(sqlite.file().resolveSibling(interrupted.get()
                .snapshot())), interrupted));
    }

    /**
     * The run whose snapshot the next boot restores before it reads anything, when {@link #asTheNextBootFindsIt} reads
     * that snapshot ({@link Found#restoredFirst}), for what reads no database: empty for a database without a marker,
     * a server, a file whose upgrade is still running, and one an interrupted upgrade was creating (the boot removes
     * it and keeps no record). Writes nothing, logs nothing.
     */
    public static Optional<InterruptedRun> runTheNextBootRestores(TillDatabase database) throws PosDatabaseException {
        if (!(database instanceof SqliteDatabase sqlite) || !Files.exists(sqlite.file())) {
            return Optional.empty();
        }
        return markerTheNextBootFinishes(sqlite)
                .flatMap(marker -> InterruptedRun.of(new UpgradeSnapshots(sqlite), marker));
    }

    /**
     * {@link #asTheNextBootFindsIt} of a database that must exist ({@link #requireUsable}): a file an interrupted
     * upgrade was creating is refused as a missing one is.
     */
    public static TillDatabase requireExistingAsTheNextBootFindsIt(TillDatabase database) throws PosDatabaseException {
        requireUsable(database, true);
        // Only a file is ever being created (or gone since requireUsable found it: refused as missing then).
        return asTheNextBootFindsIt(database).orElseThrow(() -> missingOrNotADatabaseYet((SqliteDatabase) database));
    }

    /** Whether the next boot finds a database ({@link #asTheNextBootFindsIt}), said without a WARN: status asks. */
    public static boolean existsForTheNextBoot(TillDatabase database) throws PosDatabaseException {
        // A marker that names no snapshot: the file is being created (the boot removes it).
        return !(database instanceof SqliteDatabase sqlite) || Files.exists(sqlite.file())
                && markerTheNextBootFinishes(sqlite).map(marker -> marker.snapshot() != null).orElse(true);
    }

    /** {@link #plan} of the database as the next boot finds it: everything pending when there is none yet. */
    public static MigrationPlan planOfTheNextBoot(TillDatabase database, ChangelogSource changelog)
            throws PosDatabaseException {
        Optional<TillDatabase> found = asTheNextBootFindsIt(database);
        if (found.isPresent()) {
            return plan(found.get(), changelog);
        }
        try {
            return MigrationPlan.of(ChangelogManifest.load(changelog, database.engine()), List.of());
        } catch (MigrationException e) {
            throw DatabaseFailures.of(database, e);
        }
    }

    /**
     * The marker of the interrupted run the next boot finishes first ({@link UpgradeSnapshots#interrupted}), read
     * once; empty without one, and while the upgrade that left it is still running: a live holder of the upgrade
     * lock (a boot upgrading now, or a provisional upgrade its application has not decided yet,
     * {@code io.posdb.api.ProvisionalUpgrade}) has not been interrupted, no boot will restore anything while it
     * runs, and the file is read as it is, as before the marker was written.
     */
    private static Optional<UpgradeSnapshots.Interrupted> markerTheNextBootFinishes(SqliteDatabase sqlite)
            throws PosDatabaseException {
        UpgradeSnapshots snapshots = new UpgradeSnapshots(sqlite);
        Optional<UpgradeSnapshots.Interrupted> marker;
        try {
            marker = snapshots.interrupted();
        } catch (IOException e) {
            throw cannotReadTheMarker(snapshots, e);
        }
        return marker.isPresent() && upgradeRunningNow(sqlite).isPresent() ? Optional.empty() : marker;
    }

    /**
     * The live process holding the file's upgrade lock (a boot upgrading now, a provisional upgrade not decided yet),
     * as {@link UpgradeLock#liveHolder} names it: beside it a marker is that of a run still going, not an interrupted
     * one the next boot restores. Empty when no process holds it.
     */
    public static Optional<String> upgradeRunningNow(SqliteDatabase sqlite) throws PosDatabaseException {
        // Only a lock file already there is asked (asking opens it, creating a missing one): the readers write
        // nothing, and every upgrade creates it before it writes its marker.
        return Files.exists(UpgradeLock.lockFile(sqlite.file())) ? UpgradeLock.liveHolder(sqlite.file())
                : Optional.empty();
    }

    private static PosDatabaseException missingOrNotADatabaseYet(SqliteDatabase sqlite) {
        return Files.exists(sqlite.file()) ? notADatabaseYet(sqlite) : missing(sqlite);
    }

    private static PosDatabaseException missing(SqliteDatabase sqlite) {
        return new PosDatabaseException(BootFailure.MISSING_DATABASE, "Database file " + sqlite.file()
                + " does not exist");
    }

    private static PosDatabaseException notADatabaseYet(SqliteDatabase sqlite) {
        return new PosDatabaseException(BootFailure.MISSING_DATABASE, "Database file " + sqlite.file()
                + " is not a database yet: " + creatingInterrupted(sqlite));
    }

    /** The doctor's words for a file an interrupted upgrade was creating. */
    private static String creatingInterrupted(SqliteDatabase sqlite) {
        return "an upgrade that created " + sqlite.file() + " was interrupted (" + new UpgradeSnapshots(sqlite).marker()
                .getFileName() + "): the next boot removes the file and starts again";
    }

    private static Optional<Path> fileAfterRestore(SqliteDatabase sqlite) throws PosDatabaseException {
        UpgradeSnapshots snapshots = new UpgradeSnapshots(sqlite);
        try {
            return snapshots.fileAfterRestore();
        } catch (IOException e) {
            throw cannotReadTheMarker(snapshots, e);
        }
    }

    private static PosDatabaseException cannotReadTheMarker(UpgradeSnapshots snapshots, IOException e) {
        return new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot read " + snapshots.marker()
                + ", the marker of an interrupted upgrade of " + snapshots.database().file() + ": "
                + FailureReason.of(e), e);
    }

    /** A command about to write: an SQLite file and its folder must be writable. */
    public static void requireWritable(TillDatabase database) throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite && Files.exists(sqlite.file())) {
            DatabaseFileCheck.checkWritable(sqlite.file());
        }
    }

    /**
     * What {@code posdb status} reports: the plan of this changelog against the database, read only; a
     * history that cannot be read fails as the boot's does.
     */
    public static MigrationPlan plan(TillDatabase database, ChangelogSource changelog) throws PosDatabaseException {
        return plan(database, new LiquibaseMigrations(database, changelog));
    }

    /** {@link #plan(TillDatabase, ChangelogSource)} through {@code migrations} on the database, which keep its manifest. */
    static MigrationPlan plan(TillDatabase database, LiquibaseMigrations migrations) throws PosDatabaseException {
        try {
            return migrations.plan();
        } catch (MigrationException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(database, e);
        }
    }
}
