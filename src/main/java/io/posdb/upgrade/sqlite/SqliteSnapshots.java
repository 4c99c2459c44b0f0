package io.posdb.upgrade.sqlite;

import io.posdb.database.SqliteDatabase;
import io.posdb.failure.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * Consistent copies of a live database with SQLite's own {@code VACUUM INTO}: it reads
 * one read transaction, so the copy is consistent even while another process writes,
 * and the source is opened read-only, so its file is not touched. The copy has the source's
 * permissions or stricter ({@link PrivateFiles}): it is created empty with them first, and
 * {@code VACUUM INTO} accepts an empty file as its target.
 */
final class SqliteSnapshots {

    private SqliteSnapshots() {
    }

    public static void copy(SqliteDatabase source, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new IOException("Snapshot target " + target + " already exists");
        }
        PrivateFiles.createLike(source.file(), target);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection connection = config.createConnection(source.jdbcUrl());
             PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            Files.deleteIfExists(target);
            throw new IOException("Cannot copy database " + source.file() + " to " + target + ": " + FailureReason.of(e), e);
        }
    }
}
