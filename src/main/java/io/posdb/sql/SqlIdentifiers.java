package io.posdb.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Table and column names that come from changelog parameters. Values are always bound;
 * names cannot be, so they must be plain identifiers of existing objects, and are quoted.
 */
public final class SqlIdentifiers {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SqlIdentifiers() {
    }

    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches();
    }

    /** A plain identifier, double-quoted for SQL. */
    public static String quote(String name) {
        if (!isPlain(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier");
        }
        return '"' + name + '"';
    }

    /**
     * Whether the table exists, through JDBC metadata (works on SQLite and PostgreSQL).
     * The name is a LIKE pattern to JDBC ({@code _} matches any character), so only an
     * exact match counts: {@code user_x} must not be "found" as {@code userAx}.
     */
    public static boolean tableExists(Connection connection, String table) throws SQLException {
        for (String candidate : List.of(table, table.toLowerCase(java.util.Locale.ROOT))) {
            try (ResultSet rs = connection.getMetaData().getTables(null, null, candidate, new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (table.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The table's column names in order, through JDBC metadata. */
    public static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, null, table, "%")) {
            while (rs.next()) {
                // The table name is a LIKE pattern to JDBC: keep only the table itself.
                if (table.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return columns;
    }

    /** The JDBC connection under Liquibase's database wrapper. */
    public static Connection jdbc(liquibase.database.Database database) {
        return ((liquibase.database.jvm.JdbcConnection) database.getConnection()).getUnderlyingConnection();
    }
}
