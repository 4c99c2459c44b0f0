package io.posdb.upgrade.sqlite;

import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.PrivateFiles;
import io.posdb.files.TemporaryFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.sqlite.SQLiteException;

/**
 * A throwaway consistent copy of a shop's database ({@link SqliteBackup}, through the read that writes
 * nothing, {@link SqliteDatabase#readFileWithoutWriting}: the original is not touched, not even by an
 * {@code -shm}, and a hot {@code -journal} is rolled back in a copy of its own), for work that
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
        try {
            // Read as the read-only commands read: no -shm left beside the original, a hot -journal rolled back
            // in a private copy of its own, not in the shop's file.
            SqliteDatabase.readOnlyAt(original.file()).readFileWithoutWriting(readable -> {
                SqliteBackup.copy(readable, file);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            folder.closeAfter(e); // the copy's own failure is the one to report
            if (DatabaseFailures.placeFailure(e).orElse(null) == BootFailure.NOT_WRITABLE) {
                throw temporaryFolderFull(noRoom(folder.path().getParent(), original.file()), e);
            }
            throw e;
        }
        return new TemporaryCopy(folder, SqliteDatabase.at(file));
    }

    /**
     * The private folder in the system's temporary folder; one that does not exist or cannot be written
     * (a wrong {@code java.io.tmpdir}) is the place's failure (exit 7), named with the setting to change.
     */
    private static TemporaryFolder folderFor(Path original, String prefix) throws IOException {
        try {
            return TemporaryFolder.createForCopyOf(prefix, original);
        } catch (IOException e) {
            PosDatabaseException place = DatabaseFailures.temporaryFolder(e);
            throw new IOException(place.getMessage(), place);
        }
    }

    /**
     * The temporary folder's failure, exit 7 from every command: the kind travels as the cause
     * ({@link DatabaseFailures#of}), marked as the temporary folder's, so that no advice about the database's disk
     * follows the message's own.
     */
    private static IOException temporaryFolderFull(String message, Exception cause) {
        return new IOException(message, PosDatabaseException.ofTemporaryFolder(BootFailure.NOT_WRITABLE, message,
                cause));
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
                + "(" + TemporaryFolder.SETTING + "); the database was not touched";
    }

    /**
     * {@code error}, met by {@code work} on this copy (the rehearsal's upgrade of it), as the temporary folder's
     * failure when that folder refused a write outside any changeset (full, read-only: NOT_WRITABLE; the snapshot the
     * upgrade takes, Liquibase's tables, the run's record), else empty. The upgrade's own words name the copy's
     * private folder, gone once the copy is closed, and the shop as if its migration failed ("Migration failed on
     * shop: the disk is full (N bytes free in the private folder)"); these name the folder the operator can free or
     * replace, its room with the copy in it, and the setting that chooses another, as a copy it has no room for is
     * said ({@link #noRoom}). Marked as the temporary folder's: no advice about the database's disk follows. A
     * changeset the folder refused is left to its own report, which names the changeset.
     */
    public Optional<PosDatabaseException> refusedByTheTemporaryFolder(String work, PosDatabaseException error) {
        if (error.kind() != BootFailure.NOT_WRITABLE || FailedChangeSet.in(error).isPresent()) {
            return Optional.empty();
        }
        Path folder = temporary.path().getParent();
        Optional<Throwable> full = DatabaseFailures.diskFull(error);
        String words = FailureReason.of(full.or(() -> Causes.first(error, SQLiteException.class)).orElse(error));
        String room;
        try {
            room = Files.getFileStore(folder).getUsableSpace() + " bytes free with the copy in it";
        } catch (IOException unknown) {
            room = "no room";
        }
        String message = "The temporary folder " + folder + " (java.io.tmpdir) "
                + (full.isPresent() ? "has " + room + ", too little for " : "cannot be written for ") + work + ": "
                + words + ": " + (full.isPresent() ? "free space there" : "make it writable") + ", or give Java a "
                + "temporary folder with room (" + TemporaryFolder.SETTING + ")";
        return Optional.of(PosDatabaseException.ofTemporaryFolder(BootFailure.NOT_WRITABLE, message, error));
    }

    public Path file() {
        return database.file();
    }

    /** Deletes the copy and everything beside it (its lock, side files and snapshots), then the folder. */
    @Override
    public void close() throws IOException {
        temporary.close();
    }
}
