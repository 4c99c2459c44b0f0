package io.posdb.upgrade.sqlite;

import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Checks that a file is a whole, writable SQLite database before anything writes to it,
 * so bad input is refused with a clear cause and the file stays byte-identical.
 */
public final class DatabaseFileCheck {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 100;

    private DatabaseFileCheck() {
    }

    /**
     * Cheap enough for every boot: the header's magic string, and the file size against
     * the page count the header declares (a truncated copy is shorter).
     */
    public static void checkHeader(Path file) throws BootException {
        try {
            long size = Files.size(file);
            if (size == 0) {
                return; // SQLite treats an empty file as an empty database
            }
            byte[] header = new byte[HEADER_SIZE];
            int read;
            try (InputStream in = Files.newInputStream(file)) {
                read = in.readNBytes(header, 0, HEADER_SIZE);
            }
            if (read < MAGIC.length || !java.util.Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw unusable(file, "it is not an SQLite database (no SQLite header)");
            }
            if (read < HEADER_SIZE) {
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
                throw unusable(file, "it is truncated (" + size + " bytes, its header declares " + pageCount
                        + " pages of " + pageSize + " bytes)");
            }
        } catch (IOException e) {
            throw new BootException(BootFailure.UNUSABLE_DATABASE, "Cannot read database " + file + ": " + FailureReason.of(e), e);
        }
    }

    /** The file and its folder must be writable (SQLite writes its journal next to the file). */
    public static void checkWritable(Path file) throws BootException {
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // Opening for writing proves the permission without changing a byte.
        } catch (IOException e) {
            throw new BootException(BootFailure.NOT_WRITABLE, "Database " + file + " is read-only: " + FailureReason.of(e), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        try {
            Path probe = Files.createTempFile(folder, ".posdb-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new BootException(BootFailure.NOT_WRITABLE, "Folder " + folder
                    + " of the database is read-only (SQLite needs to write its journal there): " + FailureReason.of(e), e);
        }
    }

    /** SQLite's full consistency check: run before an upgrade, never on a damaged file. */
    public static void checkIntegrity(SqliteDatabase database) throws BootException {
        try (Connection connection = database.open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA integrity_check(5)")) {
            StringBuilder problems = new StringBuilder();
            while (rs.next()) {
                if (!"ok".equals(rs.getString(1))) {
                    problems.append(problems.length() == 0 ? "" : "; ").append(rs.getString(1));
                }
            }
            if (problems.length() > 0) {
                throw unusable(database.file(), "PRAGMA integrity_check failed: " + problems);
            }
        } catch (SQLException e) {
            throw new BootException(BootFailure.UNUSABLE_DATABASE, "Database " + database.file()
                    + " cannot be used: it is corrupt or not an SQLite database (" + FailureReason.of(e) + ")", e);
        }
    }

    private static BootException unusable(Path file, String why) {
        return new BootException(BootFailure.UNUSABLE_DATABASE, "Database " + file + " cannot be used: " + why);
    }
}
