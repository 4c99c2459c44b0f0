package io.posdb.doctor;

import io.posdb.database.Engine;
import io.posdb.database.TillDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An SQLite file opened read-only, for checks that must not change it (the doctor). Read-only alone
 * is not enough in WAL mode: a read-only connection creates the {@code -wal} and {@code -shm} it
 * needs and, unlike a writer, cannot remove them when it closes. A WAL file without either has no
 * connection open on it (every connection keeps its {@code -shm}) and nothing waiting in a log, so
 * it is opened {@code immutable}: SQLite reads the main file alone and creates nothing. A file with
 * a {@code -wal} is opened plainly read-only, so the committed transactions in it are read.
 */
final class ReadOnlySqlite implements TillDatabase {

    private final Path file;
    private final boolean immutable;

    private ReadOnlySqlite(Path file, boolean immutable) {
        this.file = file;
        this.immutable = immutable;
    }

    static ReadOnlySqlite of(Path file) throws IOException {
        boolean noSideFiles = !Files.exists(SideFiles.sibling(file, "-wal"))
                && !Files.exists(SideFiles.sibling(file, "-shm"));
        return new ReadOnlySqlite(file.toAbsolutePath().normalize(), noSideFiles && walMode(file));
    }

    /** The header's read and write versions are 2 in WAL mode (SQLite's file format, offsets 18 and 19). */
    private static boolean walMode(Path file) throws IOException {
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(header, 0, 20) == 20 && header[18] == 2 && header[19] == 2;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public SQLiteDataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(immutable ? "jdbc:sqlite:" + file.toUri() + "?immutable=1" : "jdbc:sqlite:" + file);
        return dataSource;
    }

    @Override
    public Connection open() throws SQLException {
        return dataSource().getConnection();
    }

    @Override
    public String description() {
        return file.toString();
    }

    @Override
    public Engine engine() {
        return Engine.SQLITE;
    }
}
