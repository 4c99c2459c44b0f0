package io.posdb.migration.role;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL text with its values kept apart, bound in order: values never become SQL text. */
final class BoundSql {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    BoundSql append(String text, Object... bound) {
        sql.append(text);
        values.addAll(List.of(bound));
        return this;
    }

    BoundSql append(BoundSql other) {
        sql.append(other.sql);
        values.addAll(other.values);
        return this;
    }

    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
