package io.posdb.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A file with a hot {@code -journal} could not be read without writing to it: the private copy to roll the
 * journal back in ({@link RolledBackCopy}) could not be made, or SQLite could not roll it back there; or a WAL
 * file read immutable changed during every read ({@link #keptChanging}, LOCKED, as when SQLite is kept busy). The
 * read that writes nothing ({@link SqliteDatabase#readFileWithoutWriting}) throws this rather than let SQLite
 * roll the journal back in the shop's own file: the shop is left as it was found. Unchecked, as the read's
 * own exception type is its caller's; {@code io.posdb.failure.DatabaseFailures} gives it a kind: SQLite's
 * error on the copy when there is one (a damaged journal: the file's), else the temporary folder's
 * (NOT_WRITABLE, exit 7).
 */
public final class CannotReadWithoutWriting extends UncheckedIOException {

    CannotReadWithoutWriting(Path file, IOException cause) {
        super("Cannot read " + file + " without writing to it: its -journal holds a transaction not committed, which "
                + "SQLite rolls back before anyone reads the file, and it could not be rolled back in a private copy "
                + "(the shop's file is left as it was): " + cause.getMessage(), cause);
    }

    private CannotReadWithoutWriting(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * A WAL file without a {@code -wal}, read immutable (no lock, nothing created beside it), that a program wrote
     * to during each of {@code reads} reads: in SQLite's words busy (its cause), as when a writer outlasts the
     * busy timeout.
     */
    static CannotReadWithoutWriting keptChanging(Path file, int reads) {
        String why = file + " changed during each of " + reads + " reads (a program opened it, wrote to it and "
                + "closed it again each time)";
        return new CannotReadWithoutWriting("Cannot read " + file + " without writing beside it: " + why,
                new IOException(why, new SQLiteException(why, SQLiteErrorCode.SQLITE_BUSY)));
    }
}
