package io.posdb.migration.data;

import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;

/**
 * Before a unique index ({@code onFail: HALT}): the {@code columns} of {@code tableName}
 * hold no duplicate values (NULLs aside, as a unique index allows them); otherwise fails
 * naming the duplicated values and how often each occurs, so a person can fix them first.
 */
public class DistinctValues implements CustomPrecondition {

    private String tableName;
    private String columns;

    public void setTableName(String value) { tableName = value; }
    public void setColumns(String value) { columns = value; }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        try {
            Connection connection = Jdbc.connectionUnder(database);
            GuardedTable.require(connection, tableName, "the " + columns + " values of table " + tableName
                    + " for duplicates", "the table the unique index is on");
            List<String> quoted = List.of(columns.split(",")).stream().map(String::trim).map(SqlIdentifiers::quote).toList();
            String value = String.join(" || '|' || ", quoted.stream().map(c -> "CAST(" + c + " AS VARCHAR)").toList());
            NamedRows.Found duplicates = NamedRows.Found.by(connection, new BoundSql().append("SELECT '''' || " + value
                    + " || ''' (' || COUNT(*) || ' rows)' FROM " + SqlIdentifiers.quote(tableName) + " WHERE "
                    + String.join(" AND ", quoted.stream().map(c -> c + " IS NOT NULL").toList()) + " GROUP BY "
                    + String.join(", ", quoted) + " HAVING COUNT(*) > 1 ORDER BY " + value));
            if (duplicates.count() > 0) {
                throw new CustomPreconditionFailedException(duplicates.count() + " duplicated value(s) of " + tableName
                        + " (" + columns + ") prevent the unique index: " + duplicates.listed()
                        + ". Make them unique, then update again.");
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw new CustomPreconditionErrorException("Cannot check the " + columns + " values of table " + tableName
                    + " for duplicates: " + e.getMessage(), e);
        }
    }

}
