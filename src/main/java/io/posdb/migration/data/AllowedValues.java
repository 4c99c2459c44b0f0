package io.posdb.migration.data;

import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.SQLException;
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
            NamedRows.Found found = NamedRows.Found.by(Jdbc.connectionUnder(database), new BoundSql()
                    .append("SELECT " + SqlIdentifiers.quote(idColumn) + " FROM " + SqlIdentifiers.quote(tableName)
                            + " WHERE " + role + " IS NULL OR " + role + " NOT IN (").appendList("?", allowed)
                    .append(") ORDER BY 1"));
            if (found.count() > 0) {
                throw new CustomPreconditionFailedException(found.count() + " row(s) of table " + tableName
                        + " have a " + column + " other than " + quoted(allowed) + found.ids() + ". " + advice());
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw new CustomPreconditionErrorException("Cannot check the " + column + " values of table "
                    + tableName + ": " + e.getMessage(), e);
        }
    }

    /** What to do about the rows: the message's last sentence. */
    protected String advice() {
        return "Fix those rows (data_migration_audit records the values a migration could not map), then update again.";
    }

    private List<String> allowed() {
        return allowedValues == null ? List.of()
                : List.of(allowedValues.split(",")).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** {@code 'admin'/'user'}: how the message names the allowed values. */
    private static String quoted(List<String> values) {
        return String.join("/", values.stream().map(v -> "'" + v + "'").toList());
    }
}
