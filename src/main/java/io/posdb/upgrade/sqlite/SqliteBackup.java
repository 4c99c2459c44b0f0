package io.posdb.upgrade.sqlite;

import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.FailureReason;
import io.posdb.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A snapshot-grade copy of a database ({@link SqliteDatabase#backupTo}, SQLite's backup API): written
 * to {@code target + ".partial"} and renamed durably, so {@code target} exists only complete, with
 * the source's permissions ({@link PrivateFiles}): SQLite writes into an empty file made first with
 * them, never into one it creates with the umask.
 */
public final class SqliteBackup {

    private SqliteBackup() {
    }

    /**
     * SQLite syncs the partial copy when the backup commits. A read-only {@code source}
     * ({@link SqliteDatabase#readOnlyAt}) is copied without being touched.
     */
    public static void copy(SqliteDatabase source, Path target) throws IOException {
        Path partial = SideFiles.sibling(target, ".partial");
        Path partialJournal = SideFiles.sibling(partial, SideFiles.JOURNAL);
        try {
            // A crash may have left both: a stale journal beside a new empty file would be rolled into it.
            Files.deleteIfExists(partialJournal);
            Files.deleteIfExists(partial);
            PrivateFiles.createLike(source.file(), partial);
            source.backupTo(partial);
            DurableFiles.rename(partial, target);
        } catch (SQLException | IOException e) {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(partialJournal);
            throw e instanceof IOException io ? io : new IOException("Cannot copy " + source.file() + " to "
                    + target + ": " + FailureReason.of(e), e);
        }
    }
}
