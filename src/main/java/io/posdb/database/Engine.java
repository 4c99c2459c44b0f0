package io.posdb.database;

import io.posdb.orm.PosSqliteDialect;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.PostgreSQLDialect;

/** The database engines posdb supports, with their Liquibase dbms name and Hibernate dialect. */
public enum Engine {
    SQLITE("sqlite", PosSqliteDialect.class),
    POSTGRESQL("postgresql", PostgreSQLDialect.class);

    private final String dbms;
    private final Class<? extends Dialect> dialect;

    Engine(String dbms, Class<? extends Dialect> dialect) {
        this.dbms = dbms;
        this.dialect = dialect;
    }

    /** The name changesets use in {@code dbms:}. */
    public String dbms() {
        return dbms;
    }

    public Class<? extends Dialect> dialect() {
        return dialect;
    }
}
