package io.posdb.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * JDBC, the one way posdb uses it: values always bound ({@link #prepare}), rows read in order ({@link #rows}), a
 * table's existence, row count and columns, a failed transaction rolled back without losing its error, the
 * connection under Liquibase's wrapper. Names in SQL text are quoted by {@link SqlIdentifiers}.
 */
public final class Jdbc {

    private Jdbc() {
    }

    /** Runs each statement of {@code sql} in turn, none with a value to bind (DDL, PRAGMAs, SQL posdb wrote whole). */
    public static void execute(Connection connection, String... sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** Binds {@code values} to the statement's {@code ?} in order, each as the JDBC type of its Java value. */
    public static void bind(PreparedStatement statement, List<?> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
    }

    /** {@code sql} prepared on {@code connection} with {@code values} bound ({@link #bind}); closed if binding fails. */
    public static PreparedStatement prepare(Connection connection, String sql, List<?> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, values);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Reads one row of a result, where its cursor stands. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row {@code statement} returns, each read by {@code row}, in order. */
    public static <T> List<T> rows(PreparedStatement statement, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(row.read(rs));
            }
        }
        return rows;
    }

    /** Every row {@code sql} returns with {@code values} bound ({@link #prepare}), each read by {@code row}, in order. */
    public static <T> List<T> rows(Connection connection, String sql, List<?> values, Row<T> row) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, values)) {
            return rows(statement, row);
        }
    }

    /**
     * Whether the table exists, through JDBC metadata (works on SQLite and PostgreSQL).
     * The name is a LIKE pattern to JDBC ({@code _} matches any character), so only an
     * exact match counts: {@code user_x} must not be "found" as {@code userAx}.
     */
    public static boolean tableExists(Connection connection, String table) throws SQLException {
        for (String candidate : List.of(table, table.toLowerCase(Locale.ROOT))) {
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

    /** How many rows the table holds (any name: quoted here); a count with a condition writes its own SQL. */
    public static long rowCount(Connection connection, String table) throws SQLException {
        return rows(connection, "SELECT COUNT(*) FROM " + SqlIdentifiers.quoteAny(table), List.of(), rs -> rs.getLong(1))
                .get(0);
    }

    /**
     * The rows written so far on this SQLite connection: SQLite's {@code total_changes()}, which counts each row an
     * INSERT, UPDATE or DELETE wrote (a rebuild's copy included), not a dropped table's rows.
     */
    public static long sqliteRowsWritten(Connection connection) throws SQLException {
        return rows(connection, "SELECT total_changes()", List.of(), rs -> rs.getLong(1)).get(0);
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

    /**
     * The column's default as the engine reports it through JDBC metadata (an SQL expression: {@code 'none'},
     * {@code 0}, {@code CURRENT_TIMESTAMP}); empty when it has none, or there is no such column.
     */
    public static Optional<String> columnDefault(Connection connection, String table, String column)
            throws SQLException {
        try (ResultSet rs = connection.getMetaData().getColumns(null, null, table, "%")) {
            while (rs.next()) {
                // Names are LIKE patterns to JDBC: keep only the table and column themselves.
                if (table.equalsIgnoreCase(rs.getString("TABLE_NAME"))
                        && column.equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
                    return Optional.ofNullable(rs.getString("COLUMN_DEF"));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Rolls back {@code connection}'s transaction after {@code failure}, which stays the error to report: a rollback
     * that fails too (SQLite has ended the transaction itself, on SQLITE_FULL) is added to it, suppressed.
     */
    public static void rollBackAfter(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
        }
    }

    /** The JDBC connection under Liquibase's database wrapper. */
    public static Connection connectionUnder(liquibase.database.Database database) {
        return ((liquibase.database.jvm.JdbcConnection) database.getConnection()).getUnderlyingConnection();
    }
}
