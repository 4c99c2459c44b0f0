package io.posdb.migration.data;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;

/**
 * The verification after a value migration: every row's {@code column} is one of
 * {@code allowedValues}; otherwise fails (with {@code onFail: HALT}, stops the update) with
 * how many rows are not and (the first) ids, e.g. the values a migration without a
 * fallback left unchanged.
 */
public class AllowedValues implements CustomPrecondition {

    private static final int IDS_SHOWN = 20;

    private String tableName;
    private String idColumn;
    private String column;
    private String allowedValues;

    public void setTableName(String value) { tableName = value; }
    public void setIdColumn(String value) { idColumn = value; }
    public void setColumn(String value) { column = value; }
    public void setAllowedValues(String value) { allowedValues = value; }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        List<String> allowed = allowed();
        try {
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("allowedValues '" + allowedValues + "' names no value");
            }
            // Names cannot be bound: quote() accepts only plain identifiers. Values are bound.
            String role = SqlIdentifiers.quote(column);
            String from = " FROM " + SqlIdentifiers.quote(tableName) + " WHERE " + role + " IS NULL OR " + role
                    + " NOT IN (" + String.join(", ", allowed.stream().map(v -> "?").toList()) + ")";
            Connection connection = SqlIdentifiers.jdbc(database);
            long count = count(connection, "SELECT COUNT(*)" + from, allowed);
            if (count == 0) {
                return;
            }
            List<String> ids = ids(connection, "SELECT " + SqlIdentifiers.quote(idColumn) + from + " ORDER BY 1 LIMIT "
                    + IDS_SHOWN, allowed);
            throw new CustomPreconditionFailedException(count + " row(s) of table " + tableName + " have a "
                    + column + " other than " + quoted(allowed) + NamedRows.describe(ids, count > IDS_SHOWN)
                    + ". " + advice());
        } catch (SQLException | IllegalArgumentException e) {
            throw new CustomPreconditionErrorException("Cannot check the " + column + " values of table "
                    + tableName + ": " + e.getMessage(), e);
        }
    }

    /** What to do about the rows: the message's last sentence. */
    protected String advice() {
        return "Fix those rows (data_migration_audit records the values a migration could not map), then update again.";
    }

    private static long count(Connection connection, String sql, List<String> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> ids(Connection connection, String sql, List<String> values) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private List<String> allowed() {
        return allowedValues == null ? List.of()
                : List.of(allowedValues.split(",")).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** {@code 'admin'/'user'}: how the message names the allowed values. */
    private static String quoted(List<String> values) {
        return String.join("/", values.stream().map(v -> "'" + v + "'").toList());
    }

    private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(i + 1, values.get(i));
        }
    }
}
