package io.posdb.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

    public static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The table's column names in order (SQLite's table_info; the name was checked to be plain). */
    public static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
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
