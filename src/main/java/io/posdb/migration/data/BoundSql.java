package io.posdb.migration.data;

import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** SQL text with its values kept apart, bound in order: values never become SQL text. */
final class BoundSql {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    public BoundSql append(String text, Object... bound) {
        sql.append(text);
        values.addAll(Arrays.asList(bound)); // a value may be null (an audit row of a NULL)
        return this;
    }

    /** {@code placeholder} once per value, comma-separated, each bound to its value: an IN list. */
    public BoundSql appendList(String placeholder, Collection<?> bound) {
        sql.append(String.join(", ", Collections.nCopies(bound.size(), placeholder)));
        values.addAll(bound);
        return this;
    }

    public BoundSql append(BoundSql other) {
        sql.append(other.sql);
        values.addAll(other.values);
        return this;
    }

    public PreparedStatement prepare(Connection connection) throws SQLException {
        return Jdbc.prepare(connection, sql.toString(), values);
    }

    /** Runs this statement; the number of rows it changed. */
    public int update(Connection connection) throws SQLException {
        try (PreparedStatement statement = prepare(connection)) {
            return statement.executeUpdate();
        }
    }

    /** Every row the query returns, each read by {@code row}. */
    public <T> List<T> list(Connection connection, Jdbc.Row<T> row) throws SQLException {
        return Jdbc.rows(connection, sql.toString(), values, row);
    }

    /** The first row's first {@code columns} numbers (0 when there is no row). */
    public long[] longs(Connection connection, int columns) throws SQLException {
        try (PreparedStatement statement = prepare(connection); ResultSet rs = statement.executeQuery()) {
            long[] values = new long[columns];
            if (rs.next()) {
                for (int i = 0; i < columns; i++) {
                    values[i] = rs.getLong(i + 1);
                }
            }
            return values;
        }
    }
}
