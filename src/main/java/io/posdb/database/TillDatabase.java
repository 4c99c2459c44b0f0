package io.posdb.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A database posdb manages: the till's embedded SQLite file, or a chain's central
 * PostgreSQL server. Everything that only needs JDBC (Liquibase, Hibernate, the records
 * of past migrations) works through this; file-level safety is SQLite's alone.
 */
public interface TillDatabase {

    /** A connection from {@link #dataSource()}, with its settings. */
    default Connection open() throws SQLException {
        return dataSource().getConnection();
    }

    DataSource dataSource();

    /**
     * A data source for a database that exists, for the application's pool, opened after the upgrade made it: an
     * SQLite file's connections never create the file ({@link SqliteDatabase#dataSourceOfTheExistingDatabase}). A
     * server's database is never created by connecting, so it is {@link #dataSource()} itself.
     */
    default DataSource dataSourceOfTheExistingDatabase() {
        return dataSource();
    }

    /**
     * Runs {@code read} on this database as a command that promises to write nothing must see it: on a
     * server, the database itself; an SQLite file is overridden ({@link SqliteDatabase#readFileWithoutWriting}),
     * as opening a read-write connection to it rolls back a hot {@code -journal} and closing one checkpoints a
     * {@code -wal}: both rewrite the shop's folder.
     */
    default <T, E extends Exception> T readWithoutWriting(Read<TillDatabase, T, E> read) throws E {
        return read.from(this);
    }

    /** Work that reads through {@code D} (a database, or a reader of one) and may fail with {@code E}. */
    @FunctionalInterface
    interface Read<D, T, E extends Exception> {
        T from(D database) throws E;
    }

    /** For messages and logs: a file path, or a JDBC URL without credentials. */
    String description();

    Engine engine();
}
