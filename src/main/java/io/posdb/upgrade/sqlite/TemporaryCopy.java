package io.posdb.upgrade.sqlite;

import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.PrivateFiles;
import io.posdb.files.TemporaryFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * A throwaway consistent copy of a shop's database ({@link SqliteBackup}, from a read-only
 * handle: the original is not touched, not even by an {@code -shm}), for work that
 * must not touch the original (a rehearsal, update-sql's preview). It lives alone in a new
 * temporary folder that only the owner can enter ({@code 0700}), and the copy, with whatever
 * is made beside it (its lock, its side files, a snapshot an upgrade of it takes), has the
 * original's permissions or stricter ({@link PrivateFiles}). Closing deletes the folder; so does
 * stopping the process, and a killed process's folder is removed by the next ({@link TemporaryFolder}).
 */
public record TemporaryCopy(TemporaryFolder temporary, SqliteDatabase database) implements AutoCloseable {

    /** Copies {@code original} into a new private folder named {@code prefix...}; the copy keeps its file name. */
    public static TemporaryCopy of(SqliteDatabase original, String prefix) throws IOException {
        TemporaryFolder folder = folderFor(original.file(), prefix);
        Path file = folder.path().resolve(original.file().getFileName());
        List<Path> sideFilesBefore = SideFiles.present(original.file());
        try {
            SqliteBackup.copy(SqliteDatabase.readOnlyAt(original.file()), file);
        } catch (IOException | RuntimeException e) {
            try {
                folder.close();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup); // the copy's own failure is the one to report
            }
            if (DatabaseFailures.placeFailure(e).orElse(null) == BootFailure.NOT_WRITABLE) {
                throw notWritable(noRoom(folder.path().getParent(), original.file()), e);
            }
            throw e;
        } finally {
            // The read-only handle may have created the original's -shm (a -wal beside it, no -shm).
            SideFiles.removeNew(original.file(), sideFilesBefore);
        }
        return new TemporaryCopy(folder, SqliteDatabase.at(file));
    }

    /**
     * A copy of {@code original} as SQLite will read it once its hot {@code -journal} (a transaction a
     * power cut left half written, in DELETE mode) is rolled back, for a reader that must not roll it
     * back in the original (the doctor): the file and its journal are copied byte for byte, then
     * opened, so SQLite rolls the journal back in the copy. The main file is copied first: SQLite writes a
     * page's original into the journal before it changes the page, and the journal only grows while its
     * transaction lasts, so the journal copied after holds the original of every page the copied file
     * has changed, even with a till writing meanwhile. If the transaction ends during the copy (committed,
     * or rolled back by a till opening the file), the journal is deleted (DELETE mode, SQLite's default) and
     * the copy fails, saying so.
     * Empty when the file has no {@code -journal} holding a transaction ({@link SideFiles#journalHoldsATransaction}).
     */
    public static Optional<TemporaryCopy> withJournalRolledBack(Path original, String prefix) throws IOException {
        if (!SideFiles.journalHoldsATransaction(original)) {
            return Optional.empty();
        }
        Path journal = SideFiles.sibling(original, SideFiles.JOURNAL);
        TemporaryFolder folder = folderFor(original, prefix);
        Path file = folder.path().resolve(original.getFileName());
        try {
            copyBytes(original, PrivateFiles.createLike(original, file));
            copyBytes(journal, PrivateFiles.createLike(original, SideFiles.sibling(file, SideFiles.JOURNAL)));
            SqliteDatabase copy = SqliteDatabase.at(file);
            try (Connection connection = copy.open(); Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM sqlite_schema").close(); // the first read rolls back
            }
            return Optional.of(new TemporaryCopy(folder, copy));
        } catch (IOException | SQLException | RuntimeException e) {
            try {
                folder.close();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof IOException io ? io : new IOException("Cannot roll back the -journal of a copy of "
                    + original + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * The private folder in the system's temporary folder; one that does not exist or cannot be written
     * (a wrong {@code java.io.tmpdir}) is the place's failure (exit 7), named with the setting to change.
     */
    private static TemporaryFolder folderFor(Path original, String prefix) throws IOException {
        try {
            return TemporaryFolder.create(prefix, original);
        } catch (IOException e) {
            String temporary = System.getProperty("java.io.tmpdir");
            throw notWritable("Cannot make a private folder for a copy of " + original + " in the temporary folder "
                    + temporary + " (java.io.tmpdir): " + FailureReason.of(e) + ". Give Java a temporary folder it can "
                    + "write (-Djava.io.tmpdir=<folder>; for posdb: JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>); "
                    + "the database was not touched", e);
        }
    }

    /** The place's failure, exit 7 from every command: the kind travels as the cause ({@link DatabaseFailures#of}). */
    private static IOException notWritable(String message, Exception cause) {
        return new IOException(message, new PosDatabaseException(BootFailure.NOT_WRITABLE, message, cause));
    }

    /**
     * The temporary folder is full (a small {@code /tmp} in memory, a shop larger than it): the database is not
     * at fault and was not touched. Says how much room there is and is needed, and how to give Java another folder.
     */
    private static String noRoom(Path temporary, Path original) {
        String free;
        String needed;
        try {
            free = Files.getFileStore(temporary).getUsableSpace() + " bytes free";
            needed = "about " + (Files.size(original) + (Files.exists(SideFiles.sibling(original, SideFiles.WAL))
                    ? Files.size(SideFiles.sibling(original, SideFiles.WAL)) : 0)) + " bytes";
        } catch (IOException unknown) {
            free = "no room";
            needed = "its size";
        }
        return "The temporary folder " + temporary + " has " + free + ", and the private copy of " + original
                + " needs " + needed + ": free space there, or give Java a temporary folder with room "
                + "(-Djava.io.tmpdir=<folder>; for posdb: JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>); the database "
                + "was not touched";
    }

    private static void copyBytes(Path from, Path to) throws IOException {
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Files.copy(from, out);
        }
    }

    public Path file() {
        return database.file();
    }

    /** The private folder the copy is in. */
    public Path folder() {
        return temporary.path();
    }

    /** Deletes the copy and everything beside it (its lock, side files and snapshots), then the folder. */
    @Override
    public void close() throws IOException {
        temporary.close();
    }
}
