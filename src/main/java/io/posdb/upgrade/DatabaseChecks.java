package io.posdb.upgrade;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PlanGuards;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.upgrade.sqlite.DatabaseFileCheck;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The checks every command runs before it touches a database, the same ones the boot
 * runs, so the same problem gets the same failure and message from every command.
 */
public final class DatabaseChecks {

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
                }
            } else if (mustExist) {
                throw new PosDatabaseException(BootFailure.MISSING_DATABASE, "Database file " + sqlite.file()
                        + " does not exist");
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
        Optional<String> vanished;
        try {
            vanished = new UpgradeSnapshots(sqlite).vanishedShop();
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot read database " + sqlite.file()
                    + " or the snapshots beside it: " + FailureReason.of(e), e);
        }
        if (vanished.isPresent()) {
            throw new PosDatabaseException(BootFailure.MISSING_DATABASE, vanished.get());
        }
    }

    private static Optional<Path> fileAfterRestore(SqliteDatabase sqlite) throws PosDatabaseException {
        UpgradeSnapshots snapshots = new UpgradeSnapshots(sqlite);
        try {
            return snapshots.fileAfterRestore();
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot read " + snapshots.marker()
                    + ", the marker of an interrupted upgrade of " + sqlite.file() + ": " + FailureReason.of(e), e);
        }
    }

    /** A command about to write: an SQLite file and its folder must be writable. */
    public static void requireWritable(TillDatabase database) throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite && Files.exists(sqlite.file())) {
            DatabaseFileCheck.checkWritable(sqlite.file());
        }
    }

    /**
     * Refuses, as the boot does, a database written by a newer release or with an edited changeset;
     * with {@code allowNewerDatabase} a newer database is only warned about, as boot does.
     */
    public static void refuseNewerOrEdited(TillDatabase database, ChangelogSource changelog,
                                           boolean allowNewerDatabase) throws PosDatabaseException {
        PlanGuards.refuseNewerOrEdited(plan(database, changelog), database.description(), allowNewerDatabase);
    }

    /**
     * What {@code posdb status} reports: the plan of this changelog against the database, read only; a
     * history that cannot be read fails as the boot's does.
     */
    public static MigrationPlan plan(TillDatabase database, ChangelogSource changelog) throws PosDatabaseException {
        try {
            return new LiquibaseMigrations(database, changelog).plan();
        } catch (MigrationException | CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(database, e);
        }
    }
}
