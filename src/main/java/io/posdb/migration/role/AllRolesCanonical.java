package io.posdb.migration.role;

import io.posdb.migration.SqlIdentifiers;
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
 * Proves that every row's role is one of {@code allowedValues} before the CHECK
 * constraint is added; otherwise fails with how many rows do not and (the first) ids.
 */
public class AllRolesCanonical implements CustomPrecondition {

    private static final int IDS_SHOWN = 20;

    private String tableName;
    private String idColumn;
    private String roleColumn;
    private String allowedValues;

    public void setTableName(String value) { tableName = value; }
    public void setIdColumn(String value) { idColumn = value; }
    public void setRoleColumn(String value) { roleColumn = value; }
    public void setAllowedValues(String value) { allowedValues = value; }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        List<String> allowed = allowed();
        try {
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("allowedValues '" + allowedValues + "' names no value");
            }
            // Names cannot be bound: quote() accepts only plain identifiers. Values are bound.
            String role = SqlIdentifiers.quote(roleColumn);
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
                    + roleColumn + " other than " + quoted(allowed) + "; ids: " + String.join(", ", ids)
                    + (count > IDS_SHOWN ? ", ..." : "")
                    + ". Fix or remap them before the constraint can be enforced.");
        } catch (SQLException | IllegalArgumentException e) {
            throw new CustomPreconditionErrorException("Cannot check the " + roleColumn + " values of table "
                    + tableName + ": " + e.getMessage(), e);
        }
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
