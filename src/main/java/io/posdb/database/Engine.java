package io.posdb.database;

/**
 * The database engines posdb supports, with their Liquibase dbms name and Hibernate dialect.
 * The dialect is named, not referenced, so the connection layer does not depend on the ORM.
 */
public enum Engine {
    SQLITE("sqlite", "io.posdb.orm.PosSqliteDialect"),
    POSTGRESQL("postgresql", "org.hibernate.dialect.PostgreSQLDialect");

    private final String dbms;
    private final String dialect;

    Engine(String dbms, String dialect) {
        this.dbms = dbms;
        this.dialect = dialect;
    }

    /** The name changesets use in {@code dbms:}. */
    public String dbms() {
        return dbms;
    }

    /** The Hibernate dialect's class name, for {@code hibernate.dialect}. */
    public String dialectClassName() {
        return dialect;
    }
}
