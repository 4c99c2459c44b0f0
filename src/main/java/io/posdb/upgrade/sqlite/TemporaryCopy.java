package io.posdb.upgrade.sqlite;

import io.posdb.database.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway consistent copy of a shop's database ({@link SqliteBackup}, from a read-only
 * handle: the original is not touched), for work that
 * must not touch the original (a rehearsal, update-sql's preview). It lives alone in a new
 * temporary folder that only the owner can enter ({@code 0700}), and the copy, with whatever
 * is made beside it (its lock, its side files, a snapshot an upgrade of it takes), has the
 * original's permissions or stricter ({@link PrivateFiles}). Closing deletes the folder.
 */
public record TemporaryCopy(Path folder, SqliteDatabase database) implements AutoCloseable {

    /** Copies {@code original} into a new private folder named {@code prefix...}; the copy keeps its file name. */
    public static TemporaryCopy of(SqliteDatabase original, String prefix) throws IOException {
        Path folder = PrivateFiles.createTempFolder(prefix);
        Path file = folder.resolve(original.file().getFileName());
        try {
            SqliteBackup.copy(SqliteDatabase.readOnlyAt(original.file()), file);
        } catch (IOException | RuntimeException e) {
            deleteFolder(folder, e);
            throw e;
        }
        return new TemporaryCopy(folder, SqliteDatabase.at(file));
    }

    public Path file() {
        return database.file();
    }

    /** Deletes the copy and everything beside it (its lock, side files and snapshots), then the folder. */
    @Override
    public void close() throws IOException {
        deleteFolder(folder, null);
    }

    private static void deleteFolder(Path folder, Exception pending) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            if (pending == null) {
                throw e;
            }
            pending.addSuppressed(e); // the copy's own failure is the one to report
        }
    }
}
