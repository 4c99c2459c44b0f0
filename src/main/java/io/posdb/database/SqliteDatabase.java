package io.posdb.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The till's SQLite file and how every part of posdb connects to it: Liquibase,
 * Hibernate and the CLI all get connections with the same settings from here.
 */
public final class SqliteDatabase implements TillDatabase {

    /** How long a connection waits for another writer before SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    /**
     * Timestamps are text in the form SQLite's CURRENT_TIMESTAMP and the legacy backend
     * write ({@code 2024-03-01 08:00:00}); sqlite-jdbc's default would store epoch
     * milliseconds, mixing two representations in one column.
     */
    static final String TIMESTAMP_TEXT_FORMAT = "yyyy-MM-dd HH:mm:ss";

    private final Path file;

    private SqliteDatabase(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public static SqliteDatabase at(Path file) {
        return new SqliteDatabase(file);
    }

    public Path file() {
        return file;
    }

    public String jdbcUrl() {
        return "jdbc:sqlite:" + file;
    }

    /** Creates the folder that will hold the database file, if it is missing. */
    public void createParentFolder() throws IOException {
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /**
     * A data source for this file. Foreign keys are enforced on every connection, as the
     * till runs with them; migrations that rebuild a table must therefore cope with them.
     */
    @Override
    public SQLiteDataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setDateClass(SQLiteConfig.DateClass.TEXT.getValue());
        config.setDateStringFormat(TIMESTAMP_TEXT_FORMAT);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(jdbcUrl());
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

    @Override
    public String toString() {
        return file.toString();
    }
}
