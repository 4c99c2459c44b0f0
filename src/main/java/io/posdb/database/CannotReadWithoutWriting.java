package io.posdb.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A file with a hot {@code -journal} could not be read without writing to it: the private copy to roll the
 * journal back in ({@link RolledBackCopy}) could not be made, or SQLite could not roll it back there. The
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
}
