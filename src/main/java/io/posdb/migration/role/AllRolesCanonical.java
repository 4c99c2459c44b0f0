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
        String where = " WHERE " + SqlIdentifiers.quote(roleColumn) + " IS NULL OR " + SqlIdentifiers.quote(roleColumn)
                + " NOT IN (" + String.join(", ", allowed.stream().map(v -> "?").toList()) + ")";
        String table = SqlIdentifiers.quote(tableName);
        try {
            Connection connection = SqlIdentifiers.jdbc(database);
            long count;
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table + where)) {
                bind(statement, allowed);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            if (count == 0) {
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + SqlIdentifiers.quote(idColumn)
                    + " FROM " + table + where + " ORDER BY 1 LIMIT " + IDS_SHOWN)) {
                bind(statement, allowed);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            throw new CustomPreconditionFailedException(count + " row(s) of table " + tableName + " have a "
                    + roleColumn + " other than " + allowed + "; ids: " + String.join(", ", ids)
                    + (count > IDS_SHOWN ? ", ..." : "")
                    + ". Fix or remap them before the constraint can be enforced.");
        } catch (SQLException | IllegalArgumentException e) {
            throw new CustomPreconditionErrorException("Cannot check the roles of table " + tableName + ": "
                    + e.getMessage(), e);
        }
    }

    private List<String> allowed() {
        return allowedValues == null ? List.of()
                : List.of(allowedValues.split(",")).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(i + 1, values.get(i));
        }
    }
}
