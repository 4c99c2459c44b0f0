package io.posdb.database;

import io.posdb.files.PrivateFiles;
import io.posdb.files.TemporaryFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A private copy of an SQLite file as SQLite will read it once its hot {@code -journal} (a transaction a
 * power cut left half written, in DELETE mode) is rolled back, for a reader that must not roll it back in
 * the original ({@link SqliteDatabase#readFileWithoutWriting}). It is made only when SQLite cannot read the
 * file as it is ({@link #isNeededToRead}): beside a live journal (a till's transaction still running) SQLite's
 * readers read the main file, and so does posdb, without copying a shop of hundreds of MB. The file and its
 * journal are copied byte for byte, then opened, so SQLite rolls the journal back in the copy. The main file
 * is copied first: SQLite writes a page's original into the journal before it changes the page, and the
 * journal only grows while its transaction lasts, so the journal copied after holds the original of every
 * page the copied file has changed, even with a till writing meanwhile (one that holds the file beyond the
 * busy timeout). A transaction that ends during the copy (committed, or rolled back by a till opening the
 * file) leaves no journal to copy, or one without its header (TRUNCATE, PERSIST): the copied file may then
 * hold half of it, so the copy is thrown away and made again, if the file still has a transaction in its journal.
 *
 * <p>The copy lives alone in a new private temporary folder ({@link TemporaryFolder}: {@code 0700}, removed
 * when closed, when the process stops, or by the next process after a kill) and has the original's
 * permissions or stricter ({@link PrivateFiles#createLike}): it holds the same PIN hashes and sales.
 *
 * @param file the copy, its journal rolled back
 */
record RolledBackCopy(TemporaryFolder folder, Path file) implements AutoCloseable {

    private static final String PREFIX = "posdb-read-";
    /** A till that commits during every copy is writing all the while: the reader is told to try again. */
    private static final int ATTEMPTS = 3;

    /**
     * Whether the file {@code readOnly} (a plainly read-only handle) opens, whose {@code -journal} holds a
     * transaction, can be read only on a copy with that journal rolled back. SQLite judges, as it does for
     * its own readers, with a read of {@code sqlite_schema}: its lock protocol tells a live journal (the
     * writer holds its RESERVED lock: the main file is unchanged until the commit, and is read as it is) from
     * a hot one (no writer: SQLITE_READONLY_ROLLBACK, which a read-only connection cannot roll back). A writer
     * that is committing holds its EXCLUSIVE lock briefly and the read waits (the handle's busy timeout); one
     * that keeps it longer has spilled pages of its transaction into the main file, and the copy reads the
     * file without waiting for its commit. posdb takes no file lock of its own on the file: POSIX locks are
     * per process, and closing any channel on it would drop the SQLite locks of a till in the same process.
     * Any other answer (a damaged file, say) is not the journal's: the reader meets it and reports it.
     */
    static boolean isNeededToRead(SqliteDatabase readOnly) {
        try (Connection connection = readOnly.open(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM sqlite_schema").close();
            return false;
        } catch (SQLException e) {
            return metAHotJournal(e) || e instanceof SQLiteException sqlite
                    && sqlite.getResultCode().name().startsWith("SQLITE_BUSY");
        }
    }

    /**
     * Whether {@code error} is, or was caused by, SQLite refusing to read a file whose {@code -journal} is hot:
     * its writer died after {@link #isNeededToRead} found it alive.
     */
    static boolean metAHotJournal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK) {
                return true;
            }
        }
        return false;
    }

    /**
     * The copy of {@code original} with its journal rolled back; empty when the file has no {@code -journal}
     * holding a transaction ({@link SideFiles#journalHoldsATransaction}), or no longer has one.
     *
     * @throws IOException the copy could not be made (the temporary folder missing, not writable or full),
     *                     or SQLite could not roll the journal back in it (its cause is SQLite's error)
     */
    static Optional<RolledBackCopy> of(Path original) throws IOException {
        for (int attempt = 1; SideFiles.journalHoldsATransaction(original); attempt++) {
            Optional<RolledBackCopy> copy = attempt(original);
            if (copy.isPresent()) {
                return copy;
            }
            if (attempt == ATTEMPTS) {
                throw new IOException("the transaction in " + SideFiles.sibling(original, SideFiles.JOURNAL)
                        + " ended while it was being copied, " + ATTEMPTS + " times (a program writing to the file "
                        + "all the while): run the command again");
            }
        }
        return Optional.empty();
    }

    /** One copy; empty when the transaction ended during it. */
    private static Optional<RolledBackCopy> attempt(Path original) throws IOException {
        TemporaryFolder folder = TemporaryFolder.createForCopyOf(PREFIX, original);
        Path file = folder.path().resolve(original.getFileName());
        Path journal = SideFiles.sibling(file, SideFiles.JOURNAL);
        try {
            copyBytes(original, PrivateFiles.createLike(original, file), folder);
            try {
                copyBytes(SideFiles.sibling(original, SideFiles.JOURNAL), PrivateFiles.createLike(original, journal),
                        folder);
            } catch (NoSuchFileException ended) {
                folder.close(); // DELETE mode: the transaction ended after the main file was copied
                return Optional.empty();
            }
            if (!SideFiles.journalHoldsATransaction(file)) {
                folder.close(); // TRUNCATE or PERSIST mode: the same
                return Optional.empty();
            }
            try (Connection connection = SqliteDatabase.at(file).open();
                 Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM sqlite_schema").close(); // the first read rolls back
            }
            return Optional.of(new RolledBackCopy(folder, file));
        } catch (IOException | SQLException | RuntimeException e) {
            folder.closeAfter(e); // the copy's own failure is the one to report
            throw e instanceof IOException io ? io : new IOException("SQLite cannot roll back the -journal of a "
                    + "private copy of " + original + ": " + e.getMessage(), e);
        }
    }

    private static void copyBytes(Path from, Path to, TemporaryFolder folder) throws IOException {
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Files.copy(from, out);
        } catch (NoSuchFileException gone) {
            throw gone; // the original or its journal is gone: the caller decides
        } catch (IOException e) {
            throw new IOException("Cannot copy " + from + " into the private folder " + folder.path() + ": " + e
                    + ". " + TemporaryFolder.ANOTHER_FOLDER, e);
        }
    }

    /** Deletes the copy and its folder; a folder left behind is removed by the next posdb process. */
    @Override
    public void close() throws IOException {
        try {
            folder.close();
        } catch (IOException e) {
            throw new IOException("Could not remove the private copy " + folder.path() + ": " + e, e);
        }
    }
}
