package io.posdb.testsupport;

import java.util.List;

/**
 * Objects the entities do not map, as people make them by hand on a till's file or a server:
 * a reporting view and a table of their own; with the words drift reports them in.
 */
public final class UnmappedObjects {

    /** A reporting view; on SQLite its computed columns have no declared type. */
    public static final String REPORTING_VIEW =
            "CREATE VIEW daily AS SELECT date(created_at) AS d, count(*) AS n FROM sale GROUP BY 1";
    /** A table whose columns have no declared type (SQLite only: PostgreSQL requires one). */
    public static final String UNTYPED_TABLE = "CREATE TABLE notes(a, b)";
    /** The same table on PostgreSQL, where every column has a type. */
    public static final String TYPED_TABLE = "CREATE TABLE notes(a text, b integer)";
    /** What drift reports for the view and the table, in its order. */
    public static final List<String> NOT_OWNED =
            List.of("table notes is not in the changelog", "view daily is not in the changelog");

    private UnmappedObjects() {
    }
}
