package io.posdb.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The database engines posdb supports, with their Liquibase dbms name and Hibernate dialect.
 * The dialect is named, not referenced, so the connection layer does not depend on the ORM.
 */
public enum Engine {
    SQLITE("sqlite", "io.posdb.orm.PosSqliteDialect"),
    POSTGRESQL("postgresql", "io.posdb.orm.PosPostgresDialect");

    private final String dbms;
    private final String dialect;

    Engine(String dbms, String dialect) {
        this.dbms = dbms;
        this.dialect = dialect;
    }

    /** The engine Liquibase names {@code dbms} (its database's short name), which posdb supports. */
    public static Engine ofDbms(String dbms) {
        return Arrays.stream(values()).filter(engine -> engine.dbms.equals(dbms)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("posdb does not run on " + dbms));
    }

    /**
     * The engine behind {@code connection}, told by the product name its driver reports (JDBC's
     * {@code DatabaseMetaData}), as Liquibase tells which database it is on: "SQLite" and "PostgreSQL" are its
     * {@code dbms} names, case aside. The one way posdb asks a connection which engine it is on.
     */
    public static Engine of(Connection connection) throws SQLException {
        return ofDbms(connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT));
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
