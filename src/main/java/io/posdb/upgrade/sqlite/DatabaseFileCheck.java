package io.posdb.upgrade.sqlite;

import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a file is a whole, writable SQLite database before anything writes to it,
 * so bad input is refused with a clear cause and the file stays byte-identical.
 */
public final class DatabaseFileCheck {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFileCheck.class);

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 100;

    private DatabaseFileCheck() {
    }

    /**
     * Cheap enough for every boot: the header's magic string, and the file size against
     * the page count the header declares (a truncated copy is shorter).
     * <p>
     * Only what SQLite itself cannot read is refused (issue #19). With a {@code -wal} beside the
     * file, the main file's header does not describe the database: a checkpoint copies page 1 (with
     * the new page count) first, so one cut short by a kill or a power cut leaves the main file
     * shorter than its header says while the {@code -wal} still holds every committed page, and
     * SQLite reads the whole database. The size rule then gives way to SQLite's own answer
     * ({@link #askSqlite}). The up-to-date boot of a healthy file never reaches that path.
     */
    public static void checkHeader(Path file) throws PosDatabaseException {
        Optional<String> notAFile = notARegularFile(file);
        if (notAFile.isPresent()) {
            throw unusable(file, notAFile.get());
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                return; // SQLite treats an empty file as an empty database
            }
            byte[] header;
            try (InputStream in = Files.newInputStream(file)) {
                header = in.readNBytes(HEADER_SIZE);
            }
            if (!startsAsSqlite(header)) {
                throw unusable(file, "it is not an SQLite database (no SQLite header)");
            }
            if (header.length < HEADER_SIZE) {
                throw unusable(file, "it is truncated (" + size + " bytes, shorter than the SQLite header)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(header);
            int rawPageSize = Short.toUnsignedInt(buffer.getShort(16));
            long pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
            long pageCount = Integer.toUnsignedLong(buffer.getInt(28));
            boolean pageCountValid = buffer.getInt(24) == buffer.getInt(92);
            if (pageSize < 512 || Long.bitCount(pageSize) != 1) {
                throw unusable(file, "its header is corrupt (page size " + rawPageSize + ")");
            }
            if (pageCountValid && pageCount > 0 && size < pageCount * pageSize) {
                if (hasWal(file)) {
                    askSqlite(file, size, pageCount, pageSize, SideFiles.WAL);
                    return;
                }
                // DELETE mode, a transaction cut while SQLite wrote its pages: page 1 (with the new page
                // count) is written first, so the file can be shorter than its header says, and the
                // -journal holds page 1 as it was; SQLite rolls it back before it reads anything.
                if (SideFiles.journalHoldsATransaction(file)) {
                    askSqlite(file, size, pageCount, pageSize, SideFiles.JOURNAL);
                    return;
                }
                throw unusable(file, "it is truncated (" + size + " bytes, its header declares " + pageCount
                        + " pages of " + pageSize + " bytes)");
            }
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot read database " + file + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * Whether {@code file} is some other file than an SQLite database: not empty, and without the magic string
     * every SQLite database starts with (a text file, another program's file), where a truncated or damaged
     * database keeps it. Such a file is most likely the wrong path, not a shop to restore.
     */
    public static boolean isNotSqlite(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(MAGIC.length);
            return start.length > 0 && !startsAsSqlite(start);
        }
    }

    private static boolean startsAsSqlite(byte[] header) {
        return header.length >= MAGIC.length && Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static boolean hasWal(Path file) throws IOException {
        Path wal = SideFiles.sibling(file, SideFiles.WAL);
        return Files.isRegularFile(wal) && Files.size(wal) > 0;
    }

    /**
     * The main file is shorter than its header says and a {@code -wal} or a hot {@code -journal}
     * ({@code sideFile}) is beside it: SQLite decides. With a {@code -wal} it opens the file read-only
     * (nothing is checkpointed or written to the main file) and replays the WAL; with a hot journal it
     * rolls the journal back in a private copy ({@link SqliteDatabase#readFileWithoutWriting}: the read-only
     * commands run this check, and a boot rolls it back in the file itself once the checks pass). Then {@code PRAGMA
     * quick_check}: a file SQLite reads and whose check passes is used as it is (with a {@code -wal},
     * its next connection completes the checkpoint), anything else is refused with SQLite's words.
     */
    private static void askSqlite(Path file, long size, long pageCount, long pageSize, String sideFile)
            throws PosDatabaseException {
        String state = size + " bytes, its header declares " + pageCount + " pages of " + pageSize
                + " bytes, and a " + sideFile + " is beside it";
        // Read as the read-only commands read (they run this check): no -shm left, the journal not rolled back here.
        String problems;
        try {
            problems = SqliteDatabase.at(file).readFileWithoutWriting(readable -> {
                try (Connection connection = readable.open(); Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("PRAGMA quick_check(5)")) {
                    return problems(rs);
                } catch (SQLException e) {
                    // A folder SQLite cannot write the -shm or roll the journal back in is not a damaged file.
                    throw new PosDatabaseException(DatabaseFailures.placeFailure(e).orElse(BootFailure.UNUSABLE_DATABASE),
                            "Database " + file + " cannot be used: SQLite cannot read it with its " + sideFile + " (" + state + "): " + FailureReason.of(e), e);
                }
            });
        } catch (CannotReadWithoutWriting e) {
            throw DatabaseFailures.of(SqliteDatabase.at(file), e);
        }
        if (!problems.isEmpty()) {
            throw unusable(file, "SQLite reads it with its " + sideFile + ", but PRAGMA quick_check failed (" + state
                    + "): " + problems);
        }
        if (sideFile.equals(SideFiles.WAL)) {
            log.warn("Database {}: the main file is shorter than its header says, and its -wal holds the rest "
                    + "(a checkpoint was cut short, e.g. by a power cut); SQLite reads it whole and quick_check "
                    + "passed, so it is used as it is", file);
        } else {
            log.warn("Database {}: the main file was shorter than its header said, with a -journal beside it (a "
                    + "transaction cut short, e.g. by a power cut); SQLite reads it with the transaction rolled back "
                    + "and quick_check passed, so it is used as it is", file);
        }
    }

    /**
     * The file, the {@code -wal} and {@code -shm} beside it if there are any, and its folder must be writable
     * (SQLite writes its journal next to the file). A side file this user cannot write (left by another user's
     * program, or by a read-only connection that could not remove it) makes SQLite's first write fail with
     * SQLITE_READONLY, after the snapshot: it is refused here, before anything is written.
     */
    public static void checkWritable(Path file) throws PosDatabaseException {
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // Opening for writing proves the permission without changing a byte.
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Database " + file + " is read-only: " + FailureReason.of(e), e);
        }
        for (String suffix : List.of(SideFiles.WAL, SideFiles.SHM)) {
            Path sideFile = SideFiles.sibling(file, suffix);
            if (!Files.exists(sideFile, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (FileChannel ignored = FileChannel.open(sideFile, StandardOpenOption.WRITE)) {
                // As for the file: the permission proved, not a byte changed.
            } catch (IOException e) {
                throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Database " + file + " cannot be written: "
                        + "the " + suffix + " beside it, " + sideFile + ", is read-only for this user ("
                        + System.getProperty("user.name") + "): " + FailureReason.of(e), e);
            }
        }
        Path folder = file.toAbsolutePath().getParent();
        try {
            Path probe = Files.createTempFile(folder, ".posdb-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Folder " + folder
                    + " of the database is read-only (SQLite needs to write its journal there): " + FailureReason.of(e), e);
        }
    }

    /**
     * SQLite's full consistency check: run before an upgrade, never on a damaged file. It reads without writing
     * ({@link SqliteDatabase#readFileWithoutWriting}): a read-write connection's close would checkpoint a damaged
     * WAL file's {@code -wal} into it and delete the {@code -wal}, the evidence (and the sales) the operator is
     * then told to copy before anything else.
     */
    public static void checkIntegrity(SqliteDatabase database) throws PosDatabaseException {
        try {
            String problems = database.readFileWithoutWriting(file -> {
                try (Connection connection = file.open(); Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("PRAGMA integrity_check(5)")) {
                    return problems(rs);
                }
            });
            if (!problems.isEmpty()) {
                throw unusable(database.file(), "PRAGMA integrity_check failed: " + problems);
            }
        } catch (SQLException e) {
            // A full disk (the -shm a WAL file is read through cannot grow), a read-only place or another program's
            // lock is the place's failure, said as every command says it, not a damaged file.
            if (DatabaseFailures.placeFailure(e).isPresent()) {
                throw DatabaseFailures.of(database, e);
            }
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Database " + database.file()
                    + " cannot be used: it is corrupt or not an SQLite database (" + FailureReason.of(e) + ")", e);
        }
    }

    /** The rows of an integrity or quick check that are not "ok", joined; empty when it passed (the doctor's too). */
    public static String problems(ResultSet rs) throws SQLException {
        StringBuilder problems = new StringBuilder();
        while (rs.next()) {
            if (!"ok".equals(rs.getString(1))) {
                problems.append(problems.length() == 0 ? "" : "; ").append(rs.getString(1));
            }
        }
        return problems.toString();
    }

    /**
     * Why {@code file}, which exists, is no database file: a folder, or a device or a pipe ({@code /dev/null} reads
     * as an empty database and would be "upgraded" into nothing; reading a pipe waits for a writer for ever). Empty
     * for a regular file (a symbolic link is followed, as SQLite follows it).
     */
    public static Optional<String> notARegularFile(Path file) {
        if (Files.isDirectory(file)) {
            return Optional.of("it is a folder, not a database file: name the database file itself"
                    + BootFailure.DATABASE_FILE_SETTING);
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return Optional.of("it is not a regular file (a device or a pipe), not a database file");
        }
        return Optional.empty();
    }

    private static PosDatabaseException unusable(Path file, String why) {
        return new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Database " + file + " cannot be used: " + why);
    }
}
