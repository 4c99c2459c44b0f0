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

    /** For messages and logs: a file path, or a JDBC URL without credentials. */
    String description();

    Engine engine();
}
