package io.posdb.upgrade.sqlite;

import io.posdb.database.SqliteDatabase;
import io.posdb.failure.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

/**
 * A consistent copy of a database through SQLite's online backup API (issue #10): SQLite
 * reads the pages as one read transaction sees them, so the copy holds every committed
 * transaction, including those that are only in the {@code -wal} file (a hot WAL left by a
 * power cut, or one a reader keeps from being checkpointed). A byte copy of the main file
 * misses those. The copy keeps the source's journal mode: a WAL file's copy is a WAL file,
 * and the source's permissions ({@link PrivateFiles}): SQLite writes into an empty file made
 * first with them, never into one it creates with the umask.
 */
final class SqliteBackup {

    /** Copy every page in one step: the source's read lock is held once, from first page to last. */
    private static final int ALL_PAGES = -1;
    private static final int BUSY_SLEEP_MILLIS = 100;
    private static final int BUSY_RETRIES = 3;

    private SqliteBackup() {
    }

    /**
     * Writes the copy to {@code target + ".partial"}, which SQLite syncs when the backup
     * commits, then renames it to {@code target} durably: {@code target} exists only complete.
     */
    static void copy(SqliteDatabase source, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Path partialJournal = partial.resolveSibling(partial.getFileName() + "-journal");
        try (Connection connection = source.open()) {
            backup(connection, source.file(), partial, partialJournal);
            DurableFiles.rename(partial, target);
        } catch (SQLException | IOException e) {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(partialJournal);
            throw e instanceof IOException io ? io : new IOException("Cannot copy " + source.file() + " to "
                    + target + ": " + FailureReason.of(e), e);
        }
    }

    private static void backup(Connection connection, Path database, Path partial, Path partialJournal)
            throws SQLException, IOException {
        // A crash may have left both: a stale journal beside a new empty file would be rolled into it.
        Files.deleteIfExists(partialJournal);
        Files.deleteIfExists(partial);
        PrivateFiles.createLike(database, partial);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // A read transaction first: the backup then copies exactly what it sees.
            statement.executeQuery("SELECT COUNT(*) FROM sqlite_master").close();
            int rc = connection.unwrap(SQLiteConnection.class).getDatabase().backup("main",
                    partial.toString(), null, BUSY_SLEEP_MILLIS, BUSY_RETRIES, ALL_PAGES);
            if (rc != SQLiteErrorCode.SQLITE_OK.code) {
                throw new IOException("SQLite's backup of the database to " + partial + " failed with "
                        + SQLiteErrorCode.getErrorCode(rc));
            }
        } finally {
            connection.rollback();
        }
    }
}
